import { Anchor, Badge, Button, Group, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { sharedVia } from '../../lib/liaison';
import { when } from '../../lib/time';
import { useViewer } from '../../session/use-session';

const PAGE_SIZE = 25;

const SharedCasesQuery = graphql(`
  query SharedCases($first: Int, $after: String) {
    cases(first: $first, after: $after) {
      edges {
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
          memberships {
            agency {
              id
            }
            role
            grantedVia
            active
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

/** One page of the list (keyset: the cursor it starts after); the last page offers the next. */
function CasesPage({ after, last, onMore }: { after: string | null; last: boolean; onMore: (cursor: string) => void }) {
  const viewer = useViewer();
  const [{ data, fetching, error }] = useQuery({ query: SharedCasesQuery, variables: { first: PAGE_SIZE, after } });
  const edges = data?.cases.edges ?? [];
  const pageInfo = data?.cases.pageInfo;
  return (
    <>
      <ErrorNotice error={error} title="The cases could not be read" />
      {!fetching && !error && after === null && edges.length === 0 && <Text>No case is shared with your agency.</Text>}
      {edges.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped highlightOnHover data-testid="shared-cases">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Case</Table.Th>
                <Table.Th>Lead agency</Table.Th>
                <Table.Th>Shared through</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Risk</Table.Th>
                <Table.Th>Opened</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {edges.map(({ node: c }) => (
                <Table.Tr key={c.id} data-case-id={c.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/cases/${c.id}`}>
                      {c.caseNumber}
                    </Anchor>
                    {c.flags.length > 0 && (
                      <Group gap={4} mt={4}>
                        {c.flags.map((flag) => (
                          <Badge key={flag} size="sm" color="gray" variant="light">
                            {flag.replaceAll('_', ' ').toLowerCase()}
                          </Badge>
                        ))}
                      </Group>
                    )}
                  </Table.Td>
                  <Table.Td>{c.leadAgency.name}</Table.Td>
                  <Table.Td>{sharedVia(c.memberships, viewer.agencyId)}</Table.Td>
                  <Table.Td>{c.status.toLowerCase()}</Table.Td>
                  <Table.Td>{c.riskLevel.toLowerCase()}</Table.Td>
                  <Table.Td>{when(c.openedAt)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {last && pageInfo?.hasNextPage && pageInfo.endCursor && (
        <Group>
          <Button variant="default" onClick={() => onMore(pageInfo.endCursor!)}>
            Show more cases
          </Button>
        </Group>
      )}
    </>
  );
}

/** The cases the viewer's agency holds: reported to it (mandated reporting), referred, shared, or led. */
export function SharedCases() {
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  return (
    <Page
      title="Shared cases"
      actions={
        <Button component={Link} to="/liaison/break-glass" variant="outline" color="red.9">
          Break glass on a case not shared
        </Button>
      }
    >
      <Text size="sm">
        Cases reported to your agency, referred or shared with it, newest first.
      </Text>
      {cursors.map((after, index) => (
        <CasesPage key={after ?? 'first'} after={after} last={index === cursors.length - 1} onMore={(cursor) => setCursors((list) => [...list, cursor])} />
      ))}
    </Page>
  );
}
