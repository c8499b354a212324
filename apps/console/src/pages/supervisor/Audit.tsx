import { Button, Group, Select, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { useAuditExport } from '../../components/AuditEventTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql, readFragment, type VariablesOf } from '../../graphql';
import { dayBound } from '../../lib/supervision';
import { AuditEventFields, SupervisorAuditTable } from './audit-events';

const AuditQuery = graphql(
  `
    query AuditTrail($filter: AuditEventFilter, $after: String) {
      auditEvents(filter: $filter, first: 50, after: $after) {
        edges {
          node {
            ...AuditEventFields
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  `,
  [AuditEventFields],
);

const StaffQuery = graphql(`
  query AuditStaff {
    agencyStaff(first: 100) {
      edges {
        node {
          id
          displayName
        }
      }
    }
  }
`);

type Filter = NonNullable<VariablesOf<typeof AuditQuery>['filter']>;
type Outcome = NonNullable<Filter['outcome']>;

interface Draft {
  action: string;
  outcome: string | null;
  actorUserId: string | null;
  caseId: string;
  from: string;
  to: string;
}

const EMPTY: Draft = { action: '', outcome: null, actorUserId: null, caseId: '', from: '', to: '' };

function filterOf(draft: Draft): Filter {
  return {
    action: draft.action.trim() ? draft.action.trim().toUpperCase().replaceAll(' ', '_') : null,
    outcome: (draft.outcome as Outcome | null) ?? null,
    actorUserId: draft.actorUserId,
    caseId: draft.caseId.trim() || null,
    from: dayBound(draft.from),
    to: dayBound(draft.to, true),
  };
}

/** The audit trail a supervisor reads (their agency's users, and the cases it leads), filtered, paged, exported as CSV. */
export function Audit() {
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [filter, setFilter] = useState<Filter>(filterOf(EMPTY));
  const [pages, setPages] = useState<(string | null)[]>([null]);
  const after = pages[pages.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({ query: AuditQuery, variables: { filter, after } });
  const [{ data: staff }] = useQuery({ query: StaffQuery });
  const { exporting, exported, exportError, exportCsv } = useAuditExport();

  const events = (data?.auditEvents.edges ?? []).map(({ node }) => readFragment(AuditEventFields, node));
  const pageInfo = data?.auditEvents.pageInfo;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const apply = () => {
    setFilter(filterOf(draft));
    setPages([null]);
  };
  const clear = () => {
    setDraft(EMPTY);
    setFilter(filterOf(EMPTY));
    setPages([null]);
  };
  return (
    <Page
      title="Audit trail"
      actions={
        <Button variant="outline" onClick={() => void exportCsv(filter)} loading={exporting}>
          Export CSV
        </Button>
      }
    >
      <Text size="sm">Events of your agency's users and on the cases your agency leads, newest first. Reading and exporting the trail are themselves recorded.</Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <Stack gap="sm">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput label="Action" description="A code such as CASE_VIEW or BREAK_GLASS" value={draft.action} onChange={(event) => set({ action: event.currentTarget.value })} />
            <Select
              label="Outcome"
              placeholder="Any"
              clearable
              data={[
                { value: 'ALLOWED', label: 'Allowed' },
                { value: 'DENIED', label: 'Refused' },
              ]}
              value={draft.outcome}
              onChange={(value) => set({ outcome: value })}
            />
            <Select
              label="Person"
              placeholder="Anyone"
              clearable
              searchable
              data={(staff?.agencyStaff.edges ?? []).map(({ node }) => ({ value: node.id, label: node.displayName }))}
              value={draft.actorUserId}
              onChange={(value) => set({ actorUserId: value })}
            />
            <TextInput label="Case id" value={draft.caseId} onChange={(event) => set({ caseId: event.currentTarget.value })} />
            <TextInput label="From day" type="date" value={draft.from} onChange={(event) => set({ from: event.currentTarget.value })} />
            <TextInput label="To day" type="date" value={draft.to} onChange={(event) => set({ to: event.currentTarget.value })} />
          </SimpleGrid>
          <Group>
            <Button type="submit">Apply filters</Button>
            <Button variant="default" onClick={clear}>
              Clear
            </Button>
          </Group>
        </Stack>
      </form>
      <ErrorNotice error={exportError} title="Not exported" />
      {exported && (
        <Text role="status" c="green.9">
          {`${exported.rowCount} event${exported.rowCount === 1 ? '' : 's'} exported to ${exported.filename}.`}
        </Text>
      )}
      <ErrorNotice error={error} title="The audit trail could not be read" />
      {!fetching && !error && events.length === 0 && <Text>No event matches.</Text>}
      {events.length > 0 && <SupervisorAuditTable events={events} logLinks testId="audit-events" />}
      <Group>
        {pages.length > 1 && (
          <Button variant="default" onClick={() => setPages(pages.slice(0, -1))}>
            Newer events
          </Button>
        )}
        {pageInfo?.hasNextPage && (
          <Button variant="default" onClick={() => setPages([...pages, pageInfo.endCursor ?? null])}>
            Older events
          </Button>
        )}
      </Group>
    </Page>
  );
}
