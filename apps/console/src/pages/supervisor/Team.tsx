import { Anchor, Badge, Button, Group, Select, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ScrollTable } from '../../components/ScrollTable';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { caseloads, label } from '../../lib/supervision';

const TeamQuery = graphql(`
  query TeamCaseload {
    agencyStaff(first: 100) {
      edges {
        node {
          id
          displayName
          role
        }
      }
    }
    cases(filter: { statuses: [OPEN, ACTIVE] }, first: 100) {
      edges {
        node {
          id
          caseNumber
          status
          riskLevel
          assignments {
            role
            user {
              id
              displayName
            }
          }
        }
      }
      pageInfo {
        hasNextPage
      }
    }
  }
`);

const AssignMutation = graphql(`
  mutation AssignUser($caseId: ID!, $userId: ID!, $role: AssignmentRole!) {
    assignUser(caseId: $caseId, userId: $userId, role: $role) {
      id
      assignments {
        role
        user {
          id
          displayName
        }
      }
    }
  }
`);

const UnassignMutation = graphql(`
  mutation UnassignUser($caseId: ID!, $userId: ID!) {
    unassignUser(caseId: $caseId, userId: $userId) {
      id
      assignments {
        role
        user {
          id
          displayName
        }
      }
    }
  }
`);

/** The agency's staff with their open cases (led by the agency or shared with it), and assigning a person to one or taking them off it. */
export function Team() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: TeamQuery });
  const [assigned, assign] = useMutation(AssignMutation);
  const [unassigned, unassign] = useMutation(UnassignMutation);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [userId, setUserId] = useState<string | null>(null);
  const [role, setRole] = useState<string | null>('SECONDARY');
  const [done, setDone] = useState<string | null>(null);

  const staff = (data?.agencyStaff.edges ?? []).map(({ node }) => node);
  const cases = (data?.cases.edges ?? []).map(({ node }) => node);
  const loads = caseloads(staff, cases);

  const submit = async () => {
    if (!caseId || !userId || !role) return;
    setDone(null);
    const result = await assign({ caseId, userId, role: role as 'PRIMARY' | 'SECONDARY' });
    if (!result.error) {
      setDone('Assigned.');
      refetch({ requestPolicy: 'network-only' });
    }
  };
  const remove = async (onCase: string, person: string) => {
    setDone(null);
    const result = await unassign({ caseId: onCase, userId: person });
    if (!result.error) {
      setDone('Taken off the case.');
      refetch({ requestPolicy: 'network-only' });
    }
  };

  return (
    <Page title="Team">
      <ErrorNotice error={error} title="The team could not be read" />
      <section aria-labelledby="caseload-heading">
        <Title order={3} id="caseload-heading" mb="xs">
          Caseload
        </Title>
        {!fetching && !error && staff.length === 0 && <Text>No active staff in your agency.</Text>}
        {loads.length > 0 && (
          <ScrollTable label="Caseload" minWidth={480}>
            <Table striped data-testid="caseload">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Person</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Open cases</Table.Th>
                  <Table.Th>Cases</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {loads.map(({ person, cases: theirs }) => (
                  <Table.Tr key={person.id} data-person={person.id}>
                    <Table.Td>{person.displayName}</Table.Td>
                    <Table.Td>{label(person.role)}</Table.Td>
                    <Table.Td data-testid="open-count">{theirs.length}</Table.Td>
                    <Table.Td>
                      <Group gap={6} wrap="wrap">
                        {theirs.map((c) => (
                          <Anchor key={`${c.id}-${c.role}`} component={Link} to={`/cases/${c.id}`} size="sm">
                            {c.caseNumber}
                            {c.role === 'PRIMARY' ? ' (primary)' : ''}
                          </Anchor>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {data?.cases.pageInfo.hasNextPage && <Text size="sm">Counted from the 100 newest open cases.</Text>}
      </section>

      <section aria-labelledby="assign-heading">
        <Title order={3} id="assign-heading" mb="xs">
          Assign
        </Title>
        <Stack gap="sm" maw={520}>
          <Select label="Case" placeholder="Pick an open case" data={cases.map((c) => ({ value: c.id, label: c.caseNumber }))} value={caseId} onChange={setCaseId} searchable />
          <Select label="Person" placeholder="Pick a staff member" data={staff.map((p) => ({ value: p.id, label: p.displayName }))} value={userId} onChange={setUserId} searchable />
          <Select
            label="As"
            data={[
              { value: 'SECONDARY', label: 'Secondary' },
              { value: 'PRIMARY', label: 'Primary' },
            ]}
            value={role}
            onChange={setRole}
            allowDeselect={false}
          />
          <Group>
            <Button onClick={() => void submit()} disabled={!caseId || !userId} loading={assigned.fetching}>
              Assign
            </Button>
          </Group>
          <ErrorNotice error={assigned.error ?? unassigned.error} title="Not changed" />
          {done && (
            <Text role="status" c="green.9">
              {done}
            </Text>
          )}
        </Stack>
      </section>

      <section aria-labelledby="cases-heading">
        <Title order={3} id="cases-heading" mb="xs">
          Open cases and who is on them
        </Title>
        {!fetching && !error && cases.length === 0 && <Text>Your agency has no open case.</Text>}
        {cases.length > 0 && (
          <ScrollTable label="Open cases" minWidth={520}>
            <Table striped data-testid="team-cases">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Case</Table.Th>
                  <Table.Th>Risk</Table.Th>
                  <Table.Th>Assigned</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {cases.map((c) => (
                  <Table.Tr key={c.id} data-case={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/cases/${c.id}`}>
                        {c.caseNumber}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Badge color={c.riskLevel === 'HIGH' ? 'red.9' : 'gray.8'}>{label(c.riskLevel)}</Badge>
                    </Table.Td>
                    <Table.Td>
                      <Group gap={8} wrap="wrap">
                        {c.assignments.length === 0 && <Text size="sm">Nobody</Text>}
                        {c.assignments.map((a) => (
                          <Group key={a.user.id} gap={4} wrap="nowrap">
                            <Text size="sm">
                              {a.user.displayName} ({label(a.role)})
                            </Text>
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red"
                              onClick={() => void remove(c.id, a.user.id)}
                            >
                              Take off
                              <VisuallyHidden>
                                {' '}
                                {a.user.displayName} from case {c.caseNumber}
                              </VisuallyHidden>
                            </Button>
                          </Group>
                        ))}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
      </section>
    </Page>
  );
}
