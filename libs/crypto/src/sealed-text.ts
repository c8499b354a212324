import { Transactions } from '@tandem/platform';
import { PiiCipher } from './pii-cipher';
import { SealedTextRepository } from './sealed-text.repository';

/**
 * A table whose free text is stored sealed: each sealed column with the context that binds its
 * value to the row and the field (`<kind>:<row id>:<field>`), so a value copied to another row
 * or column does not open there. The owning lib declares it; its repository seals and opens with
 * these contexts, and `keys:rotate` re-seals every column listed.
 */
export interface SealedTextTable {
  table: string;
  /** The uuid column the contexts are built from (`id` unless named). */
  key?: string;
  columns: Readonly<Record<string, (id: string) => string>>;
}

/** Builds a table's declaration; every column is named `<field>_sealed` and its context `<kind>:<id>:<field>`. */
export function sealedText(table: string, kind: string, fields: readonly string[]): SealedTextTable {
  const columns: Record<string, (id: string) => string> = {};
  for (const field of fields) columns[`${field}_sealed`] = (id: string) => `${kind}:${id}:${field.replace(/_/g, '-')}`;
  return { table, columns };
}

/**
 * Re-seals with the current key every value of the table's sealed columns that was sealed with
 * another key (or, given `fromKeyIds`, with one of those), in batches of one locked SELECT and one
 * UPDATE each. A row another transaction holds is waited for, never skipped, so that the old key
 * may be removed once this returns. Returns the number of rows re-sealed.
 */
export async function resealTable(
  transactions: Transactions,
  cipher: PiiCipher,
  spec: SealedTextTable,
  fromKeyIds: readonly string[] | null,
  batchSize = 200,
  repository = new SealedTextRepository(),
): Promise<number> {
  const columns = Object.keys(spec.columns);
  let total = 0;
  for (;;) {
    const done = await transactions.run(async (tx) => {
      const rows = await repository.lockStale(tx, spec, cipher.currentKeyId, fromKeyIds, batchSize);
      if (rows.length === 0) return 0;
      const ids = rows.map((row) => row.id);
      const values = columns.map((column) =>
        rows.map((row) => {
          const sealed = row[column];
          return sealed === null || sealed === undefined ? null : cipher.reencrypt(sealed, spec.columns[column]!(row.id));
        }),
      );
      await repository.write(tx, spec, ids, values);
      return rows.length;
    });
    total += done;
    // A batch shorter than asked for may only mean that rows changed while it waited for them: done when none is left.
    if (done === 0) return total;
  }
}
