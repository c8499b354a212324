import { Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ScrollTable } from '../../components/ScrollTable';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { when } from '../../lib/time';
import { useViewer } from '../../session/use-session';
import { MfaEnrollment } from './MfaEnrollment';
import { PasswordChange } from './PasswordChange';

const SESSIONS = { additionalTypenames: ['Session'] };
const MFA = { additionalTypenames: ['MfaStatus'] };

const MySessions = graphql(`
  query MySessions {
    sessions {
      id
      current
      browser
      device
      address
      createdAt
      lastUsedAt
      expiresAt
    }
  }
`);

const EndSession = graphql(`
  mutation EndSession($id: ID!) {
    endSession(id: $id)
  }
`);

const EndOtherSessions = graphql(`
  mutation EndOtherSessions {
    endOtherSessions
  }
`);

const MyMfa = graphql(`
  query MyMfa {
    myMfa {
      enrolled
      required
      recoveryCodesLeft
    }
  }
`);

/** The account's sessions still in force: end one, or every one but this. */
function Sessions() {
  const [{ data, error }] = useQuery({ query: MySessions, context: SESSIONS });
  const [ended, end] = useMutation(EndSession);
  const [others, endOthers] = useMutation(EndOtherSessions);
  const sessions = data?.sessions ?? [];
  const otherCount = sessions.filter((s) => !s.current).length;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3}>Where you are signed in</Title>
        <ErrorNotice error={error ?? ended.error ?? others.error} />
        {sessions.length > 0 && (
          <ScrollTable label="Sessions" minWidth={640}>
            <Table striped data-testid="sessions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Device</Table.Th>
                  <Table.Th>Address</Table.Th>
                  <Table.Th>Signed in</Table.Th>
                  <Table.Th>Last used</Table.Th>
                  <Table.Th>End</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((s) => (
                  <Table.Tr key={s.id} data-session-id={s.id} data-current={s.current || undefined}>
                    <Table.Td>
                      {s.device ?? (s.browser ? 'A browser' : 'An API client')} {s.current && <Badge color="indigo.9">this one</Badge>}
                    </Table.Td>
                    <Table.Td>{s.address ?? '—'}</Table.Td>
                    <Table.Td>{when(s.createdAt)}</Table.Td>
                    <Table.Td>{when(s.lastUsedAt)}</Table.Td>
                    <Table.Td>
                      {s.current ? (
                        <Text size="sm">use Sign out</Text>
                      ) : (
                        <Button size="compact-sm" variant="outline" color="red.9" onClick={() => void end({ id: s.id }, SESSIONS)} aria-label={`End the session signed in ${when(s.createdAt)}`}>
                          End
                        </Button>
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        {others.data && (
          <Text role="status" size="sm">
            {others.data.endOtherSessions === 1 ? 'One other session ended.' : `${others.data.endOtherSessions} other sessions ended.`}
          </Text>
        )}
        <Button w="fit-content" variant="outline" color="red.9" disabled={otherCount === 0} loading={others.fetching} onClick={() => void endOthers({}, SESSIONS)}>
          Sign out everywhere else
        </Button>
      </Stack>
    </Card>
  );
}

/** Whether the account has a second factor, and enrolling one when it has none. */
function SecondFactor() {
  const [{ data, error }, reread] = useQuery({ query: MyMfa, context: MFA });
  const [enrolling, setEnrolling] = useState(false);
  const mfa = data?.myMfa;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3}>Second factor</Title>
        <ErrorNotice error={error} />
        {mfa && (
          <Group gap="xs" data-testid="mfa-status">
            {mfa.enrolled ? <Badge color="teal.9">authenticator app set up</Badge> : <Badge color="gray.8">none</Badge>}
            {mfa.required && <Badge color="indigo.9">required for your account</Badge>}
            {mfa.enrolled && <Text size="sm">{mfa.recoveryCodesLeft} recovery codes left</Text>}
          </Group>
        )}
        {mfa?.enrolled && <Text size="sm">To move it to another phone, or with no recovery code left, ask your administrator to reset it: you then set it up again at your next sign-in.</Text>}
        {mfa && !mfa.enrolled && !enrolling && (
          <Button w="fit-content" onClick={() => setEnrolling(true)}>
            Set up a second factor
          </Button>
        )}
        {mfa && !mfa.enrolled && enrolling && (
          <MfaEnrollment
            onDone={() => {
              setEnrolling(false);
              reread({ requestPolicy: 'network-only' });
            }}
          />
        )}
      </Stack>
    </Card>
  );
}

/** The signed-in person's own account: sessions, second factor, password. */
export function Account() {
  const viewer = useViewer();
  return (
    <Page title="Account and sessions">
      <Text>
        Signed in as {viewer.displayName}
        {viewer.agencyName ? `, ${viewer.agencyName}` : ''}.
      </Text>
      <Sessions />
      <SecondFactor />
      <Card withBorder>
        <Stack gap="sm">
          <Title order={3}>Password</Title>
          <Text size="sm">Changing it ends your other sessions; this one goes on.</Text>
          <PasswordChange />
        </Stack>
      </Card>
    </Page>
  );
}
