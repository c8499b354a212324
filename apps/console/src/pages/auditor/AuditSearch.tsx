import { Badge, Button, Code, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useClient, useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { AuditFilterForm, auditFilterOf, AuditOutcomeChoice, EMPTY_AUDIT_FILTER } from '../../lib/audit-filter';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../../lib/cursor-stack';
import { when } from '../../lib/time';
import { downloadText } from './download';

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

const ExportAudit = graphql(`
  query ExportAuditEvents($filter: AuditEventFilter!) {
    exportAuditEvents(filter: $filter) {
      filename
      contentType
      rowCount
      csv
    }
  }
`);

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
  const client = useClient();
  const [applied, setApplied] = useState<AuditFilterForm>(EMPTY_AUDIT_FILTER);
  const [pages, setPages] = useState(FIRST_PAGE);
  const filter = useMemo(() => auditFilterOf(applied), [applied]);
  const [agencies] = useQuery({ query: AuditAgencies });
  const [{ data, fetching, error }] = useQuery({ query: AuditSearchQuery, variables: { filter, first: PAGE_SIZE, after: currentCursor(pages) } });
  const [exporting, setExporting] = useState(false);
  const [exported, setExported] = useState<{ rowCount: number; filename: string } | null>(null);
  const [exportError, setExportError] = useState<unknown>(null);

  const exportCsv = async () => {
    setExporting(true);
    setExportError(null);
    setExported(null);
    const result = await client.query(ExportAudit, { filter }, { requestPolicy: 'network-only' }).toPromise();
    setExporting(false);
    const file = result.data?.exportAuditEvents;
    if (result.error || !file) {
      setExportError(result.error ?? new Error('no file'));
      return;
    }
    downloadText(file.filename, file.contentType, file.csv);
    setExported({ rowCount: file.rowCount, filename: file.filename });
  };

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
          setExported(null);
        }}
      />
      <Group justify="space-between" wrap="wrap">
        <Button variant="outline" onClick={() => void exportCsv()} loading={exporting}>
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
      {events.length > 0 && (
        <ScrollTable label="Audit events" minWidth={880}>
          <Table striped data-testid="audit-events">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>When</Table.Th>
                <Table.Th>Action</Table.Th>
                <Table.Th>Outcome</Table.Th>
                <Table.Th>Who</Table.Th>
                <Table.Th>Agency</Table.Th>
                <Table.Th>Case</Table.Th>
                <Table.Th>Details</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {events.map((event) => (
                <Table.Tr key={event.id} data-action={event.action}>
                  <Table.Td>{when(event.occurredAt)}</Table.Td>
                  <Table.Td>
                    <Code>{event.action}</Code>
                  </Table.Td>
                  <Table.Td>
                    <Badge color={event.outcome === 'DENIED' ? 'red.9' : 'teal.9'}>{event.outcome.toLowerCase()}</Badge>
                  </Table.Td>
                  <Table.Td>{event.actorUser?.displayName ?? event.actorType.toLowerCase()}</Table.Td>
                  <Table.Td>{event.actorAgency?.name ?? '—'}</Table.Td>
                  <Table.Td>{event.caseId ? <Code title={event.caseId}>{event.caseId.slice(0, 8)}</Code> : '—'}</Table.Td>
                  <Table.Td>
                    <Text size="xs" style={{ wordBreak: 'break-word' }}>
                      {event.reason ? `${event.reason} ` : ''}
                      {event.details !== '{}' ? event.details : ''}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
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
