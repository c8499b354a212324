/**
 * A production environment that starts: every secret set to a value of its own. The configuration
 * specs add one setting to it and expect the refusal that setting earns. A new production check
 * adds its secret here, once.
 */
export const PRODUCTION_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'production',
  DATABASE_URL: 'postgres://tandem@db:5432/tandem',
  JWT_SECRET: 'a-production-secret-of-at-least-thirty-two-chars',
  BLIND_INDEX_KEY: 'a-production-blind-index-key-of-32-or-more-chars',
  AUDIT_HASH_KEY: 'a-production-audit-chain-key-of-32-or-more-chars',
  TIP_CODE_KEY: 'a-production-tip-code-key-of-32-or-more-characters',
  TIP_CHALLENGE_KEY: 'a-production-tip-challenge-key-of-32-or-more-chars',
  PII_ENCRYPTION_KEY: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  BOOTSTRAP_ADMIN_EMAIL: 'ops@agency.example',
  BOOTSTRAP_ADMIN_PASSWORD: 'a-long-production-password',
};
