import { Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useQuery } from 'urql';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { ScrollTable } from '../../../components/ScrollTable';
import { when } from '../../../lib/time';
import { words } from './parts';
import { CaseTimelineQuery } from './queries';

/** What happened on the case, oldest first, as far as the viewer's scopes go; a page at a time. */
export function Timeline({ caseId }: { caseId: string }) {
  const [pages, setPages] = useState<(string | null)[]>([null]);
  return (
    <ScrollTable label="Timeline" minWidth={560}>
      <Table striped data-testid="timeline">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Agency</Table.Th>
            <Table.Th>What happened</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {pages.map((after, index) => (
            <TimelinePage key={after ?? 'first'} caseId={caseId} after={after} last={index === pages.length - 1} onMore={(cursor) => setPages([...pages, cursor])} />
          ))}
        </Table.Tbody>
      </Table>
    </ScrollTable>
  );
}

function TimelinePage({ caseId, after, last, onMore }: { caseId: string; after: string | null; last: boolean; onMore: (cursor: string) => void }) {
  const [{ data, error, fetching }] = useQuery({ query: CaseTimelineQuery, variables: { id: caseId, after } });
  const timeline = data?.case.timeline;
  return (
    <>
      {error && (
        <Table.Tr>
          <Table.Td colSpan={3}>
            <ErrorNotice error={error} title="The timeline could not be read" />
          </Table.Td>
        </Table.Tr>
      )}
      {timeline?.edges.map(({ node }) => (
        <Table.Tr key={node.id} data-kind={node.kind}>
          <Table.Td>{when(node.occurredAt)}</Table.Td>
          <Table.Td>{node.actorAgency?.name ?? 'Tandem'}</Table.Td>
          <Table.Td>
            {node.summary}
            {node.scope !== 'SUMMARY' && (
              <Text span size="xs" ml={6}>
                ({words(node.scope)})
              </Text>
            )}
          </Table.Td>
        </Table.Tr>
      ))}
      {last && timeline?.pageInfo.hasNextPage && timeline.pageInfo.endCursor && (
        <Table.Tr>
          <Table.Td colSpan={3}>
            <Group>
              <Button variant="light" size="xs" loading={fetching} onClick={() => onMore(timeline.pageInfo.endCursor!)}>
                Show later events
              </Button>
            </Group>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}
