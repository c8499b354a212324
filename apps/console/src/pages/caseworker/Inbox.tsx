import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ScrollTable } from '../../components/ScrollTable';
import { useNow } from '../../components/Countdown';
import { DeadlineTimeLeft } from '../../components/DeadlineCells';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { byUrgency } from '../../lib/time';

const InboxQuery = graphql(`
  query Inbox {
    referrals(direction: INCOMING, status: REQUESTED, first: 100) {
      edges {
        node {
        id
        caseId
        serviceType
        urgency
        emergency
        responseDueAt
        fromAgency {
          id
          name
        }
        }
      }
    }
    handoffs(direction: INCOMING, status: REQUESTED, first: 100) {
      edges {
        node {
        id
        caseId
        responseDueAt
        fromAgency {
          id
          name
        }
        }
      }
    }
  }
`);

interface InboxItem {
  key: string;
  kind: 'Referral' | 'Handoff';
  caseId: string;
  what: string;
  from: string;
  responseDueAt: string;
  emergency: boolean;
}

/** Pending referrals and handoffs to the viewer's agency, overdue first, each with its time left. */
export function Inbox() {
  const [{ data, fetching, error }] = useQuery({ query: InboxQuery });
  const now = useNow();
  const items: InboxItem[] = byUrgency([
    ...(data?.referrals.edges ?? []).map(({ node: r }) => ({
      key: `r-${r.id}`,
      kind: 'Referral' as const,
      caseId: r.caseId,
      what: `${r.serviceType.replaceAll('_', ' ').toLowerCase()} · ${r.urgency.toLowerCase()}`,
      from: r.fromAgency.name,
      responseDueAt: r.responseDueAt,
      emergency: r.emergency,
    })),
    ...(data?.handoffs.edges ?? []).map(({ node: h }) => ({
      key: `h-${h.id}`,
      kind: 'Handoff' as const,
      caseId: h.caseId,
      what: 'lead of the case',
      from: h.fromAgency.name,
      responseDueAt: h.responseDueAt,
      emergency: false,
    })),
  ]);
  return (
    <Page title="Inbox">
      <ErrorNotice error={error} title="The inbox could not be read" />
      {!fetching && !error && items.length === 0 && <Text>Nothing waits for your agency's answer.</Text>}
      {items.length > 0 && (
        <ScrollTable label="Inbox" minWidth={560}>
          <Table striped highlightOnHover data-testid="inbox">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Time left</Table.Th>
                <Table.Th>What</Table.Th>
                <Table.Th>From</Table.Th>
                <Table.Th>Case</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((item) => (
                <Table.Tr key={item.key} data-kind={item.kind}>
                  <Table.Td>
                    <DeadlineTimeLeft dueAt={item.responseDueAt} now={now} />
                  </Table.Td>
                  <Table.Td>
                    {item.kind}: {item.what} {item.emergency && <Badge color="red.9">emergency</Badge>}
                  </Table.Td>
                  <Table.Td>{item.from}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${item.caseId}`}>
                      Open the case
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Page>
  );
}
