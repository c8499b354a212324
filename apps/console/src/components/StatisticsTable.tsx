import { Alert, Table, Text } from '@mantine/core';
import { useQuery } from 'urql';
import { graphql, type VariablesOf } from '../graphql';
import { cellText, label, type Cell } from '../lib/supervision';
import { ErrorNotice } from './ErrorNotice';
import { ScrollTable } from './ScrollTable';

const StatisticsQuery = graphql(`
  query StatisticsTable($measure: StatisticsMeasure!, $dimensions: [StatisticsDimension!]!, $filter: StatisticsFilterInput!) {
    statistics(measure: $measure, dimensions: $dimensions, filter: $filter) {
      title
      unit
      from
      to
      dimensions
      rowDimension
      columnDimension
      columns
      minCell
      protected
      suppressedCells
      medianHours
      medianOf
      share
      rows {
        label
        cells {
          value
          suppressed
        }
        total {
          value
          suppressed
        }
        medianHours
        share
      }
      columnTotals {
        value
        suppressed
      }
      total {
        value
        suppressed
      }
    }
  }
`);

export type StatisticsAsk = VariablesOf<typeof StatisticsQuery>;

function Figure({ cell }: { cell: Cell }) {
  const text = cellText(cell);
  if (text !== 'suppressed') return <>{text}</>;
  return (
    <Text span fs="italic" size="sm" c="gray.9" data-suppressed="true">
      suppressed
    </Text>
  );
}

const hours = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${value.toLocaleString('en-US', { maximumFractionDigits: 1 })} h`);
const percent = (value: number | null | undefined) => (value === null || value === undefined ? '—' : `${(value * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })} %`);

/** A statistics table as the API answers it: suppressed cells said so and explained, row and column totals, medians and shares where given. */
export function StatisticsTable({ ask }: { ask: StatisticsAsk }) {
  const [{ data, fetching, error }] = useQuery({ query: StatisticsQuery, variables: ask });
  const table = data?.statistics;
  if (error) return <ErrorNotice error={error} title="The table could not be read" />;
  if (!table) return fetching ? <Text>Reading…</Text> : null;
  const hasMedian = table.medianOf !== null;
  const hasShare = table.share !== null || table.rows.some((row) => row.share !== null);
  const columnTitle = table.columnDimension ? label(table.columnDimension) : null;
  return (
    <>
      <Text fw={600}>
        {table.title} · {label(table.unit)} · {table.from} to {table.to}
      </Text>
      {table.protected && table.suppressedCells > 0 && (
        <Alert color="blue" variant="light" title={`${table.suppressedCells} figure${table.suppressedCells === 1 ? '' : 's'} suppressed`} data-testid="suppression-note">
          A figure below {table.minCell} could help identify a child, so it is not shown, nor any other figure from which it could be worked out. Those cells read
          “suppressed”; they are not zero.
        </Alert>
      )}
      <ScrollTable label={table.title} minWidth={Math.max(360, 140 * (table.columns.length + 2))}>
        <Table striped withTableBorder data-testid="statistics">
          <Table.Caption style={{ color: 'var(--mantine-color-gray-9)' }}>
            {table.rowDimension ? label(table.rowDimension) : 'All'}
            {columnTitle ? ` by ${columnTitle.toLowerCase()}` : ''}
            {hasMedian ? `; median: ${table.medianOf}` : ''}
          </Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{table.rowDimension ? label(table.rowDimension) : 'Rows'}</Table.Th>
              {table.columns.map((column) => (
                <Table.Th key={column} scope="col">
                  {label(column)}
                </Table.Th>
              ))}
              <Table.Th scope="col">Total</Table.Th>
              {hasShare && <Table.Th scope="col">Share</Table.Th>}
              {hasMedian && <Table.Th scope="col">Median</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {table.rows.map((row, rowIndex) => (
              <Table.Tr key={`${rowIndex}-${row.label}`}>
                <Table.Th scope="row">{table.rowDimension === 'JURISDICTION' || table.rowDimension === 'INSTRUMENT' ? row.label : label(row.label)}</Table.Th>
                {row.cells.map((cell, index) => (
                  <Table.Td key={table.columns[index] ?? index}>
                    <Figure cell={cell} />
                  </Table.Td>
                ))}
                <Table.Td fw={600}>
                  <Figure cell={row.total} />
                </Table.Td>
                {hasShare && <Table.Td>{percent(row.share)}</Table.Td>}
                {hasMedian && <Table.Td>{hours(row.medianHours)}</Table.Td>}
              </Table.Tr>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th scope="row">Total</Table.Th>
              {table.columnTotals.map((cell, index) => (
                <Table.Td key={table.columns[index] ?? index} fw={600}>
                  <Figure cell={cell} />
                </Table.Td>
              ))}
              <Table.Td fw={700}>
                <Figure cell={table.total} />
              </Table.Td>
              {hasShare && <Table.Td>{percent(table.share)}</Table.Td>}
              {hasMedian && <Table.Td>{hours(table.medianHours)}</Table.Td>}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollTable>
    </>
  );
}
