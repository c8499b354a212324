import { Anchor, Button, Checkbox, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Page } from '../../../components/Page';
import { graphql, type VariablesOf } from '../../../graphql';
import { codeWords, optional } from '../../../lib/form-input';
import { currentAfter, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../../../lib/keyset-pages';
import { when } from '../../../lib/time';
import { ScrollTable } from '../../../components/ScrollTable';
import { isRedacted, RiskBadge, Withheld } from './parts';

export const CASES_PAGE_SIZE = 20;

const MyCasesQuery = graphql(`
  query MyCases($first: Int, $after: String, $filter: CaseFilterInput) {
    cases(first: $first, after: $after, filter: $filter) {
      edges {
        cursor
        node {
          id
          caseNumber
          status
          riskLevel
          flags
          openedAt
          leadAgency {
            id
            name
          }
          child {
            legalName
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

type CaseFilter = NonNullable<VariablesOf<typeof MyCasesQuery>['filter']>;
type Status = NonNullable<CaseFilter['statuses']>[number];
type Risk = NonNullable<CaseFilter['riskLevels']>[number];
type Flag = NonNullable<CaseFilter['flags']>[number];

const STATUSES: Status[] = ['OPEN', 'ACTIVE', 'CLOSED'];
const RISKS: Risk[] = ['HIGH', 'ELEVATED', 'LOW', 'UNKNOWN'];
const FLAGS: Flag[] = ['MISSING', 'RECENT_RECOVERY', 'SCREENED_POSITIVE', 'TRAFFICKING_VICTIM', 'HIGH_RISK_CONTACT', 'PREGNANT_OR_PARENTING', 'REPORT_OVERDUE'];

/**
 * The cases the viewer sees, newest first, a page at a time (keyset: "Next page" asks for what
 * follows the last row). Filters live in this page's state only: never in the address.
 */
export function MyCases() {
  const [statuses, setStatuses] = useState<Status[]>([]);
  const [risks, setRisks] = useState<Risk[]>([]);
  const [flags, setFlags] = useState<Flag[]>([]);
  const [assignedToMe, setAssignedToMe] = useState(false);
  const [numberText, setNumberText] = useState('');
  const [caseNumber, setCaseNumber] = useState<string | null>(null);
  const [pages, setPages] = useState(FIRST_PAGE);

  const filter: CaseFilter = {
    ...(statuses.length ? { statuses } : {}),
    ...(risks.length ? { riskLevels: risks } : {}),
    ...(flags.length ? { flags } : {}),
    ...(assignedToMe ? { assignedToMe: true } : {}),
    ...(caseNumber ? { caseNumber } : {}),
  };
  const [{ data, fetching, error, extensions }] = useQuery({ query: MyCasesQuery, variables: { first: CASES_PAGE_SIZE, after: currentAfter(pages), filter } });
  const filtered = <T,>(set: (value: T) => void) => (value: T) => {
    set(value);
    setPages(FIRST_PAGE);
  };
  const edges = data?.cases.edges ?? [];
  const pageInfo = data?.cases.pageInfo;

  return (
    <Page
      title="My cases"
      actions={
        <Button component={Link} to="/cases/new">
          New case
        </Button>
      }
    >
      <form
        aria-label="Filter the cases"
        onSubmit={(event) => {
          event.preventDefault();
          filtered(setCaseNumber)(optional(numberText));
        }}
      >
        <Stack gap="sm">
          <Checkbox.Group label="Status" value={statuses} onChange={(v) => filtered(setStatuses)(v as Status[])}>
            <Group gap="md" mt={4} wrap="wrap">
              {STATUSES.map((s) => (
                <Checkbox key={s} value={s} label={codeWords(s)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group label="Risk level" value={risks} onChange={(v) => filtered(setRisks)(v as Risk[])}>
            <Group gap="md" mt={4} wrap="wrap">
              {RISKS.map((r) => (
                <Checkbox key={r} value={r} label={codeWords(r)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox.Group label="Flags (cases carrying all of those ticked)" value={flags} onChange={(v) => filtered(setFlags)(v as Flag[])}>
            <Group gap="md" mt={4} wrap="wrap">
              {FLAGS.map((f) => (
                <Checkbox key={f} value={f} label={codeWords(f)} />
              ))}
            </Group>
          </Checkbox.Group>
          <Checkbox label="Only cases assigned to me" checked={assignedToMe} onChange={(e) => filtered(setAssignedToMe)(e.currentTarget.checked)} />
          <Group align="end" wrap="wrap">
            <TextInput label="Case number" value={numberText} onChange={(e) => setNumberText(e.currentTarget.value)} autoComplete="off" />
            <Button type="submit" variant="light">
              Find
            </Button>
          </Group>
        </Stack>
      </form>
      <ErrorNotice error={error} title="The cases could not be read" />
      {!fetching && !error && edges.length === 0 && <Text>No case matches these filters.</Text>}
      {edges.length > 0 && (
        <ScrollTable label="The cases" minWidth={720}>
          <Table striped highlightOnHover data-testid="my-cases">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Case</Table.Th>
                <Table.Th>Child</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Risk</Table.Th>
                <Table.Th>Flags</Table.Th>
                <Table.Th>Lead agency</Table.Th>
                <Table.Th>Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {edges.map(({ node }, index) => (
                <Table.Tr key={node.id} data-case-id={node.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${node.id}`}>
                      {node.caseNumber}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {node.child.legalName ?? (
                      <Withheld why={isRedacted(extensions, `cases.edges.${index}.node.child.legalName`) ? 'identity not shared with your agency' : 'not shared'} />
                    )}
                  </Table.Td>
                  <Table.Td>{codeWords(node.status)}</Table.Td>
                  <Table.Td>
                    <RiskBadge level={node.riskLevel} />
                  </Table.Td>
                  <Table.Td>{node.flags.length ? node.flags.map(codeWords).join(', ') : 'none'}</Table.Td>
                  <Table.Td>{node.leadAgency.name}</Table.Td>
                  <Table.Td>{when(node.openedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <Group justify="space-between" wrap="wrap">
        <Text size="sm" aria-live="polite">
          Page {pageNumber(pages)}
        </Text>
        <Group gap="sm">
          <Button variant="default" disabled={pageNumber(pages) === 1} onClick={() => setPages(previousPage(pages))}>
            Previous page
          </Button>
          <Button variant="default" disabled={!pageInfo?.hasNextPage || fetching} onClick={() => setPages(nextPage(pages, pageInfo?.endCursor))}>
            Next page
          </Button>
        </Group>
      </Group>
    </Page>
  );
}
