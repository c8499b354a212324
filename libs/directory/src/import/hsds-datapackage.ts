import { ColumnKind, TABLE_SPECS } from './hsds-tables';

const FIELD_TYPES: Record<ColumnKind, string> = {
  id: 'string',
  text: 'string',
  ref: 'string',
  enum: 'string',
  number: 'number',
  integer: 'integer',
  boolean: 'boolean',
  date: 'date',
  time: 'time',
  datetime: 'datetime',
  byday: 'string',
  jurisdiction: 'string',
  'agency-jurisdiction': 'string',
  'agency-name': 'string',
};

/**
 * The datapackage.json of an exported directory: a Frictionless tabular data package with one resource
 * per HSDS file, its fields, keys and constraints; Tandem's own columns carry `"tandem": true` and say
 * what they mean (docs/directory-import.md, "Tandem's columns").
 */
export function dataPackageDescriptor() {
  return {
    name: 'tandem-directory',
    title: 'Tandem resource directory (Open Referral HSDS 3.1)',
    profile: 'tabular-data-package',
    resources: TABLE_SPECS.map((spec) => ({
      name: spec.resource,
      path: spec.file,
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: {
        fields: spec.columns.map((column) => ({
          name: column.name,
          type: FIELD_TYPES[column.kind],
          ...(column.tandem ? { tandem: true, description: column.tandem } : {}),
          ...(column.required || column.values || column.min !== undefined || column.max !== undefined
            ? {
                constraints: {
                  ...(column.required ? { required: true } : {}),
                  ...(column.kind === 'id' ? { unique: true } : {}),
                  ...(column.values ? { enum: column.values } : {}),
                  ...(column.min !== undefined ? { minimum: column.min } : {}),
                  ...(column.max !== undefined ? { maximum: column.max } : {}),
                },
              }
            : {}),
        })),
        primaryKey: 'id',
        foreignKeys: spec.columns
          .filter((column) => column.kind === 'ref')
          .map((column) => ({ fields: column.name, reference: { resource: column.references, fields: 'id' } })),
      },
    })),
  };
}
