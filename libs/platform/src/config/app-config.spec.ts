import { AppConfig, ConfigError } from './app-config';
import { PRODUCTION_ENV } from './production-env.fixture';
import { DEVELOPMENT_SECRETS } from './config.schema';

const PRODUCTION = PRODUCTION_ENV;

function refusal(env: Record<string, string>): string {
  try {
    AppConfig.fromEnv(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('the configuration was accepted');
}

describe('AppConfig', () => {
  it('runs on a developer machine with no variables at all', () => {
    const config = AppConfig.fromEnv({});
    expect(config.values.PORT).toBe(3000);
    expect(config.values.DATABASE_URL).toMatch(/^postgres:\/\//);
    expect(config.values.PII_ENCRYPTION_KEY[0]!.key).toHaveLength(32);
    expect(config.values.BOOTSTRAP_ADMIN_EMAIL).toBe('admin@tandem.local');
  });

  it('locks a session after 30 idle minutes and ends it after 12 hours by default, and refuses an access token that outlives the lock', () => {
    const config = AppConfig.fromEnv({});
    expect(config.values.SESSION_IDLE_MINUTES).toBe(30);
    expect(config.values.SESSION_MAX_HOURS).toBe(12);
    expect(refusal({ SESSION_IDLE_MINUTES: '10' })).toBe('Invalid configuration: JWT_ACCESS_TTL_SECONDS must not exceed SESSION_IDLE_MINUTES (in seconds)');
    expect(AppConfig.fromEnv({ SESSION_IDLE_MINUTES: '10', JWT_ACCESS_TTL_SECONDS: '600' }).values.SESSION_IDLE_MINUTES).toBe(10);
    expect(refusal({ SESSION_MAX_HOURS: '0' })).toMatch(/^Invalid configuration: SESSION_MAX_HOURS /);
  });

  it('accepts a complete production configuration', () => {
    const config = AppConfig.fromEnv(PRODUCTION);
    expect(config.isProduction).toBe(true);
    expect(config.values.PII_ENCRYPTION_KEY.map((key) => key.id)).toEqual(['k1']);
  });

  it.each([
    [{ PORT: 'eighty' }, /^Invalid configuration: PORT /],
    [{ PORT: '70000' }, /^Invalid configuration: PORT /],
    [{ DATABASE_URL: 'mysql://x' }, /^Invalid configuration: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ REDIS_URL: 'http://x' }, /^Invalid configuration: REDIS_URL must be a redis:\/\/ URL$/],
    [{ NODE_ENV: 'staging' }, /^Invalid configuration: NODE_ENV /],
    [{ LOG_LEVEL: 'loud' }, /^Invalid configuration: LOG_LEVEL /],
    [{ JWT_SECRET: 'short' }, /^Invalid configuration: JWT_SECRET must be at least 32 characters$/],
    [{ PII_ENCRYPTION_KEY: 'k1:dG9vLXNob3J0' }, /^Invalid configuration: PII_ENCRYPTION_KEY must be id:base64 entries/],
    [{ BOOTSTRAP_ADMIN_EMAIL: 'not-an-email' }, /^Invalid configuration: BOOTSTRAP_ADMIN_EMAIL must be an email address$/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    const line = refusal(env as Record<string, string>);
    expect(line).toMatch(message);
    expect(line).not.toContain('\n');
  });

  it.each([
    ['JWT_SECRET', DEVELOPMENT_SECRETS.JWT_SECRET],
    ['BLIND_INDEX_KEY', DEVELOPMENT_SECRETS.BLIND_INDEX_KEY],
    ['PII_ENCRYPTION_KEY', DEVELOPMENT_SECRETS.PII_ENCRYPTION_KEY],
    ['BOOTSTRAP_ADMIN_PASSWORD', DEVELOPMENT_SECRETS.BOOTSTRAP_ADMIN_PASSWORD],
    ['AUDIT_HASH_KEY', DEVELOPMENT_SECRETS.AUDIT_HASH_KEY],
    ['TIP_CODE_KEY', DEVELOPMENT_SECRETS.TIP_CODE_KEY],
    ['TIP_CHALLENGE_KEY', DEVELOPMENT_SECRETS.TIP_CHALLENGE_KEY],
  ])('refuses the development %s in production', (name, value) => {
    expect(refusal({ ...PRODUCTION, [name]: value })).toMatch(new RegExp(`^Invalid configuration: ${name} .*development`));
  });

  it('refuses production without the secrets set (the defaults are development ones)', () => {
    const { JWT_SECRET: _omitted, ...rest } = PRODUCTION;
    expect(refusal(rest)).toMatch(/^Invalid configuration: JWT_SECRET is the development secret/);
  });

  it('reads whom a second factor is required of, NONE for nobody, and refuses a name it does not know', () => {
    const config = AppConfig.fromEnv({});
    expect(config.values.MFA_REQUIRED_ROLES).toEqual(['SUPERVISOR', 'AGENCY_ADMIN', 'AUDITOR', 'SYSTEM_ADMIN']);
    expect(config.values.MFA_REQUIRED_AGENCY_TYPES).toEqual(['LAW_ENFORCEMENT', 'PROSECUTION']);
    expect(AppConfig.fromEnv({ MFA_REQUIRED_ROLES: ' staff , Supervisor ', MFA_REQUIRED_AGENCY_TYPES: 'NONE' }).values).toMatchObject({
      MFA_REQUIRED_ROLES: ['STAFF', 'SUPERVISOR'],
      MFA_REQUIRED_AGENCY_TYPES: [],
    });
    expect(refusal({ MFA_REQUIRED_ROLES: 'SUPERVISOR,CHIEF' })).toMatch(/^Invalid configuration: MFA_REQUIRED_ROLES names unknown roles CHIEF/);
    expect(refusal({ PASSWORD_MIN_LENGTH: '6' })).toMatch(/^Invalid configuration: PASSWORD_MIN_LENGTH /);
  });

  it('needs a bootstrap password with a bootstrap email', () => {
    const { BOOTSTRAP_ADMIN_PASSWORD: _omitted, ...rest } = PRODUCTION;
    expect(refusal(rest)).toBe('Invalid configuration: BOOTSTRAP_ADMIN_PASSWORD is required when BOOTSTRAP_ADMIN_EMAIL is set');
  });

  it('stops a process with the one line and status 1', async () => {
    const { spawnSync } = await import('node:child_process');
    const { join } = await import('node:path');
    const root = join(__dirname, '..', '..', '..', '..');
    const result = spawnSync(process.execPath, ['-r', join(root, 'test/support/ts-register.cjs'), join(root, 'apps/worker/src/main.ts')], {
      env: { PATH: process.env.PATH, REDIS_URL: 'ftp://nowhere' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('Invalid configuration: REDIS_URL must be a redis:// URL');
  });
});
