import { isIP } from 'node:net';
import { z } from 'zod';
import { trustProxySchema } from './trust-proxy';

/** Values that only ever belong on a developer's machine; production refuses to start with them. */
export const DEVELOPMENT_SECRETS = {
  JWT_SECRET: 'tandem-development-jwt-secret-change-me-0000000000',
  PII_ENCRYPTION_KEY: 'dev1:ZGV2ZWxvcG1lbnQta2V5LWRvLW5vdC11c2UtMDAwMDA=',
  BLIND_INDEX_KEY: 'tandem-development-blind-index-key-0000000000',
  BOOTSTRAP_ADMIN_PASSWORD: 'ChangeMe-Admin-2026!',
  AUDIT_HASH_KEY: 'tandem-development-audit-chain-key-000000000000',
  TIP_CODE_KEY: 'tandem-development-tip-code-key-00000000000000000',
  TIP_CHALLENGE_KEY: 'tandem-development-tip-challenge-key-000000000000',
} as const;

const port = z.coerce.number().int().min(1).max(65535);
const positiveSeconds = z.coerce.number().int().min(1);
const boolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

/** A keyring: `id:base64key[,id:base64key...]`; the first key encrypts, every key decrypts. */
const keyring = z.string().default(DEVELOPMENT_SECRETS.PII_ENCRYPTION_KEY).transform((value, ctx) => {
  const keys = value.split(',').map((part) => part.trim()).filter(Boolean);
  const parsed: { id: string; key: Buffer }[] = [];
  for (const entry of keys) {
    const [id, material] = entry.split(':');
    const key = material ? Buffer.from(material, 'base64') : Buffer.alloc(0);
    if (!id || !/^[A-Za-z0-9_-]{1,16}$/.test(id) || key.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be id:base64 entries, each key exactly 32 bytes' });
      return z.NEVER;
    }
    if (parsed.some((existing) => existing.id === id)) {
      ctx.addIssue({ code: 'custom', message: `key id "${id}" appears twice` });
      return z.NEVER;
    }
    parsed.push({ id, key });
  }
  if (parsed.length === 0) {
    ctx.addIssue({ code: 'custom', message: 'must hold at least one key' });
    return z.NEVER;
  }
  return parsed;
});

/**
 * Webhook hosts exempt from the public-address rule, as a URL writes them (lower case, no
 * brackets, no final dot): a test's or a developer's receiver on this machine.
 */
const webhookAllowHosts = z.string().default('').transform((value, ctx) => {
  const hosts = value.split(',').map((entry) => entry.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '')).filter(Boolean);
  const name = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;
  if (hosts.some((host) => !isIP(host) && !name.test(host))) {
    ctx.addIssue({ code: 'custom', message: 'must be comma-separated host names or IP addresses, without scheme or port' });
    return z.NEVER;
  }
  return hosts;
});

/**
 * A comma-separated list of names from `allowed` (empty: none). The vocabulary lives in the authz lib,
 * which the platform does not import: the names are repeated here and a test holds them together.
 */
const nameList = (allowed: readonly string[], what: string, byDefault: string) =>
  z.string().default(byDefault).transform((value, ctx) => {
    const names = value.split(',').map((entry) => entry.trim().toUpperCase()).filter((entry) => entry && entry !== 'NONE');
    const unknown = names.filter((name) => !allowed.includes(name));
    if (unknown.length > 0) {
      ctx.addIssue({ code: 'custom', message: `names unknown ${what} ${unknown.join(', ')} (known: ${allowed.join(', ')}, or NONE)` });
      return z.NEVER;
    }
    return [...new Set(names)];
  });
