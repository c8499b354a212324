import { Badge, Button, Group, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { Countdown } from '../../../components/Countdown';
import { Withheld } from '../../../components/Withheld';
import { when } from '../../../lib/time';
import { ActionError, words } from './parts';
import { AcceptReferralMutation, CompleteReferralMutation, DeclineReferralMutation, ReferralData, StartReferralMutation } from './queries';

const DECLINE_REASONS = [
  { value: 'NO_CAPACITY', label: 'No capacity' },
  { value: 'NOT_ELIGIBLE', label: 'Not eligible' },
  { value: 'OUT_OF_AREA', label: 'Out of area' },
  { value: 'DUPLICATE', label: 'Duplicate' },
  { value: 'OTHER', label: 'Other' },
] as const;
type DeclineReason = (typeof DECLINE_REASONS)[number]['value'];

interface Props {
  referrals: readonly ReferralData[];
  viewerAgencyId: string | null;
  /** Withheld fields of the case, by path (`referrals.0.reason`), with why. */
  withheld: ReadonlyMap<string, string>;
  now: Date;
  onChanged: () => void;
}

/** The case's referrals, newest first as the API gives them; the receiving agency's people answer and carry them out here. */
export function Referrals({ referrals, viewerAgencyId, withheld, now, onChanged }: Props) {
  if (referrals.length === 0) return <Text size="sm">No referrals on this case.</Text>;
  return (
    <Stack gap="sm">
      {referrals.map((referral, index) => (
        <ReferralCard key={referral.id} referral={referral} path={`referrals.${index}`} receiving={referral.toAgency.id === viewerAgencyId} withheld={withheld} now={now} onChanged={onChanged} />
      ))}
    </Stack>
  );
}

function ReferralCard({ referral, path, receiving, withheld, now, onChanged }: { referral: ReferralData; path: string; receiving: boolean; withheld: ReadonlyMap<string, string>; now: Date; onChanged: () => void }) {
  const text = (field: 'reason' | 'statusNote' | 'outcome', label: string) => {
    const why = withheld.get(`${path}.${field}`);
    if (why) {
      return (
        <Text size="sm" data-field={`${path}.${field}`}>
          {label}: <Withheld path={`${path}.${field}`} reason={why} />
        </Text>
      );
    }
    const value = referral[field];
    return value ? (
      <Text size="sm" data-field={`${path}.${field}`}>
        {label}: {value}
      </Text>
    ) : null;
  };
  return (
    <Paper withBorder p="sm" data-testid="referral" data-referral-id={referral.id} data-status={referral.status}>
      <Stack gap={6}>
        <Group gap="xs" wrap="wrap">
          <Text fw={700} size="sm">
            {words(referral.serviceType)} · {words(referral.urgency)}
          </Text>
          <Badge color="indigo" variant="light">
            {words(referral.status)}
          </Badge>
          {referral.emergency && <Badge color="red.9">emergency</Badge>}
          {referral.status === 'REQUESTED' && <Countdown due={referral.responseDueAt} now={now} />}
        </Group>
        <Text size="sm">
          From {referral.fromAgency.name} to {referral.toAgency.name}, sent {when(referral.createdAt)}; shares {referral.scopes.map(words).join(', ')}
        </Text>
        {text('reason', 'Reason')}
        {referral.declineReason && <Text size="sm">Declined: {words(referral.declineReason)}</Text>}
        {text('statusNote', 'Note')}
        {text('outcome', 'Outcome')}
        {receiving && <ReferralActions referral={referral} onChanged={onChanged} />}
      </Stack>
    </Paper>
  );
}

/** What the receiving agency does next: accept or decline a request; start or complete accepted work. */
function ReferralActions({ referral, onChanged }: { referral: ReferralData; onChanged: () => void }) {
  const [accepted, accept] = useMutation(AcceptReferralMutation);
  const [declined, decline] = useMutation(DeclineReferralMutation);
  const [started, start] = useMutation(StartReferralMutation);
  const [completed, complete] = useMutation(CompleteReferralMutation);
  const [form, setForm] = useState<'decline' | 'complete' | null>(null);
  const [reason, setReason] = useState<DeclineReason | null>(null);
  const [note, setNote] = useState('');
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<unknown>(null);
  const busy = accepted.fetching || declined.fetching || started.fetching || completed.fetching;
  const what = `${words(referral.serviceType)} referral`;

  const run = async (act: () => Promise<{ error?: unknown }>) => {
    setError(null);
    const result = await act();
    if (result.error) {
      setError(result.error);
      return;
    }
    setForm(null);
    onChanged();
  };

  const canStart = referral.status === 'ACCEPTED';
  const canComplete = referral.status === 'ACCEPTED' || referral.status === 'IN_PROGRESS';
  if (referral.status !== 'REQUESTED' && !canStart && !canComplete) return null;
  return (
    <Stack gap="xs">
      <Group gap="xs" wrap="wrap">
        {referral.status === 'REQUESTED' && (
          <>
            <Button size="xs" loading={accepted.fetching} disabled={busy} onClick={() => run(() => accept({ id: referral.id }))} aria-label={`Accept the ${what}`}>
              Accept
            </Button>
            <Button size="xs" variant="light" color="red" disabled={busy} onClick={() => setForm(form === 'decline' ? null : 'decline')} aria-label={`Decline the ${what}`} aria-expanded={form === 'decline'}>
              Decline…
            </Button>
          </>
        )}
        {canStart && (
          <Button size="xs" variant="light" loading={started.fetching} disabled={busy} onClick={() => run(() => start({ id: referral.id }))} aria-label={`Start the ${what}`}>
            Start
          </Button>
        )}
        {canComplete && (
          <Button size="xs" variant="light" disabled={busy} onClick={() => setForm(form === 'complete' ? null : 'complete')} aria-label={`Complete the ${what}`} aria-expanded={form === 'complete'}>
            Complete…
          </Button>
        )}
      </Group>
      {form === 'decline' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (!reason) {
              setError(new Error('reason'));
              return;
            }
            void run(() => decline({ id: referral.id, reason, note: note.trim() ? note.trim() : null }));
          }}
        >
          <Stack gap="xs">
            <Select label="Why decline" data={[...DECLINE_REASONS]} value={reason} onChange={(value) => setReason(value as DeclineReason | null)} required allowDeselect={false} />
            <Textarea label="Note to the sending agency (optional)" value={note} onChange={(event) => setNote(event.currentTarget.value)} maxLength={2000} autosize minRows={2} />
            <Group>
              <Button type="submit" size="xs" color="red" loading={declined.fetching} disabled={busy}>
                Decline the referral
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {form === 'complete' && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            void run(() => complete({ id: referral.id, outcome: outcome.trim() }));
          }}
        >
          <Stack gap="xs">
            <Textarea label="Outcome" description="What was done for the child" value={outcome} onChange={(event) => setOutcome(event.currentTarget.value)} required maxLength={2000} autosize minRows={2} />
            <Group>
              <Button type="submit" size="xs" loading={completed.fetching} disabled={busy}>
                Complete the referral
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      {error instanceof Error && error.message === 'reason' ? <Text size="sm" c="red.9" role="alert">Choose why the referral is declined.</Text> : <ActionError error={error} onReload={onChanged} />}
    </Stack>
  );
}
