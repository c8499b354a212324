import { Button, Card, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { Countdown, useNow } from '../../components/Countdown';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Page } from '../../components/Page';
import { graphql, readFragment } from '../../graphql';
import { pendingReviews } from '../../lib/supervision';
import { when } from '../../lib/time';
import { AuditEventFields, type AuditEventRow } from './audit-events';

const BreakGlassQuery = graphql(
  `
    query BreakGlassReviews {
      grants: auditEvents(filter: { action: "BREAK_GLASS", outcome: ALLOWED }, first: 100) {
        edges {
          node {
            ...AuditEventFields
          }
        }
      }
      reviews: auditEvents(filter: { action: "BREAK_GLASS_REVIEW", outcome: ALLOWED }, first: 100) {
        edges {
          node {
            id
            subjectId
          }
        }
      }
      deadlines(filter: { status: PENDING }, first: 100) {
        edges {
          node {
            id
            kind
            subjectId
            dueAt
          }
        }
      }
    }
  `,
  [AuditEventFields],
);

const ReviewMutation = graphql(`
  mutation ReviewBreakGlass($grantId: ID!, $finding: String!) {
    reviewBreakGlass(grantId: $grantId, finding: $finding) {
      grantId
      reviewedAt
    }
  }
`);

function Review({ grant, due, now, onDone }: { grant: AuditEventRow; due: string | null; now: Date; onDone: () => void }) {
  const [finding, setFinding] = useState('');
  const [state, review] = useMutation(ReviewMutation);
  const who = grant.actorUser?.displayName ?? `User ${grant.actorUserId ?? ''}`;
  const submit = async () => {
    const result = await review({ grantId: grant.subjectId!, finding });
    if (!result.error) onDone();
  };
  return (
    <Card withBorder component="article" data-grant={grant.subjectId} aria-label={`Break glass by ${who}`}>
      <Stack gap="xs">
        <Group justify="space-between" wrap="wrap">
          <Text fw={600}>
            {who}
            {grant.actorAgency ? ` · ${grant.actorAgency.name}` : ''}
          </Text>
          {due && <Countdown due={due} now={now} />}
        </Group>
        <Text size="sm">Took emergency access {when(grant.occurredAt)} to case {grant.caseId?.slice(0, 8) ?? '—'}.</Text>
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          Justification: {grant.justification ?? '—'}
        </Text>
        <Textarea
          label="Finding"
          description="What you concluded: was the access justified? (10 to 2000 characters)"
          value={finding}
          onChange={(event) => setFinding(event.currentTarget.value)}
          autosize
          minRows={2}
        />
        <ErrorNotice error={state.error} title="Not reviewed" />
        <Group>
          <Button onClick={() => void submit()} loading={state.fetching} disabled={finding.trim().length === 0}>
            Record the review
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** Break-glass accesses by the agency's users or on its cases that still wait for a review (due within 72 hours), and reviewing one. */
export function BreakGlass() {
  const now = useNow();
  const [{ data, fetching, error }, refetch] = useQuery({ query: BreakGlassQuery });
  const [reviewed, setReviewed] = useState(0);
  const grants = (data?.grants.edges ?? []).map(({ node }) => readFragment(AuditEventFields, node));
  const reviews = (data?.reviews.edges ?? []).map(({ node }) => node);
  const pending = pendingReviews(grants, reviews);
  const dueOf = new Map((data?.deadlines.edges ?? []).filter(({ node }) => node.kind === 'BREAK_GLASS_REVIEW').map(({ node }) => [node.subjectId, node.dueAt]));
  return (
    <Page title="Break-glass reviews">
      <Text size="sm">Each emergency access to a case is reviewed by a supervisor of an agency involved, or by an auditor, within 72 hours. No one reviews their own.</Text>
      <ErrorNotice error={error} title="The break-glass accesses could not be read" />
      {reviewed > 0 && (
        <Text role="status" c="green.9">
          Review recorded.
        </Text>
      )}
      <Title order={3}>Waiting for a review</Title>
      {!fetching && !error && pending.length === 0 && <Text>No break-glass access waits for a review.</Text>}
      <Stack gap="md" data-testid="pending-reviews">
        {pending.map((grant) => (
          <Review
            key={grant.id}
            grant={grant}
            due={dueOf.get(grant.subjectId ?? '') ?? null}
            now={now}
            onDone={() => {
              setReviewed((n) => n + 1);
              refetch({ requestPolicy: 'network-only' });
            }}
          />
        ))}
      </Stack>
    </Page>
  );
}
