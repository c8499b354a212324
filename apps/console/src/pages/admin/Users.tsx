import { Alert, Badge, Button, Card, Code, CopyButton, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { Page } from '../../components/Page';
import { graphql, ResultOf } from '../../graphql';
import { currentCursor, FIRST_PAGE, nextPage, pageNumber, previousPage } from '../../lib/cursor-stack';
import { temporaryPassword } from '../../lib/temporary-password';
import { when } from '../../lib/time';
import type { Role } from '../../session/session';
import { useViewer } from '../../session/use-session';
import { ROLE_LABEL } from './labels';

const PAGE_SIZE = 50;
/** Lists that show users refetch when a user changes, even from an empty list. */
const USERS_CONTEXT = { additionalTypenames: ['User'] };

const UsersQuery = graphql(`
  query ManagedUsers($agencyId: ID, $first: Int, $after: String) {
    users(agencyId: $agencyId, first: $first, after: $after) {
      edges {
        node {
          id
          displayName
          email
          role
          active
          lockedUntil
          passwordChangeRequired
          agency {
            id
            name
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

const AgencyChoices = graphql(`
  query UserAgencyChoices {
    agencies {
      id
      name
    }
  }
`);

const CreateUser = graphql(`
  mutation CreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      id
      displayName
      email
      role
    }
  }
`);

const DisableUser = graphql(`
  mutation DisableUser($id: ID!) {
    disableUser(id: $id) {
      id
      active
    }
  }
`);

const EnableUser = graphql(`
  mutation EnableUser($id: ID!) {
    enableUser(id: $id) {
      id
      active
    }
  }
`);

const ResetUserMfa = graphql(`
  mutation ResetUserMfa($userId: ID!) {
    resetUserMfa(userId: $userId)
  }
