import { Anchor, Button, Group, Switch, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { useNow } from '../../components/Countdown';
import { DeadlineTimeLeft } from '../../components/DeadlineCells';
import { ScrollTable } from '../../components/ScrollTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { label } from '../../lib/supervision';
import { when } from '../../lib/time';
import { useViewer } from '../../session/use-session';

const DeadlinesQuery = graphql(`
  query AgencyDeadlines($agencyId: ID!, $overdueOnly: Boolean, $after: String) {
    deadlines(filter: { agencyId: $agencyId, overdueOnly: $overdueOnly }, first: 50, after: $after) {
      edges {
        node {
          id
          kind
          caseId
          caseNumber
          dueAt
          status
          overdue
          escalationLevel
          agency {
            id
            name
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

/** The agency's deadlines, overdue ones only by default, the longest overdue first, each with its countdown. */
export function Deadlines() {
  const viewer = useViewer();
  const now = useNow();
  const [overdueOnly, setOverdueOnly] = useState(true);
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({
    query: DeadlinesQuery,
    variables: { agencyId: viewer.agencyId ?? '', overdueOnly: overdueOnly || null, after },
    pause: !viewer.agencyId,
  });
  const rows = (data?.deadlines.edges ?? []).map(({ node }) => node);
  const pageInfo = data?.deadlines.pageInfo;
  return (
    <Page title="Overdue deadlines">
      <Switch
        label="Only overdue deadlines"
        checked={overdueOnly}
        onChange={(event) => {
          setOverdueOnly(event.currentTarget.checked);
          setPages([null]);
        }}
      />
      <ErrorNotice error={error} title="The deadlines could not be read" />
      {!fetching && !error && rows.length === 0 && <Text>{overdueOnly ? 'Nothing of your agency is overdue.' : 'Your agency has no deadline open.'}</Text>}
      {rows.length > 0 && (
        <ScrollTable label="Deadlines" minWidth={620}>
          <Table striped data-testid="deadlines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time left</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Reminders sent</Table.Th>
                <Table.Th>Case</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((d) => (
                <Table.Tr key={d.id} data-kind={d.kind}>
                  <Table.Td>
                    <DeadlineTimeLeft dueAt={d.dueAt} status={d.status} now={now} />
                  </Table.Td>
                  <Table.Td>{label(d.kind)}</Table.Td>
                  <Table.Td>{when(d.dueAt)}</Table.Td>
                  <Table.Td>{d.escalationLevel}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${d.caseId}`}>
                      {d.caseNumber}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Group>
        {pages.length > 1 && (
          <Button variant="default" onClick={() => setPages(pages.slice(0, -1))}>
            Previous page
          </Button>
        )}
        {pageInfo?.hasNextPage && (
          <Button variant="default" onClick={() => setPages([...pages, pageInfo.endCursor ?? null])}>
            Next page
          </Button>
        )}
      </Group>
    </Page>
  );
}
