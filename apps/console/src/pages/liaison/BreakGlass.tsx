import { Alert, Anchor, Button, Card, Group, List, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Countdown, useNow } from '../../components/Countdown';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { BREAK_GLASS_HOURS, grantEndsAt, normalCaseNumber } from '../../lib/liaison';
import { when } from '../../lib/time';

const LocateQuery = graphql(`
  query LocateCases($subject: LocateSubjectInput!) {
    locateCases(subject: $subject) {
      leadAgencyName
      contactEmail
      contactPhone
    }
  }
`);

const BreakGlassMutation = graphql(`
  mutation BreakGlass($caseNumber: String!, $justification: String!) {
    breakGlass(caseNumber: $caseNumber, justification: $justification) {
      id
      caseNumber
      breakGlassEndsAt
    }
  }
`);

/**
 * Whether a case about a child exists, and whom to call: the lead agency gives the case number.
 * The name and birth date stay in this component (never in the address).
 */
function Locate() {
  const [name, setName] = useState('');
  const [dateOfBirth, setDateOfBirth] = useState('');
  const [subject, setSubject] = useState<{ name: string; dateOfBirth: string } | null>(null);
  const [{ data, fetching, error }] = useQuery({ query: LocateQuery, variables: { subject: subject ?? { name: '', dateOfBirth: '' } }, pause: subject === null, requestPolicy: 'network-only' });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={3}>Find whether a case exists</Title>
        <Text size="sm">Without a case number: the child's name and date of birth tell whether a case exists and which agency leads it. Call it for the case number.</Text>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            setSubject({ name: name.trim(), dateOfBirth });
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Child's name" value={name} onChange={(event) => setName(event.currentTarget.value)} required autoComplete="off" />
            <TextInput label="Date of birth" type="date" value={dateOfBirth} onChange={(event) => setDateOfBirth(event.currentTarget.value)} required />
          </SimpleGrid>
          <Group mt="sm">
            <Button type="submit" variant="default" loading={fetching}>
              Find
            </Button>
          </Group>
        </form>
        <ErrorNotice error={error} title="Not searched" />
        {subject && data && (
          <div role="status">
            {data.locateCases.length === 0 ? (
              <Text>No case about this child.</Text>
            ) : (
              <List>
                {data.locateCases.map((match, index) => (
                  <List.Item key={index}>
                    A case led by <strong>{match.leadAgencyName}</strong>
                    {match.contactPhone && <> · call {match.contactPhone}</>}
                    {match.contactEmail && <> · {match.contactEmail}</>}
                  </List.Item>
                ))}
              </List>
            )}
          </div>
        )}
      </Stack>
    </Card>
  );
}

/**
 * Emergency access to a case not shared with the officer's agency: the case number and why it is
 * needed now; read only, for 4 hours, audited, both agencies' supervisors alerted, reviewed.
 */
export function BreakGlass() {
  const now = useNow(15_000);
  const [caseNumber, setCaseNumber] = useState('');
  const [justification, setJustification] = useState('');
  const [granted, setGranted] = useState<{ id: string; caseNumber: string; endsAt: string } | null>(null);
  const [result, breakGlass] = useMutation(BreakGlassMutation);
  const submit = async () => {
    const answer = await breakGlass({ caseNumber: normalCaseNumber(caseNumber), justification });
    const grant = answer.data?.breakGlass;
    // The API says when the access ends; should it not, the policy's four hours from now.
    if (grant) setGranted({ id: grant.id, caseNumber: grant.caseNumber, endsAt: grant.breakGlassEndsAt ?? grantEndsAt(new Date()).toISOString() });
  };
  return (
    <Page title="Break glass">
      <Alert color="red" variant="light" title="Emergency access only">
        Breaking the glass opens a case that is not shared with your agency, read only, for {BREAK_GLASS_HOURS} hours. It is recorded with your reason,
        both agencies' supervisors are told at once, and it is reviewed.
      </Alert>
      {granted ? (
        <Card withBorder data-testid="break-glass-granted">
          <Stack gap="sm">
            <Title order={3}>Access granted to {granted.caseNumber}</Title>
            <Group gap="xs">
              <Text>Time left:</Text>
              <span data-testid="grant-countdown">
                <Countdown due={granted.endsAt} now={now} />
              </span>
            </Group>
            <Text size="sm">Until {when(granted.endsAt)}.</Text>
            <Group>
              <Button component={Link} to={`/cases/${granted.id}`}>
                Open the case
              </Button>
              <Anchor component={Link} to="/liaison/cases">
                Back to shared cases
              </Anchor>
            </Group>
          </Stack>
        </Card>
      ) : (
        <Card withBorder>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              void submit();
            }}
          >
            <Stack gap="sm" maw={640}>
              <Title order={3}>Break the glass</Title>
              <TextInput
                label="Case number"
                description="As the lead agency gives it, e.g. STL-2026-000123"
                value={caseNumber}
                onChange={(event) => setCaseNumber(event.currentTarget.value)}
                required
                autoComplete="off"
              />
              <Textarea
                label="Why this access is needed now"
                description="At least 20 characters: what is happening and what you need from the case"
                value={justification}
                onChange={(event) => setJustification(event.currentTarget.value)}
                autosize
                minRows={3}
                required
              />
              <ErrorNotice error={result.error} title="The glass was not broken" />
              <Group>
                <Button type="submit" color="red.9" loading={result.fetching}>
                  Break the glass
                </Button>
              </Group>
            </Stack>
          </form>
        </Card>
      )}
      <Locate />
    </Page>
  );
}