`);

type ManagedUser = ResultOf<typeof UsersQuery>['users']['edges'][number]['node'];

/** The roles a viewer may create: an agency's administrator its staff and supervisors; the system administrator agency administrators and auditors. */
function creatableRoles(role: Role): Role[] {
  return role === 'SYSTEM_ADMIN' ? ['AGENCY_ADMIN', 'AUDITOR'] : ['STAFF', 'SUPERVISOR'];
}

function Status({ user }: { user: ManagedUser }) {
  if (user.active === null) return <Text size="sm">withheld (not your agency's account)</Text>;
  return (
    <Group gap={4}>
      {user.active ? <Badge color="teal.9">active</Badge> : <Badge color="gray.8">disabled</Badge>}
      {user.lockedUntil && (
        <Badge color="red.9" title={when(user.lockedUntil)}>
          locked after failed sign-ins
        </Badge>
      )}
      {user.passwordChangeRequired && <Badge color="indigo.9">temporary password</Badge>}
    </Group>
  );
}

/** Disable or enable, reset the second factor: each asked once more before it is done. */
function UserActions({ user, self }: { user: ManagedUser; self: boolean }) {
  const [confirming, setConfirming] = useState<'disable' | 'reset' | null>(null);
  const [disabled, disable] = useMutation(DisableUser);
  const [enabled, enable] = useMutation(EnableUser);
  const [reset, resetMfa] = useMutation(ResetUserMfa);
  if (self) return <Text size="sm">your own account</Text>;
  const error = disabled.error ?? enabled.error ?? reset.error;
  const name = user.displayName;
  return (
    <Stack gap={4}>
      {confirming === null && (
        <Group gap={6}>
          {user.active ? (
            <Button size="compact-sm" variant="outline" color="red.9" onClick={() => setConfirming('disable')} aria-label={`Disable ${name}`}>
              Disable
            </Button>
          ) : (
            <Button size="compact-sm" variant="outline" loading={enabled.fetching} onClick={() => void enable({ id: user.id }, USERS_CONTEXT)} aria-label={`Enable ${name}`}>
              Enable
            </Button>
          )}
          <Button size="compact-sm" variant="outline" onClick={() => setConfirming('reset')} aria-label={`Reset second factor of ${name}`}>
            Reset second factor
          </Button>
        </Group>
      )}
      {confirming && (
        <Group gap={6}>
          <Text size="sm">{confirming === 'disable' ? 'Disable the account and end its sessions?' : 'Remove the second factor and end its sessions?'}</Text>
          <Button
            size="compact-sm"
            color="red.9"
            loading={disabled.fetching || reset.fetching}
            onClick={async () => {
              if (confirming === 'disable') await disable({ id: user.id }, USERS_CONTEXT);
              else await resetMfa({ userId: user.id }, USERS_CONTEXT);
              setConfirming(null);
            }}
          >
            {confirming === 'disable' ? 'Yes, disable' : 'Yes, reset'}
          </Button>
          <Button size="compact-sm" variant="default" onClick={() => setConfirming(null)}>
            Cancel
          </Button>
        </Group>
      )}
      {reset.data && (
        <Text size="sm" role="status">
          {reset.data.resetUserMfa ? 'Second factor removed: they enrol again at their next sign-in.' : 'They had no second factor.'}
        </Text>
      )}
      <ErrorNotice error={error} />
    </Stack>
  );
}

interface NewUserForm {
  displayName: string;
  email: string;
  role: Role;
  agencyId: string;
}

/** A new account with a temporary password made here, shown once: the person must choose their own at the first sign-in. */
function CreateUserCard({ agencies, ownAgencyId, roles }: { agencies: { id: string; name: string }[]; ownAgencyId: string | null; roles: Role[] }) {
  const empty: NewUserForm = { displayName: '', email: '', role: roles[0]!, agencyId: ownAgencyId ?? '' };
  const [form, setForm] = useState<NewUserForm>(empty);
  const [created, create] = useMutation(CreateUser);
  const [handOver, setHandOver] = useState<{ password: string; email: string; name: string } | null>(null);
  const choosesAgency = ownAgencyId === null;
  const needsAgency = form.role !== 'AUDITOR';

  if (handOver) {
    return (
      <Card withBorder>
        <Alert color="indigo" title="User created" data-testid="user-created">
          <Stack gap="xs">
            <Text size="sm">
              {handOver.name} ({handOver.email}) signs in with this temporary password and must choose their own at once. Give it to them in person or by
              phone, never by email. It is shown only now.
            </Text>
            <Group gap="xs">
              <Code fz="md" data-testid="temporary-password">
                {handOver.password}
              </Code>
              <CopyButton value={handOver.password}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant="default" onClick={copy}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Button w="fit-content" onClick={() => setHandOver(null)}>
              Done: hide the password
            </Button>
          </Stack>
        </Alert>
      </Card>
    );
  }
  return (
    <Card withBorder>
      <form
        aria-labelledby="create-user-heading"
        onSubmit={async (event) => {
          event.preventDefault();
          const password = temporaryPassword();
          const input = { displayName: form.displayName, email: form.email, role: form.role, password, agencyId: needsAgency ? form.agencyId || null : null };
          const result = await create({ input }, USERS_CONTEXT);
          if (result.data) {
            setHandOver({ password, email: result.data.createUser.email, name: result.data.createUser.displayName });
            setForm(empty);
          }
        }}
      >
        <Stack gap="sm">
          <Title order={3} id="create-user-heading">
            New user
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Name" required value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.currentTarget.value })} />
            <TextInput label="Email" type="email" required value={form.email} onChange={(e) => setForm({ ...form, email: e.currentTarget.value })} />
            <NativeSelect label="Role" value={form.role} onChange={(e) => setForm({ ...form, role: e.currentTarget.value as Role })} data={roles.map((r) => ({ value: r, label: ROLE_LABEL[r] }))} />
            {choosesAgency && needsAgency && (
              <NativeSelect
                label="Agency"
                required
                value={form.agencyId}
                onChange={(e) => setForm({ ...form, agencyId: e.currentTarget.value })}
                data={[{ value: '', label: 'Choose an agency' }, ...agencies.map((a) => ({ value: a.id, label: a.name }))]}
              />
            )}
          </SimpleGrid>
          <Text size="sm">A temporary password is made for them when you create the account, and shown once.</Text>
          <ErrorNotice error={created.error} title="Not created" />
          <Button type="submit" loading={created.fetching} w="fit-content">
            Create user
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

/** An agency's accounts (the system administrator: any agency's, or every agency's), and a new one. */
export function Users() {
  const viewer = useViewer();
  const system = viewer.role === 'SYSTEM_ADMIN';
  const [agencyId, setAgencyId] = useState('');
  const [pages, setPages] = useState(FIRST_PAGE);
  const [agencies] = useQuery({ query: AgencyChoices, pause: !system });
  const [{ data, fetching, error }] = useQuery({
    query: UsersQuery,
    variables: { agencyId: agencyId || null, first: PAGE_SIZE, after: currentCursor(pages) },
    context: USERS_CONTEXT,
  });
  const users = data?.users.edges.map((edge) => edge.node) ?? [];
  const pageInfo = data?.users.pageInfo;
  const agencyList = agencies.data?.agencies ?? [];
  return (
    <Page title="Users">
      <Text>{system ? "Any agency's accounts. You create agency administrators and auditors." : `The accounts of ${viewer.agencyName ?? 'your agency'}. You create its staff and supervisors.`}</Text>
      <CreateUserCard agencies={agencyList} ownAgencyId={system ? null : viewer.agencyId} roles={creatableRoles(viewer.role)} />
      <Title order={3}>Accounts</Title>
      {system && (
        <NativeSelect
          label="Agency"
          maw={360}
          value={agencyId}
          onChange={(e) => {
            setAgencyId(e.currentTarget.value);
            setPages(FIRST_PAGE);
          }}
          data={[{ value: '', label: 'Every agency' }, ...agencyList.map((a) => ({ value: a.id, label: a.name }))]}
        />
      )}
      <ErrorNotice error={error} title="The users could not be read" />
      {!fetching && !error && users.length === 0 && <Text>No accounts yet.</Text>}
      {users.length > 0 && (
        <ScrollTable label="Accounts" minWidth={820}>
          <Table striped data-testid="users">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th>Role</Table.Th>
                {system && <Table.Th>Agency</Table.Th>}
                <Table.Th>Status</Table.Th>
                <Table.Th>Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {users.map((user) => (
                <Table.Tr key={user.id} data-user-id={user.id}>
                  <Table.Td>{user.displayName}</Table.Td>
                  <Table.Td>{user.email}</Table.Td>
                  <Table.Td>{ROLE_LABEL[user.role]}</Table.Td>
                  {system && <Table.Td>{user.agency?.name ?? '—'}</Table.Td>}
                  <Table.Td>
                    <Status user={user} />
                  </Table.Td>
                  <Table.Td>
                    <UserActions user={user} self={user.id === viewer.id} />
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      {(pageNumber(pages) > 1 || pageInfo?.hasNextPage) && (
        <Group>
          <Button variant="default" disabled={pageNumber(pages) === 1} onClick={() => setPages(previousPage(pages))}>
            Previous page
          </Button>
          <Button variant="default" disabled={!pageInfo?.hasNextPage} onClick={() => setPages(nextPage(pages, pageInfo?.endCursor))}>
            Next page
          </Button>
        </Group>
      )}
    </Page>
  );
}
