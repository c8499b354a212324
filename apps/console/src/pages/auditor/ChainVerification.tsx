import { Alert, Button, Code, Group, Loader, SimpleGrid, Table, Text, Title } from '@mantine/core';
import { useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { when } from '../../lib/time';

const VerifyChains = graphql(`
  query AuditChainVerification {
    auditChainVerification {
      checkedAt
      chains
      events
      legacyEvents
      elapsedMs
      intact
      problems {
        chainKey
        kind
        seq
        eventId
        message
      }
    }
  }
`);

const KIND: Record<string, string> = {
  ALTERED: 'an event was changed',
  BROKEN_LINK: 'a link does not follow the one before',
  GAP: 'events are missing',
  REORDERED: 'events are out of time order',
  DUPLICATE: 'two events hold one place',
  UNCHAINED: 'an event has no place in the chain',
  TRUNCATED: 'events are missing at the end',
  FORGED_APPEND: 'events were added past the head',
  HEAD_MISMATCH: 'the head does not match the last event',
};

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <Text size="sm" c="gray.8">
        {label}
      </Text>
      <Text fw={600} data-testid={`figure-${label.toLowerCase().replaceAll(' ', '-')}`}>
        {value}
      </Text>
    </div>
  );
}

/** Recomputes every hash chain of the audit trail when opened (and on request), and names the first broken link of each. */
export function ChainVerification() {
  const [{ data, fetching, error }, verify] = useQuery({ query: VerifyChains, requestPolicy: 'network-only' });
  const report = data?.auditChainVerification;
  return (
    <Page
      title="Chain verification"
      actions={
        <Button onClick={() => verify({ requestPolicy: 'network-only' })} loading={fetching}>
          Verify again
        </Button>
      }
    >
      <Text>
        Every agency's events are linked in a hash chain: changing, removing or reordering an event breaks its chain. Opening this page recomputes every chain, as the command{' '}
        <Code>npm run cli -- audit:verify</Code> does; the check is recorded in the trail.
      </Text>
      <ErrorNotice error={error} title="The chains could not be verified" />
      {fetching && !report && (
        <Group>
          <Loader size="sm" />
          <Text>Verifying every chain…</Text>
        </Group>
      )}
      {report && (
        <>
          {report.intact ? (
            <Alert color="indigo" title="Every chain is intact" data-testid="chain-status" data-intact="true">
              No event was changed, removed or reordered since it was written.
            </Alert>
          ) : (
            <Alert color="red" title={`${report.problems.length} chain${report.problems.length === 1 ? '' : 's'} broken`} data-testid="chain-status" data-intact="false">
              The first broken link of each chain is listed below. Keep the trail as it is and tell the operators of Tandem.
            </Alert>
          )}
          <SimpleGrid cols={{ base: 2, sm: 5 }}>
            <Figure label="Chains" value={report.chains.toLocaleString()} />
            <Figure label="Events checked" value={report.events.toLocaleString()} />
            <Figure label="Events before chaining" value={report.legacyEvents.toLocaleString()} />
            <Figure label="Time taken" value={`${report.elapsedMs.toLocaleString()} ms`} />
            <Figure label="Checked at" value={when(report.checkedAt)} />
          </SimpleGrid>
          {report.problems.length > 0 && (
            <>
              <Title order={3}>Broken chains</Title>
              <ScrollTable label="Broken chains" minWidth={640}>
                <Table striped data-testid="chain-problems">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>Chain</Table.Th>
                      <Table.Th>What is wrong</Table.Th>
                      <Table.Th>Place</Table.Th>
                      <Table.Th>Event</Table.Th>
                      <Table.Th>In words</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {report.problems.map((problem) => (
                      <Table.Tr key={problem.chainKey}>
                        <Table.Td>
                          <Code>{problem.chainKey}</Code>
                        </Table.Td>
                        <Table.Td>{KIND[problem.kind] ?? problem.kind}</Table.Td>
                        <Table.Td>{problem.seq ?? '—'}</Table.Td>
                        <Table.Td>{problem.eventId ? <Code>{problem.eventId}</Code> : '—'}</Table.Td>
                        <Table.Td>{problem.message}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollTable>
            </>
          )}
        </>
      )}
    </Page>
  );
}