export const CONFIG_ROLES = ['STAFF', 'SUPERVISOR', 'AGENCY_ADMIN', 'AUDITOR', 'SYSTEM_ADMIN'] as const;
export const CONFIG_AGENCY_TYPES = ['CHILD_WELFARE', 'LAW_ENFORCEMENT', 'SHELTER', 'COUNSELING', 'MEDICAL', 'ADVOCACY', 'PROSECUTION'] as const;

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: port.default(3000),
    HOST: z.string().min(1).default('0.0.0.0'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
      .default('postgres://postgres@127.0.0.1:5432/tandem'),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
    REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').default('redis://127.0.0.1:6379'),
    QUEUE_PREFIX: z.string().regex(/^[a-z0-9:_-]+$/i).default('tandem'),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.JWT_SECRET),
    JWT_ACCESS_TTL_SECONDS: positiveSeconds.max(3600).default(900),
    REFRESH_TOKEN_TTL_SECONDS: positiveSeconds.default(30 * 24 * 3600),
    // The built web console the API serves at `/` (relative to the working directory); absent, `/` says how to build it.
    CONSOLE_DIR: z.string().min(1).default('apps/console/dist'),
    // A session unused this long is locked: its refresh token stops working (CJIS: at most 30 minutes).
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    // However active, a session ends this long after its sign-in (NIST SP 800-63B: 12 hours at AAL2).
    SESSION_MAX_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
    PII_ENCRYPTION_KEY: keyring,
    BLIND_INDEX_KEY: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.BLIND_INDEX_KEY),
    BOOTSTRAP_ADMIN_EMAIL: z.string().email('must be an email address').optional(),
    BOOTSTRAP_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
    TRUST_PROXY: trustProxySchema,
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:3000')
      .transform((value) => value.split(',').map((origin) => origin.trim()).filter(Boolean)),
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
    GRAPHQL_MAX_COST: z.coerce.number().int().min(10).default(5000),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).max(1000).default(30),
    GRAPHQL_INTROSPECTION: boolean.optional(),
    SUBSCRIPTION_SESSION_CHECK_SECONDS: z.coerce.number().int().min(1).max(300).default(5),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    LOGIN_LOCK_SECONDS: positiveSeconds.default(15 * 60),
    PASSWORD_MIN_LENGTH: z.coerce.number().int().min(8, 'must be at least 8').max(128).default(12),
    // argon2id cost: memory in KiB, passes, lanes (OWASP's minimum is 19456 KiB, 2 passes, 1 lane).
    PASSWORD_HASH_MEMORY_KIB: z.coerce.number().int().min(1024).max(4 * 1024 * 1024).optional(),
    PASSWORD_HASH_TIME_COST: z.coerce.number().int().min(1).max(20).default(2),
    PASSWORD_HASH_PARALLELISM: z.coerce.number().int().min(1).max(16).default(1),
    MFA_REQUIRED_ROLES: nameList(CONFIG_ROLES, 'roles', 'SUPERVISOR,AGENCY_ADMIN,AUDITOR,SYSTEM_ADMIN'),
    MFA_REQUIRED_AGENCY_TYPES: nameList(CONFIG_AGENCY_TYPES, 'agency types', 'LAW_ENFORCEMENT,PROSECUTION'),
    MFA_CHALLENGE_SECONDS: z.coerce.number().int().min(30).max(900).default(300),
    MFA_ISSUER: z.string().min(1).max(40).regex(/^[^:]+$/, 'must not contain a colon').default('Tandem'),
    RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
    LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(30),
    PUBLIC_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60),
    /** The key of the follow-up codes' and the tip places' keyed hashes. */
    TIP_CODE_KEY: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.TIP_CODE_KEY),
    /** The HMAC key that signs the tip form's proof-of-work challenges (ALTCHA). */
    TIP_CHALLENGE_KEY: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.TIP_CHALLENGE_KEY),
    /** The largest number a challenge's answer may be: the work a tip costs its sender (about half of it on average). */
    TIP_CHALLENGE_MAX_NUMBER: z.coerce.number().int().min(10).max(10_000_000).default(100_000),
    TIP_CHALLENGE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(20),
    /** Tips and follow-ups a sender may make in an hour, counted under a salted hash of their address that rotates daily. */
    TIP_RATE_LIMIT_PER_HOUR: z.coerce.number().int().min(1).default(10),
    CAPACITY_STALE_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
    CAPACITY_STALE_SCAN_EVERY_MS: z.coerce.number().int().min(1000).default(300_000),
    STATISTICS_MIN_CELL: z.coerce.number().int().min(2).max(1000).default(11),
    STATISTICS_RELEASE_CHECK_EVERY_MS: z.coerce.number().int().min(1000).default(3_600_000),
    /** How long a quarter's protected lattice answers before it is built again from the data (0: every time it is read). */
    STATISTICS_LATTICE_MAX_AGE_MS: z.coerce.number().int().min(0).default(900_000),
    /** How often the worker derives the de-identified facts of missing episodes that have none. */
    STATISTICS_FACTS_EVERY_MS: z.coerce.number().int().min(1000).default(300_000),
    DATABASE_ROLE: z
      .string()
      .regex(/^([a-z_][a-z0-9_]{0,62})?$/, 'must be a PostgreSQL role name, or empty to act as the login user')
      .default('tandem_app'),
    DATABASE_PREPARED_STATEMENTS: boolean.default(true),
    AUDIT_HASH_KEY: z.string().min(32, 'must be at least 32 characters').default(DEVELOPMENT_SECRETS.AUDIT_HASH_KEY),
    AUDIT_RETENTION_YEARS: z.coerce.number().int().min(1, 'must be at least 1: audit events are kept a year at the least').max(100).default(7),
    ANOMALY_CASES_PER_HOUR: z.coerce.number().int().min(1).default(50),
    ANOMALY_DENIALS_PER_10_MINUTES: z.coerce.number().int().min(1).default(5),
    DEADLINE_SWEEP_EVERY_MS: z.coerce.number().int().min(1000).default(60_000),
    // Empty means unset, so a compose file can pass it through when it is not configured.
    SMTP_URL: z.preprocess((value) => (value === '' ? undefined : value), z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional()),
    SMTP_FROM: z.string().email('must be an email address').default('alerts@tandem.invalid'),
    WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
    WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).default(5_000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
    WEBHOOK_ALLOW_HOSTS: webhookAllowHosts,
    // Where browsers reach this API: agency single sign-on's redirect URI is <PUBLIC_URL>/auth/sso/callback.
    PUBLIC_URL: z
      .string()
      .regex(/^https?:\/\/[^/?#\s]+$/, 'must be an http(s) origin without a path, e.g. https://tandem.example.org')
      .default('http://localhost:3000'),
    // Identity-provider hosts reached over plain http (a test's or a developer's provider on this machine).
    SSO_ALLOW_HTTP_HOSTS: webhookAllowHosts,
  })
  .superRefine((config, ctx) => {
    // An access token must not outlive the idle lock: a session is used only by refreshing it.
    if (config.JWT_ACCESS_TTL_SECONDS > config.SESSION_IDLE_MINUTES * 60) {
      ctx.addIssue({ code: 'custom', path: ['JWT_ACCESS_TTL_SECONDS'], message: 'must not exceed SESSION_IDLE_MINUTES (in seconds)' });
    }
    if (config.NODE_ENV !== 'production') return;
    const refuse = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (config.JWT_SECRET === DEVELOPMENT_SECRETS.JWT_SECRET) {
      refuse('JWT_SECRET', 'is the development secret; set a real one in production');
    }
    if (config.BLIND_INDEX_KEY === DEVELOPMENT_SECRETS.BLIND_INDEX_KEY) {
      refuse('BLIND_INDEX_KEY', 'is the development key; set a real one in production');
    }
    const devKey = DEVELOPMENT_SECRETS.PII_ENCRYPTION_KEY.split(':')[1];
    if (config.PII_ENCRYPTION_KEY.some((entry) => entry.key.toString('base64') === devKey)) {
      refuse('PII_ENCRYPTION_KEY', 'holds the development key; set a real one in production');
    }
    if (config.AUDIT_HASH_KEY === DEVELOPMENT_SECRETS.AUDIT_HASH_KEY) {
      refuse('AUDIT_HASH_KEY', 'is the development key; set a real one in production');
    }
    if (config.TIP_CODE_KEY === DEVELOPMENT_SECRETS.TIP_CODE_KEY) {
      refuse('TIP_CODE_KEY', 'is the development key; set a real one in production');
    }
    if (config.TIP_CHALLENGE_KEY === DEVELOPMENT_SECRETS.TIP_CHALLENGE_KEY) {
      refuse('TIP_CHALLENGE_KEY', 'is the development key; set a real one in production');
    }
    if (config.BOOTSTRAP_ADMIN_PASSWORD === DEVELOPMENT_SECRETS.BOOTSTRAP_ADMIN_PASSWORD) {
      refuse('BOOTSTRAP_ADMIN_PASSWORD', 'is the development password; set a real one in production');
    }
    if (config.WEBHOOK_ALLOW_HOSTS.length > 0) {
      refuse('WEBHOOK_ALLOW_HOSTS', 'lets webhooks reach private addresses; it is for tests and development, never production');
    }
    if (config.SSO_ALLOW_HTTP_HOSTS.length > 0) {
      refuse('SSO_ALLOW_HTTP_HOSTS', 'lets sign-in go to identity providers over plain http; it is for tests and development, never production');
    }
  });

export type AppConfigValues = z.output<typeof configSchema>;
