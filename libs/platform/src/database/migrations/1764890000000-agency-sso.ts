import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Agency single sign-on with OpenID Connect (docs/2026-12-07-agency-single-sign-on.md):
 * - `agency_sso`: one identity provider per agency, its client secret sealed to the agency;
 * - `sso_identity`: a provider's subject linked to the Tandem user it was matched to, so that a
 *   later sign-in finds them even when the provider's email changes;
 * - `sso_session`: for a session opened through the provider, what the provider said of how the
 *   person signed in (`amr`, `acr`) and whether that satisfies multi-factor authentication.
 */
export class AgencySso1764890000000 implements MigrationInterface {
  name = 'AgencySso1764890000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE agency_sso (
        agency_id uuid PRIMARY KEY REFERENCES agency(id),
        issuer text NOT NULL CHECK (issuer ~ '^https?://' AND length(issuer) <= 500),
        client_id text NOT NULL CHECK (length(client_id) BETWEEN 1 AND 200),
        client_secret_sealed text NOT NULL,
        trust_provider_mfa boolean NOT NULL DEFAULT false,
        accepted_amr text[] NOT NULL DEFAULT '{}',
        accepted_acr text[] NOT NULL DEFAULT '{}',
        enabled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL
      )`);
    await db.query(`
      CREATE TABLE sso_identity (
        issuer text NOT NULL,
        subject text NOT NULL,
        user_id uuid NOT NULL REFERENCES app_user(id),
        agency_id uuid NOT NULL REFERENCES agency(id),
        linked_at timestamptz NOT NULL,
        last_sign_in_at timestamptz NOT NULL,
        PRIMARY KEY (issuer, subject)
      )`);
    await db.query(`CREATE UNIQUE INDEX sso_identity_user_key ON sso_identity (user_id, issuer)`);
    await db.query(`
      CREATE TABLE sso_session (
        session_id uuid PRIMARY KEY REFERENCES auth_session(id),
        agency_id uuid NOT NULL REFERENCES agency(id),
        issuer text NOT NULL,
        amr text[] NOT NULL DEFAULT '{}',
        acr text,
        provider_mfa boolean NOT NULL,
        mfa_satisfied boolean NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    for (const table of ['sso_session', 'sso_identity', 'agency_sso']) await db.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
