import { Table } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useClient } from 'urql';
import { graphql, type VariablesOf } from '../graphql';
import { downloadText } from './download';
import { ScrollTable } from './ScrollTable';

/** One column of an audit-event table: its header and what each event shows in it. */
export interface AuditColumn<E> {
  header: string;
  cell: (event: E) => ReactNode;
}

/** Audit events as a table, newest first, in the columns the page chooses; each row carries its action and outcome. */
export function AuditEventTable<E extends { id: string; action: string; outcome: string }>({
  events,
  columns,
  testId,
  minWidth,
}: {
  events: readonly E[];
  columns: readonly AuditColumn<E>[];
  testId: string;
  minWidth: number;
}) {
  return (
    <ScrollTable label="Audit events" minWidth={minWidth}>
      <Table striped data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            {columns.map((column) => (
              <Table.Th key={column.header}>{column.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id} data-action={event.action} data-outcome={event.outcome}>
              {columns.map((column) => (
                <Table.Td key={column.header}>{column.cell(event)}</Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

const ExportAuditEvents = graphql(`
  query ExportAuditEvents($filter: AuditEventFilter!) {
    exportAuditEvents(filter: $filter) {
      filename
      contentType
      rowCount
      csv
    }
  }
`);

/** What an export produced: the file's name and how many events it holds. */
export interface AuditExport {
  filename: string;
  rowCount: number;
}

/** Exports the audit events a filter selects as CSV and hands the file to the browser's download. */
export function useAuditExport() {
  const client = useClient();
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<AuditExport | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);
  const exportCsv = async (filter: VariablesOf<typeof ExportAuditEvents>['filter']) => {
    setExporting(true);
    setExportError(null);
    setExported(null);
    const result = await client.query(ExportAuditEvents, { filter }, { requestPolicy: 'network-only' }).toPromise();
    setExporting(false);
    const file = result.data?.exportAuditEvents;
    if (result.error || !file) {
      setExportError(result.error ?? new Error('no file'));
      return;
    }
    downloadText(file.filename, file.contentType, file.csv);
    setExported({ rowCount: file.rowCount, filename: file.filename });
  };
  return { exporting, exported, exportError, exportCsv, clearExported: () => setExported(null) };
}
