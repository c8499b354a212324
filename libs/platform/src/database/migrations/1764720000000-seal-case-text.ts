import { MigrationInterface, QueryRunner } from 'typeorm';
import { MigrationSealer } from '../migration-sealer';

interface TextTable {
  table: string;
  /** The context prefix: a value of row `id`, field `f` is sealed under `<kind>:<id>:<f with dashes>`. */
  kind: string;
  fields: string[];
  /** Fields every row has, with the CHECK they had in the clear (restored by `down`). */
  required: Record<string, string>;
}

// Frozen here, as a migration must be: the libs declare the same columns and contexts (sealedText) for reads and rotation.
const TABLES: TextTable[] = [
  { table: 'note', kind: 'note', fields: ['body'], required: { body: 'length(body) BETWEEN 1 AND 20000' } },
  {
    table: 'referral',
    kind: 'referral',
    fields: ['reason', 'emergency_justification', 'status_note', 'outcome'],
    required: { reason: 'length(reason) BETWEEN 1 AND 2000' },
  },
  { table: 'handoff', kind: 'handoff', fields: ['reason', 'status_note'], required: { reason: 'length(reason) BETWEEN 1 AND 2000' } },
  { table: 'missing_report', kind: 'missing-report', fields: ['report_number'], required: { report_number: 'length(report_number) BETWEEN 1 AND 100' } },
  { table: 'victim_report', kind: 'victim-report', fields: ['report_number'], required: { report_number: 'length(report_number) BETWEEN 1 AND 100' } },
];

const BATCH = 500;

const contextOf = (spec: TextTable, id: string, field: string) => `${spec.kind}:${id}:${field.replace(/_/g, '-')}`;

/**
 * Case free text (note bodies, referral and handoff reasons, notes and outcomes, missing and
 * victim report numbers) moves into sealed columns, each value bound to its row and field, and the
 * plaintext columns are dropped. Rows written before are sealed here with the first key of
 * PII_ENCRYPTION_KEY, which `migrate` hands to the migrations; without it, a database that holds
 * such rows is left unchanged and the migration fails saying so. Notes stay append-only: an
 * update may rewrite their sealed text (key rotation) and nothing else.
 */
export class SealCaseText1764720000000 implements MigrationInterface {
  name = 'SealCaseText1764720000000';

  async up(db: QueryRunner): Promise<void> {
    const sealer = sealerOf(db);
    await db.query(`
      CREATE FUNCTION refuse_change_but_reseal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(NEW)) WHERE right(key, 7) <> '_sealed')
                              = (SELECT jsonb_object_agg(key, value) FROM jsonb_each(to_jsonb(OLD)) WHERE right(key, 7) <> '_sealed') THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await db.query(`DROP TRIGGER note_append_only ON note`);
    for (const spec of TABLES) {
      for (const field of spec.fields) await db.query(`ALTER TABLE ${spec.table} ADD COLUMN ${field}_sealed text`);
      await moveRows(db, spec, spec.fields, spec.fields.map((field) => `${field}_sealed`), sealer && ((value, id, field) => sealer.encrypt(value, contextOf(spec, id, field))));
      for (const field of Object.keys(spec.required)) await db.query(`ALTER TABLE ${spec.table} ALTER COLUMN ${field}_sealed SET NOT NULL`);
      for (const field of spec.fields) await db.query(`ALTER TABLE ${spec.table} DROP COLUMN ${field}`);
    }
    await db.query(`CREATE TRIGGER note_append_only BEFORE UPDATE OR DELETE ON note FOR EACH ROW EXECUTE FUNCTION refuse_change_but_reseal()`);
  }

  async down(db: QueryRunner): Promise<void> {
    const sealer = sealerOf(db);
    await db.query(`DROP TRIGGER note_append_only ON note`);
    for (const spec of TABLES) {
      for (const field of spec.fields) await db.query(`ALTER TABLE ${spec.table} ADD COLUMN ${field} text`);
      const sealed = spec.fields.map((field) => `${field}_sealed`);
      await moveRows(db, spec, sealed, spec.fields, sealer && ((value, id, field) => sealer.decrypt(value, contextOf(spec, id, field))));
      for (const [field, check] of Object.entries(spec.required)) {
        await db.query(`ALTER TABLE ${spec.table} ALTER COLUMN ${field} SET NOT NULL, ADD CHECK (${check})`);
      }
      for (const column of sealed) await db.query(`ALTER TABLE ${spec.table} DROP COLUMN ${column}`);
    }
    await db.query(`CREATE TRIGGER note_append_only BEFORE UPDATE OR DELETE ON note FOR EACH ROW EXECUTE FUNCTION refuse_change()`);
    await db.query(`DROP FUNCTION refuse_change_but_reseal()`);
  }
}

function sealerOf(db: QueryRunner): MigrationSealer | undefined {
  return (db.data as { sealer?: MigrationSealer } | undefined)?.sealer;
}

/** Copies every row's `from` columns into its `to` columns through `convert`, in batches by id. */
async function moveRows(
  db: QueryRunner,
  spec: TextTable,
  from: string[],
  to: string[],
  convert: ((value: string, id: string, field: string) => string) | undefined,
): Promise<void> {
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM ${spec.table}`);
  if (n === 0) return;
  if (!convert) {
    throw new Error(`${n} rows of ${spec.table} hold case text to seal or open: run the migrations with "npm run migrate", which reads PII_ENCRYPTION_KEY`);
  }
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: Record<string, string | null>[] = await db.query(`SELECT id::text, ${from.join(', ')} FROM ${spec.table} WHERE id > $1 ORDER BY id LIMIT ${BATCH}`, [after]);
    if (rows.length === 0) return;
    const values = from.map((column, index) =>
      rows.map((row) => (row[column] === null || row[column] === undefined ? null : convert(row[column]!, row.id!, spec.fields[index]!))),
    );
    await db.query(
      `UPDATE ${spec.table} x SET ${to.map((column, index) => `${column} = v.c${index}`).join(', ')}
         FROM unnest($1::uuid[], ${to.map((_, index) => `$${index + 2}::text[]`).join(', ')}) AS v(id, ${to.map((_, index) => `c${index}`).join(', ')})
        WHERE x.id = v.id`,
      [rows.map((row) => row.id), ...values],
    );
    after = rows[rows.length - 1]!.id!;
  }
}
