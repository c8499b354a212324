import { MigrationInterface, QueryRunner } from 'typeorm';
import { APPLICATION_ROLE } from './1764500000000-audit-trail';

/**
 * Warning-signs education (docs/design.md, "Warning-signs education"): sourced items (warning signs,
 * short guides, what-to-do steps) for the public, each with its source, license and date, written
 * per language. Content Tandem ships and content an operator loads from files have readable ids
 * (`tandem.signs.isolation`); an agency's local addition has a uuid and names its agency and the
 * supervisor who published it. Nothing is deleted: a retracted item keeps its row, its time and who
 * retracted it.
 */
export class Education1764850000000 implements MigrationInterface {
  name = 'Education1764850000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE SCHEMA education`);
    await db.query(`
      CREATE TABLE education.item (
        id text PRIMARY KEY CHECK (length(id) BETWEEN 3 AND 120),
        kind text NOT NULL CHECK (kind IN ('WARNING_SIGN','GUIDE','WHAT_TO_DO')),
        audiences text[] NOT NULL CHECK (cardinality(audiences) >= 1
          AND audiences <@ ARRAY['EDUCATORS','PARENTS','HEALTHCARE','HOSPITALITY','TRANSPORT','YOUTH']::text[]),
        position integer NOT NULL DEFAULT 0,
        link text CHECK (link IN ('SUBMIT_TIP','HOTLINES','EMERGENCY_CALL')),
        source_publisher text NOT NULL CHECK (length(btrim(source_publisher)) BETWEEN 1 AND 300),
        source_title text NOT NULL CHECK (length(btrim(source_title)) BETWEEN 1 AND 300),
        source_url text CHECK (source_url IS NULL OR source_url ~ '^https?://'),
        license text NOT NULL CHECK (length(btrim(license)) BETWEEN 1 AND 300),
        content_date date NOT NULL,
        agency_id uuid REFERENCES agency(id),
        published_by uuid REFERENCES app_user(id),
        published_at timestamptz NOT NULL DEFAULT now(),
        loaded_via text,
        content_hash text NOT NULL,
        retracted_at timestamptz,
        retracted_by uuid REFERENCES app_user(id),
        retraction_reason text,
        CHECK ((agency_id IS NULL) = (published_by IS NULL)),
        CHECK (agency_id IS NOT NULL OR source_url IS NOT NULL),
        CHECK (link IS NULL OR kind = 'WHAT_TO_DO')
      )`);
    await db.query(`CREATE INDEX education_item_live_idx ON education.item (kind, position, id) WHERE retracted_at IS NULL`);
    await db.query(`CREATE INDEX education_item_agency_idx ON education.item (agency_id) WHERE agency_id IS NOT NULL`);
    await db.query(`
      CREATE TABLE education.item_text (
        item_id text NOT NULL REFERENCES education.item(id) ON DELETE CASCADE,
        language text NOT NULL CHECK (language IN ('en','es')),
        title text NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
        body text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
        PRIMARY KEY (item_id, language)
      )`);

    await db.query(`GRANT USAGE ON SCHEMA education TO ${APPLICATION_ROLE}`);
    await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA education TO ${APPLICATION_ROLE}`);
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA education GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APPLICATION_ROLE}`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA education REVOKE ALL ON TABLES FROM ${APPLICATION_ROLE}`);
    await db.query(`DROP SCHEMA education CASCADE`);
  }
}
