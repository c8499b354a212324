import { Anchor, Badge, Text } from '@mantine/core';
import { Link } from 'react-router';
import { type AuditColumn, AuditEventTable } from '../../components/AuditEventTable';
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

/** A supervisor's columns; `logLinks` links each case to its access log. */
function columns(logLinks: boolean): AuditColumn<AuditEventRow>[] {
  return [
    { header: 'When', cell: (event) => when(event.occurredAt) },
    { header: 'Who', cell: who },
    { header: 'Agency', cell: (event) => event.actorAgency?.name ?? '—' },
    { header: 'Action', cell: (event) => label(event.action) },
    {
      header: 'Outcome',
      cell: (event) => <Badge color={event.outcome === 'DENIED' ? 'red.9' : 'gray.8'}>{event.outcome === 'DENIED' ? 'refused' : 'allowed'}</Badge>,
    },
    {
      header: 'Case',
      cell: (event) =>
        event.caseId && logLinks ? (
          <Anchor component={Link} to={`/supervisor/audit/cases/${event.caseId}`} title="The case's access log">
            {event.caseId.slice(0, 8)}
          </Anchor>
        ) : (
          (event.caseId?.slice(0, 8) ?? '—')
        ),
    },
    {
      header: 'Why',
      cell: (event) => (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {event.justification ?? event.reason ?? ''}
        </Text>
      ),
    },
  ];
}

const WITH_LOG_LINKS = columns(true);
const WITHOUT_LOG_LINKS = columns(false);

/** Audit events as a supervisor reads them, newest first; `logLinks` links each case to its access log. */
export function SupervisorAuditTable({ events, logLinks, testId }: { events: readonly AuditEventRow[]; logLinks: boolean; testId: string }) {
  return <AuditEventTable events={events} columns={logLinks ? WITH_LOG_LINKS : WITHOUT_LOG_LINKS} testId={testId} minWidth={760} />;
}
