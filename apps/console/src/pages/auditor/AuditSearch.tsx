import { Badge, Button, Code, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useQuery } from 'urql';
import { type AuditColumn, AuditEventTable, useAuditExport } from '../../components/AuditEventTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql, type ResultOf } from '../../graphql';
import { AuditFilterForm, auditFilterOf, AuditOutcomeChoice, EMPTY_AUDIT_FILTER } from '../../lib/audit-filter';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../../lib/cursor-stack';
import { when } from '../../lib/time';

const PAGE_SIZE = 50;

const AuditAgencies = graphql(`
  query AuditAgencies {
    agencies {
      id
      name
    }
  }
`);

const AuditSearchQuery = graphql(`
  query AuditSearch($filter: AuditEventFilter, $first: Int, $after: String) {
    auditEvents(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          occurredAt
          action
          outcome
          actorType
          actorUser {
            id
            displayName
          }
          actorAgency {
            id
            name
          }
          caseId
          subjectType
          reason
          details
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type AuditEvent = ResultOf<typeof AuditSearchQuery>['auditEvents']['edges'][number]['node'];

/** An auditor's columns: the action's code, the actor's type where no user acted, the event's details. */
const COLUMNS: AuditColumn<AuditEvent>[] = [
  { header: 'When', cell: (event) => when(event.occurredAt) },
  { header: 'Action', cell: (event) => <Code>{event.action}</Code> },
  { header: 'Outcome', cell: (event) => <Badge color={event.outcome === 'DENIED' ? 'red.9' : 'teal.9'}>{event.outcome.toLowerCase()}</Badge> },
  { header: 'Who', cell: (event) => event.actorUser?.displayName ?? event.actorType.toLowerCase() },
  { header: 'Agency', cell: (event) => event.actorAgency?.name ?? '—' },
  { header: 'Case', cell: (event) => (event.caseId ? <Code title={event.caseId}>{event.caseId.slice(0, 8)}</Code> : '—') },
  {
    header: 'Details',
    cell: (event) => (
      <Text size="xs" style={{ wordBreak: 'break-word' }}>
        {event.reason ? `${event.reason} ` : ''}
        {event.details !== '{}' ? event.details : ''}
      </Text>
    ),
  },
];

/** The search form; what it holds is applied on "Search", never put in the address. */
function FilterForm({ agencies, onSearch }: { agencies: { id: string; name: string }[]; onSearch: (form: AuditFilterForm) => void }) {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const set = (key: keyof AuditFilterForm) => (event: { currentTarget: { value: string } }) => setForm({ ...form, [key]: event.currentTarget.value });
  return (
    <form
      aria-label="Audit search"
      onSubmit={(event) => {
        event.preventDefault();
        onSearch(form);
      }}
    >
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <TextInput label="Action" description="e.g. CASE_VIEW, EXPORT" descriptionProps={{ c: 'gray.8' }} value={form.action} onChange={set('action')} />
          <NativeSelect
            label="Outcome"
            value={form.outcome}
            onChange={(event) => setForm({ ...form, outcome: event.currentTarget.value as AuditOutcomeChoice })}
            data={[
              { value: '', label: 'Allowed and denied' },
              { value: 'ALLOWED', label: 'Allowed' },
              { value: 'DENIED', label: 'Denied' },
            ]}
          />
          <NativeSelect label="Agency of the actor" value={form.actorAgencyId} onChange={set('actorAgencyId')} data={[{ value: '', label: 'Every agency' }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]} />
          <TextInput label="User id of the actor" value={form.actorUserId} onChange={set('actorUserId')} />
          <TextInput label="Case id" value={form.caseId} onChange={set('caseId')} />
          <TextInput label="From (day)" type="date" value={form.fromDay} onChange={set('fromDay')} />
          <TextInput label="To (day, included)" type="date" value={form.toDay} onChange={set('toDay')} />
        </SimpleGrid>
        <Group>
          <Button type="submit">Search</Button>
          <Button
            variant="default"
            onClick={() => {
              setForm(EMPTY_AUDIT_FILTER);
              onSearch(EMPTY_AUDIT_FILTER);
            }}
          >
            Clear
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Audit events across every agency, newest first, with keyset paging and the CSV export of the same filter. */
export function AuditSearch() {
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [pages, setPages] = useState(FIRST_PAGE);
  const filter = useMemo(() => auditFilterOf(applied), [applied]);
  const [agencies] = useQuery({ query: AuditAgencies });
  const [{ data, fetching, error }] = useQuery({ query: AuditSearchQuery, variables: { filter, first: PAGE_SIZE, after: currentCursor(pages) } });
  const { exporting, exported, exportError, exportCsv, clearExported } = useAuditExport();

  const events = data?.auditEvents.edges.map((edge) => edge.node) ?? [];
  const pageInfo = data?.auditEvents.pageInfo;
  return (
    <Page title="Audit search">
      <Text>Every agency's audit trail, newest first. Each search and export is itself recorded in the trail.</Text>
      <FilterForm
        agencies={agencies.data?.agencies ?? []}
        onSearch={(form) => {
          setApplied(form);
          setPages(FIRST_PAGE);
          clearExported();
        }}
      />
      <Group justify="space-between" wrap="wrap">
        <Button variant="outline" onClick={() => void exportCsv(filter)} loading={exporting}>
          Export these events as CSV
        </Button>
        {exported && (
          <Text role="status" data-testid="export-done">
            {exported.rowCount} events exported to {exported.filename}.
          </Text>
        )}
      </Group>
      <ErrorNotice error={exportError} title="Not exported" />
      <ErrorNotice error={error} title="The audit trail could not be read" />
      {!fetching && !error && events.length === 0 && <Text>No audit event matches.</Text>}
      {events.length > 0 && <AuditEventTable events={events} columns={COLUMNS} testId="audit-events" minWidth={880} />}
      <Group>
        <Button variant="default" disabled={pageNumber(pages) === 1} onClick={() => setPages(previousPage(pages))}>
          Newer events
        </Button>
        <Text size="sm">Page {pageNumber(pages)}</Text>
        <Button variant="default" disabled={!pageInfo?.hasNextPage} onClick={() => setPages(nextPage(pages, pageInfo?.endCursor))}>
          Older events
        </Button>
      </Group>
    </Page>
  );
}
