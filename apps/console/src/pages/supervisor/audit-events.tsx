import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ScrollTable } from '../../components/ScrollTable';
import { graphql, type ResultOf } from '../../graphql';
import { label } from '../../lib/supervision';
import { when } from '../../lib/time';

/** The fields of an audit event a supervisor's lists show. */
export const AuditEventFields = graphql(`
  fragment AuditEventFields on AuditEvent {
    id
    occurredAt
    actorType
    actorUserId
    actorUser {
      id
      displayName
    }
    actorAgency {
      id
      name
    }
    action
    outcome
    caseId
    subjectType
    subjectId
    justification
    reason
  }
`);


export type AuditEventRow = ResultOf<typeof AuditEventFields>;

function who(event: AuditEventRow): string {
  if (event.actorType === 'SYSTEM') return 'Tandem';
  if (event.actorType === 'ANONYMOUS') return 'Anonymous caller';
  return event.actorUser?.displayName ?? `User ${event.actorUserId ?? ''}`;
}

/** Audit events as a table, newest first; `logLinks` links each case to its access log. */
export function AuditEventTable({ events, logLinks, testId }: { events: readonly AuditEventRow[]; logLinks: boolean; testId: string }) {
  return (
    <ScrollTable label="Audit events" minWidth={760}>
      <Table striped data-testid={testId}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Who</Table.Th>
            <Table.Th>Agency</Table.Th>
            <Table.Th>Action</Table.Th>
            <Table.Th>Outcome</Table.Th>
            <Table.Th>Case</Table.Th>
            <Table.Th>Why</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Table.Tr key={event.id} data-action={event.action} data-outcome={event.outcome}>
              <Table.Td>{when(event.occurredAt)}</Table.Td>
              <Table.Td>{who(event)}</Table.Td>
              <Table.Td>{event.actorAgency?.name ?? '—'}</Table.Td>
              <Table.Td>{label(event.action)}</Table.Td>
              <Table.Td>
                <Badge color={event.outcome === 'DENIED' ? 'red.9' : 'gray.8'}>{event.outcome === 'DENIED' ? 'refused' : 'allowed'}</Badge>
              </Table.Td>
              <Table.Td>
                {event.caseId && logLinks ? (
                  <Anchor component={Link} to={`/supervisor/audit/cases/${event.caseId}`} title="The case's access log">
                    {event.caseId.slice(0, 8)}
                  </Anchor>
                ) : (
                  (event.caseId?.slice(0, 8) ?? '—')
                )}
              </Table.Td>
              <Table.Td>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {event.justification ?? event.reason ?? ''}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}
