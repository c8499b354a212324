import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * One CSV line as PostgreSQL's `COPY ... FROM ... (FORMAT csv, HEADER)` reads it back: every value
 * quoted, quotes doubled, NULL an unquoted empty field (so NULL and '' stay apart).
 */
export function csvLine(values: readonly (string | null)[]): string {
  return `${values.map((value) => (value === null ? '' : `"${value.replace(/"/g, '""')}"`)).join(',')}\n`;
}

/** What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * A value a spreadsheet shows as text and never runs: one that would start a formula gets a leading
 * apostrophe. For files meant to be opened in a spreadsheet, not for those read back by COPY.
 */
export function spreadsheetText(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** One CSV line for a spreadsheet: as {@link csvLine}, every value that could start a formula neutralised. */
export function spreadsheetCsvLine(values: readonly (string | null)[]): string {
  return csvLine(values.map((value) => (value === null ? null : spreadsheetText(value))));
}

/**
 * Reads a CSV file back and counts its records (line breaks inside quoted values do not end one),
 * with the file's SHA-256: the export is checked from what reached the disk, not from what was sent.
 */
export async function readBackCsv(path: string): Promise<{ records: number; sha256: string }> {
  const digest = createHash('sha256');
  let records = 0;
  let quoted = false;
  let pending = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    digest.update(chunk);
    // Byte by byte is safe: in UTF-8 neither '"' nor '\n' occurs inside a multi-byte character.
    for (const byte of chunk) {
      if (byte === QUOTE) quoted = !quoted;
      if (byte === NEWLINE && !quoted) {
        records += 1;
        pending = false;
      } else pending = true;
    }
  }
  if (quoted) throw new Error(`${path} ends inside a quoted value: the file is cut short`);
  return { records: records + (pending ? 1 : 0), sha256: digest.digest('hex') };
}
