import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ScrollTable } from '../../components/ScrollTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { NotificationFields } from '../../components/NotificationList';
import { Page } from '../../components/Page';
import { graphql, readFragment } from '../../graphql';
import { label } from '../../lib/supervision';
import { when } from '../../lib/time';

const AlertsQuery = graphql(
  `
    query AnomalyAlerts($after: String) {
      notifications(first: 100, after: $after) {
        edges {
          node {
            ...NotificationFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [NotificationFields],
);

/** The watch of the audit trail raises these: many cases viewed, many refusals, break glass, locked accounts. */
const ANOMALY = 'ANOMALY_';

/** Anomaly alerts sent to the supervisor, newest first, from their notifications. */
export function Alerts() {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({ query: AlertsQuery, variables: { after } });
  const alerts = (data?.notifications.edges ?? []).map(({ node }) => readFragment(NotificationFields, node)).filter((node) => node.kind.startsWith(ANOMALY));
  const pageInfo = data?.notifications.pageInfo;
  return (
    <Page title="Anomaly alerts">
      <Text size="sm">
        Tandem watches the audit trail every minute and tells you when one of your agency's users views unusually many cases, is refused many times, breaks the glass, or
        when someone tries a locked or disabled account.
      </Text>
      <ErrorNotice error={error} title="The alerts could not be read" />
      {!fetching && !error && alerts.length === 0 && <Text>No anomaly alert{pages.length > 1 ? ' on this page' : ''}.</Text>}
      {alerts.length > 0 && (
        <ScrollTable label="Alerts" minWidth={620}>
          <Table striped data-testid="alerts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>Case</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {alerts.map((alert) => (
                <Table.Tr key={alert.id} data-kind={alert.kind}>
                  <Table.Td>{when(alert.createdAt)}</Table.Td>
                  <Table.Td>
                    <Badge color={alert.readAt ? 'gray.8' : 'red.9'}>{label(alert.kind.slice(ANOMALY.length))}</Badge>
                  </Table.Td>
                  <Table.Td>{alert.text}</Table.Td>
                  <Table.Td>
                    {alert.caseId ? (
                      <Anchor component={Link} to={`/supervisor/audit/cases/${alert.caseId}`}>
                        {alert.caseNumber ?? 'Access log'}
                      </Anchor>
                    ) : (
                      '—'
                    )}
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
            Newer
          </Button>
        )}
        {pageInfo?.hasNextPage && (
          <Button variant="default" onClick={() => setPages([...pages, pageInfo.endCursor ?? null])}>
            Older
          </Button>
        )}
      </Group>
    </Page>
  );
}
