import { AUDIT_EVENT_COLUMNS, AuditEventRecord, eventValues } from '@tandem/audit';

/** The export's columns: every field of an event (docs/design.md, The audit trail), hashes in hex. */
export const AUDIT_CSV_COLUMNS = AUDIT_EVENT_COLUMNS;

// A spreadsheet runs a cell that starts with one of these as a formula (OWASP, CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV cell (RFC 4180): quoted when it holds a quote, comma or line break, quotes doubled.
 * Text that a spreadsheet would run as a formula is prefixed with a single quote first: the
 * trail holds what users typed (justifications, reasons, user agents).
 */
export function csvCell(value: string | null): string {
  if (value === null || value === '') return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One value as CSV text: times in ISO, scopes joined by ';', details as JSON, hashes in hex. */
function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.join(';');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function cellsOf(event: AuditEventRecord): (string | null)[] {
  return [...eventValues(event), event.prevHash, event.hash].map(textOf);
}

/** The events as CSV text: a header line, then one line per event, CRLF line ends. */
export function auditCsv(events: AuditEventRecord[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(','), ...events.map((event) => cellsOf(event).map(csvCell).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}
