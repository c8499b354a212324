import { MigrationInterface, QueryRunner } from 'typeorm';

const kindCheck = (kinds: string[]) => `CHECK (kind IN (${kinds.map((kind) => `'${kind}'`).join(',')}))`;

/** The deadline kinds the table accepts now, read from its constraint. */
async function currentKinds(db: QueryRunner): Promise<string[]> {
  const [row] = await db.query(`SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE conname = 'deadline_kind_check' AND conrelid = 'deadline'::regclass`);
  return [...String(row.def).matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]!);
}

/**
 * A bed held for an accepted shelter referral waits for the child (docs/design.md, "Bed holds and
 * suggestions"): the `BED_HOLD` clock runs from the acceptance until the referral starts, and
 * expires the referral, giving the bed back, when the child never arrives. A hold records when the
 * child arrived (`arrived_at`): from then the bed is occupied, which a shelter's own count, imported,
 * already counts (docs/directory-import.md).
 *
 * The kind is added to the kinds the table accepts, whatever they are when this runs: a database that
 * already took later kinds keeps them (the screening migration's own list holds `BED_HOLD` for a
 * database migrated from scratch, where it runs after this one).
 */
export class BedHoldArrival1764820000000 implements MigrationInterface {
  name = 'BedHoldArrival1764820000000';

  async up(db: QueryRunner): Promise<void> {
    const kinds = await currentKinds(db);
    await db.query(`ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check`);
    await db.query(`ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check ${kindCheck([...kinds.filter((kind) => kind !== 'BED_HOLD'), 'BED_HOLD'])}`);
    await db.query(`ALTER TABLE directory.bed_hold ADD COLUMN arrived_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    const kinds = await currentKinds(db);
    await db.query(`ALTER TABLE directory.bed_hold DROP COLUMN arrived_at`);
    await db.query(`DELETE FROM deadline WHERE kind = 'BED_HOLD'`);
    await db.query(`ALTER TABLE deadline DROP CONSTRAINT deadline_kind_check`);
    await db.query(`ALTER TABLE deadline ADD CONSTRAINT deadline_kind_check ${kindCheck(kinds.filter((kind) => kind !== 'BED_HOLD'))}`);
  }
}
