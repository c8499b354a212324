import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ScrollTable } from '../../components/ScrollTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { when } from '../../lib/time';
import { TipStatusBadge } from './TipStatusBadge';

const PAGE_SIZE = 25;

const TipQueueQuery = graphql(`
  query TipQueue($first: Int, $after: String) {
    tips(first: $first, after: $after) {
      edges {
        node {
          id
          reference
          status
          childInDangerNow
          submittedAt
          place
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

function TipsPage({ after, last, onMore }: { after: string | null; last: boolean; onMore: (cursor: string) => void }) {
  const [{ data, fetching, error }] = useQuery({ query: TipQueueQuery, variables: { first: PAGE_SIZE, after } });
  const edges = data?.tips.edges ?? [];
  const pageInfo = data?.tips.pageInfo;
  return (
    <>
      <ErrorNotice error={error} title="The tips could not be read" />
      {!fetching && !error && after === null && edges.length === 0 && <Text>No tip waits for triage in your jurisdiction.</Text>}
      {edges.length > 0 && (
        <ScrollTable label="Tips" minWidth={600}>
          <Table striped highlightOnHover data-testid="tip-queue">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Tip</Table.Th>
                <Table.Th>Danger</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Received</Table.Th>
                <Table.Th>Place</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {edges.map(({ node: tip }) => (
                <Table.Tr key={tip.id} data-tip-id={tip.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/liaison/tips/${tip.id}`}>
                      {tip.reference}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{tip.childInDangerNow ? <Badge color="red.9">child in danger now</Badge> : 'not said'}</Table.Td>
                  <Table.Td>
                    <TipStatusBadge status={tip.status} />
                  </Table.Td>
                  <Table.Td>{when(tip.submittedAt)}</Table.Td>
                  <Table.Td>{tip.place ?? 'not given'}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {last && pageInfo?.hasNextPage && pageInfo.endCursor && (
        <Group>
          <Button variant="default" onClick={() => onMore(pageInfo.endCursor!)}>
            Show more tips
          </Button>
        </Group>
      )}
    </>
  );
}

/** The jurisdiction's tips waiting for triage: a child in danger now first, then the oldest (the API's order). */
export function TipQueue() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <Page title="Tips">
      <Text size="sm">New tips and tips under review in your jurisdiction: a child in danger now first, then the oldest.</Text>
      {cursors.map((after, index) => (
        <TipsPage key={after ?? 'first'} after={after} last={index === cursors.length - 1} onMore={(cursor) => setCursors((list) => [...list, cursor])} />
      ))}
    </Page>
  );
}
