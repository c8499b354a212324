import { Anchor, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useNow } from '../../components/Countdown';
import { DeadlineTimeLeft, WhoMustAct } from '../../components/DeadlineCells';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { reportLabel, reportsDue } from '../../lib/liaison';
import { useViewer } from '../../session/use-session';

const PAGE_SIZE = 100;

const DeadlineFields = graphql(`
  fragment ReportDeadline on Deadline @_unmask {
    id
    kind
    caseId
    caseNumber
    dueAt
    overdue
    status
    agency {
      id
      name
    }
  }
`);

// Two lists of the API's own filter: what is overdue (pending past due, or breached), and what is still
// pending; the page shows the reports among them, overdue first.
const ReportsDueQuery = graphql(
  `
    query ReportsDue($overdueAfter: String, $pendingAfter: String, $first: Int) {
      overdue: deadlines(filter: { overdueOnly: true }, first: $first, after: $overdueAfter) {
        edges {
          node {
            ...ReportDeadline
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
      pending: deadlines(filter: { status: PENDING }, first: $first, after: $pendingAfter) {
        edges {
          node {
            ...ReportDeadline
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [DeadlineFields],
);

/** NCIC entries and the reports to law enforcement due on the cases the viewer sees, overdue first, each with its time left. */
export function ReportsDue() {
  const viewer = useViewer();
  const now = useNow();
  const [cursors, setCursors] = useState<{ overdueAfter: string | null; pendingAfter: string | null }>({ overdueAfter: null, pendingAfter: null });
  const [{ data, fetching, error }] = useQuery({ query: ReportsDueQuery, variables: { ...cursors, first: PAGE_SIZE } });
  const items = reportsDue([data?.overdue.edges.map((e) => e.node) ?? [], data?.pending.edges.map((e) => e.node) ?? []]);
  const more = data && (data.overdue.pageInfo.hasNextPage || data.pending.pageInfo.hasNextPage);
  return (
    <Page title="Reports due">
      <ErrorNotice error={error} title="The reports due could not be read" />
      {!fetching && !error && items.length === 0 && <Text>No report is due on the cases you see.</Text>}
      {items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover data-testid="reports-due">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time left</Table.Th>
                <Table.Th>Report</Table.Th>
                <Table.Th>Who must act</Table.Th>
                <Table.Th>Case</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((d) => (
                <Table.Tr key={d.id} data-kind={d.kind}>
                  <Table.Td>
                    <DeadlineTimeLeft dueAt={d.dueAt} status={d.status} now={now} />
                  </Table.Td>
                  <Table.Td>{reportLabel(d.kind)}</Table.Td>
                  <Table.Td>
                    <WhoMustAct agency={d.agency} viewerAgencyId={viewer.agencyId} />
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${d.caseId}`}>
                      {d.caseNumber}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {more && (
        <Group>
          <Button
            variant="default"
            onClick={() =>
              setCursors({
                overdueAfter: data.overdue.pageInfo.hasNextPage ? data.overdue.pageInfo.endCursor : cursors.overdueAfter,
                pendingAfter: data.pending.pageInfo.hasNextPage ? data.pending.pageInfo.endCursor : cursors.pendingAfter,
              })
            }
          >
            Next deadlines
          </Button>
        </Group>
      )}
    </Page>
  );
}
