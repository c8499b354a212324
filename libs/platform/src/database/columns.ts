/**
 * A column list written for one table (`id, case_id AS "caseId", …`) with each column qualified by
 * `alias`, for a query that joins that table to others.
 */
export function qualifiedColumns(columns: string, alias: string): string {
  return columns.replace(/(^|,\s*)(\w+)/g, `$1${alias}.$2`);
}
