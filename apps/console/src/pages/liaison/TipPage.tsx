import { Alert, Anchor, Badge, Button, Card, Group, List, Select, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { when } from '../../lib/time';
import { TipStatusBadge } from './TipStatusBadge';

const TipQuery = graphql(`
  query TipDetail($id: ID!) {
    tip(id: $id) {
      id
      reference
      status
      version
      jurisdictionId
      childInDangerNow
      ongoing
      submittedAt
      seenAt
      whatSeen
      place
      latitude
      longitude
      people {
        approximateAge
        description
      }
      vehicles
      onlineHandles
      howKnown
      contact
      linkedCaseId
      decisionNote
      decidedAt
      additions {
        id
        addedAt
        information
        contact
      }
      possibleDuplicates {
        id
        reference
        status
        childInDangerNow
        submittedAt
      }
    }
  }
`);

const TriageTipMutation = graphql(`
  mutation TriageTip($input: TriageTipInput!) {
    triageTip(input: $input) {
      id
      status
      version
      linkedCaseId
      decisionNote
      decidedAt
    }
  }
`);

// What a tip may be linked to or referred to: the cases the viewer sees, the other jurisdictions.
const TriageChoicesQuery = graphql(`
  query TriageChoices {
    cases(first: 100) {
      edges {
        node {
          id
          caseNumber
        }
      }
    }
    jurisdictions {
      id
      name
    }
  }
`);

type Decision = 'LINK' | 'REFER' | 'NO_ACTION';

/** The decision on a tip under review: link it to a case, refer it to another jurisdiction, or close it with a reason. */
function Decide({ tipId, version, jurisdictionIdOfTip, onReferred }: { tipId: string; version: number; jurisdictionIdOfTip: string; onReferred: () => void }) {
  const [decision, setDecision] = useState<Decision | null>(null);
  const [caseId, setCaseId] = useState<string | null>(null);
  const [jurisdictionId, setJurisdictionId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [{ data: choices }] = useQuery({ query: TriageChoicesQuery, pause: decision === null || decision === 'NO_ACTION' });
  const [result, triage] = useMutation(TriageTipMutation);
  const submit = () => {
    if (!decision) return;
    const input =
      decision === 'LINK'
        ? { tipId, expectedVersion: version, action: 'LINK' as const, caseId }
        : decision === 'REFER'
          ? { tipId, expectedVersion: version, action: 'REFER' as const, jurisdictionId, reason: reason.trim() || null }
          : { tipId, expectedVersion: version, action: 'NO_ACTION' as const, reason };
    void triage({ input }).then((answer) => {
      if (answer.data?.triageTip.status === 'REFERRED') onReferred();
    });
  };
  return (
    <Stack gap="sm">
      <Group gap="xs" role="group" aria-label="Decision">
        <Button variant={decision === 'LINK' ? 'filled' : 'default'} aria-pressed={decision === 'LINK'} onClick={() => setDecision('LINK')}>
          Link to a case
        </Button>
        <Button variant={decision === 'REFER' ? 'filled' : 'default'} aria-pressed={decision === 'REFER'} onClick={() => setDecision('REFER')}>
          Refer to another jurisdiction
        </Button>
        <Button variant={decision === 'NO_ACTION' ? 'filled' : 'default'} aria-pressed={decision === 'NO_ACTION'} onClick={() => setDecision('NO_ACTION')}>
          No action
        </Button>
      </Group>
      {decision && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <Stack gap="sm" maw={560}>
            {decision === 'LINK' && (
              <Select
                label="Case"
                description="A case of yours that you can change"
                data={(choices?.cases.edges ?? []).map(({ node }) => ({ value: node.id, label: node.caseNumber }))}
                value={caseId}
                onChange={setCaseId}
                searchable
                required
              />
            )}
            {decision === 'REFER' && (
              <Select
                label="Jurisdiction"
                description="Its police take the tip over"
                data={(choices?.jurisdictions ?? []).filter((j) => j.id !== jurisdictionIdOfTip).map((j) => ({ value: j.id, label: j.name }))}
                value={jurisdictionId}
                onChange={setJurisdictionId}
                searchable
                required
              />
            )}
            {decision !== 'LINK' && (
              <Textarea
                label={decision === 'NO_ACTION' ? 'Why no action' : 'Why it is referred (optional)'}
                value={reason}
                onChange={(event) => setReason(event.currentTarget.value)}
                autosize
                minRows={2}
                required={decision === 'NO_ACTION'}
              />
            )}
            <ErrorNotice error={result.error} title="The tip was not triaged" />
            <Group>
              <Button type="submit" loading={result.fetching}>
                {decision === 'LINK' ? 'Link the tip' : decision === 'REFER' ? 'Refer the tip' : 'Close with no action'}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <Text style={{ whiteSpace: 'pre-wrap' }}>{children}</Text>
    </div>
  );
}

/** One tip: what the tipster saw and added later, possible duplicates, and its triage. */
export function TipPage() {
  const { id = '' } = useParams();
  const [{ data, error }] = useQuery({ query: TipQuery, variables: { id } });
  const [review, startReview] = useMutation(TriageTipMutation);
  // A referred tip belongs to the other jurisdiction at once: it is no longer read here.
  const [referred, setReferred] = useState(false);
  const tip = referred ? undefined : data?.tip;
  return (
    <Page title="Tip">
      {referred ? (
        <Alert color="green" variant="light" title="Referred" role="status">
          The tip was referred to the other jurisdiction and has left your queue.{' '}
          <Anchor component={Link} to="/liaison/tips">
            Back to the tips
          </Anchor>
        </Alert>
      ) : (
        <ErrorNotice error={error} title="The tip could not be read" />
      )}
      {tip && (
        <>
          <Group gap="sm">
            <Text fw={700} data-testid="tip-reference">
              {tip.reference}
            </Text>
            <TipStatusBadge status={tip.status} />
            {tip.childInDangerNow && <Badge color="red.9">child in danger now</Badge>}
            {tip.ongoing && (
              <Badge color="gray" variant="light">
                ongoing
              </Badge>
            )}
          </Group>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={3}>What the tipster saw</Title>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Field label="Received">{when(tip.submittedAt)}</Field>
                <Field label="Seen">{tip.seenAt ? when(tip.seenAt) : 'not said'}</Field>
                <Field label="Place">{tip.place ?? (tip.latitude !== null && tip.longitude !== null ? `${tip.latitude}, ${tip.longitude}` : 'not given')}</Field>
                <Field label="How they know">{tip.howKnown ?? 'not said'}</Field>
                <Field label="How to reach them">{tip.contact ?? 'not given'}</Field>
              </SimpleGrid>
              <Field label="What they saw">{tip.whatSeen}</Field>
              {tip.people.length > 0 && (
                <div>
                  <Text size="sm" fw={700}>
                    People seen
                  </Text>
                  <List>
                    {tip.people.map((person, index) => (
                      <List.Item key={index}>
                        {person.description ?? 'no description'}
                        {person.approximateAge !== null ? ` (about ${person.approximateAge})` : ''}
                      </List.Item>
                    ))}
                  </List>
                </div>
              )}
              {tip.vehicles.length > 0 && <Field label="Vehicles">{tip.vehicles.join('; ')}</Field>}
              {tip.onlineHandles.length > 0 && <Field label="Online accounts">{tip.onlineHandles.join('; ')}</Field>}
            </Stack>
          </Card>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={3}>What the tipster added</Title>
              {tip.additions.length === 0 ? (
                <Text>Nothing added since.</Text>
              ) : (
                tip.additions.map((addition) => (
                  <div key={addition.id} data-testid="tip-addition">
                    <Text size="sm" fw={700}>
                      {when(addition.addedAt)}
                    </Text>
                    <Text style={{ whiteSpace: 'pre-wrap' }}>{addition.information}</Text>
                    {addition.contact && <Text size="sm">How to reach them: {addition.contact}</Text>}
                  </div>
                ))
              )}
            </Stack>
          </Card>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={3}>Possible duplicates</Title>
              {tip.possibleDuplicates.length === 0 ? (
                <Text>No open tip names the same place at the same time.</Text>
              ) : (
                <List>
                  {tip.possibleDuplicates.map((other) => (
                    <List.Item key={other.id}>
                      <Anchor component={Link} to={`/liaison/tips/${other.id}`}>
                        {other.reference}
                      </Anchor>{' '}
                      · {other.status.replaceAll('_', ' ').toLowerCase()} · received {when(other.submittedAt)}
                      {other.childInDangerNow && ' · child in danger now'}
                    </List.Item>
                  ))}
                </List>
              )}
            </Stack>
          </Card>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={3}>Triage</Title>
              {(tip.status === 'NEW' || tip.status === 'REFERRED') && (
                <>
                  <Text>
                    {tip.status === 'REFERRED' ? 'Another jurisdiction referred this tip to yours. ' : ''}Take the tip under review to decide on it; the other
                    liaisons see that you have it.
                  </Text>
                  <ErrorNotice error={review.error} title="The tip was not taken under review" />
                  <Group>
                    <Button loading={review.fetching} onClick={() => void startReview({ input: { tipId: tip.id, expectedVersion: tip.version, action: 'REVIEW' } })}>
                      Start review
                    </Button>
                  </Group>
                </>
              )}
              {tip.status === 'UNDER_REVIEW' && <Decide tipId={tip.id} version={tip.version} jurisdictionIdOfTip={tip.jurisdictionId} onReferred={() => setReferred(true)} />}
              {(tip.status === 'LINKED' || tip.status === 'NO_ACTION') && (
                <Alert color={tip.status === 'LINKED' ? 'green' : 'gray'} variant="light" title="Decided" role="status">
                  {tip.status === 'LINKED' && tip.linkedCaseId && (
                    <>
                      Linked to a case.{' '}
                      <Anchor component={Link} to={`/cases/${tip.linkedCaseId}`}>
                        Open the case
                      </Anchor>
                    </>
                  )}
                  {tip.status === 'NO_ACTION' && 'Closed with no action.'}
                  {tip.decisionNote && <Text mt={4}>Reason: {tip.decisionNote}</Text>}
                  {tip.decidedAt && <Text size="sm">On {when(tip.decidedAt)}</Text>}
                </Alert>
              )}
            </Stack>
          </Card>
        </>
      )}
    </Page>
  );
}
