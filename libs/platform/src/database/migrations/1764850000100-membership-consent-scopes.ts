import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A membership records, scope by scope, whether it rests on consent (docs/access-policy.md,
 * "Which scopes you hold"): `consent_scopes` lists the scopes held only while a consent covers them;
 * every other scope of `scopes` rests on no consent (mandated reporting, an emergency referral, a
 * former lead). One flag for the whole membership made an emergency share and a consented share to
 * the same agency loosen or tighten each other. A membership that needed consent keeps each of its
 * consentable scopes on consent; one that did not keeps none.
 */
export class MembershipConsentScopes1764850000100 implements MigrationInterface {
  name = 'MembershipConsentScopes1764850000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE membership ADD COLUMN consent_scopes text[] NOT NULL DEFAULT '{}'`);
    await db.query(`
      UPDATE membership SET consent_scopes = array(SELECT s FROM unnest(scopes) s WHERE s IN ('IDENTITY','LOCATION','SERVICES') ORDER BY s)
       WHERE consent_required`);
    await db.query(`
      ALTER TABLE membership ADD CONSTRAINT membership_consent_scopes_held
        CHECK (consent_scopes <@ scopes AND consent_scopes <@ ARRAY['IDENTITY','LOCATION','SERVICES']::text[])`);
    await db.query(`ALTER TABLE membership DROP COLUMN consent_required`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE membership ADD COLUMN consent_required boolean NOT NULL DEFAULT true`);
    await db.query(`UPDATE membership SET consent_required = cardinality(consent_scopes) > 0`);
    await db.query(`ALTER TABLE membership DROP COLUMN consent_scopes`);
  }
}
