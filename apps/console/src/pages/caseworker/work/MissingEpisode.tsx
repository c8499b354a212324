import { Anchor, Badge, Button, Card, Checkbox, Group, NativeSelect, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Countdown, useNow } from '../../../components/Countdown';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Page } from '../../../components/Page';
import { graphql, type ResultOf } from '../../../graphql';
import { codeWords, fieldErrors, isoFromLocal, localFromDate, optional } from '../../../lib/form-input';
import { dutiesOf, reportsToMake, type DutyClock, type ReportedTo } from '../../../lib/missing-duties';
import { when } from '../../../lib/time';
import { BackToCase, isRedacted, Withheld } from './parts';
import { ScrollTable } from '../../../components/ScrollTable';

const MissingQuery = graphql(`
  query MissingEpisodes($id: ID!) {
    case(id: $id) {
      id
      caseNumber
      flags
      missingEpisodes {
        id
        missingSince
        learnedAt
        lastSeenPlace
        lastSeenWith
        returnedAt
        returnInterviewAt
        screeningDone
        reports {
          id
          reportedTo
          reportedAt
          reportNumber
        }
      }
    }
    deadlines(filter: { caseId: $id }, first: 100) {
      edges {
        node {
          id
          kind
          subjectId
          subjectType
          startedAt
          dueAt
          status
          metAt
          agency {
            id
            name
          }
        }
      }
    }
    agencies(type: LAW_ENFORCEMENT) {
      id
      name
      active
    }
  }
`);

const RecordEpisode = graphql(`
  mutation RecordMissingEpisode($input: RecordMissingEpisodeInput!) {
    recordMissingEpisode(input: $input) {
      id
    }
  }
`);

const RecordReport = graphql(`
  mutation RecordMissingReport($input: RecordMissingReportInput!) {
    recordMissingReport(input: $input) {
      id
    }
  }
`);

const RecordReturn = graphql(`
  mutation RecordReturn($input: RecordReturnInput!) {
    recordReturn(input: $input) {
      id
    }
  }
`);

const RecordInterview = graphql(`
  mutation RecordReturnInterview($input: RecordReturnInterviewInput!) {
    recordReturnInterview(input: $input) {
      id
    }
  }
`);

const RecordVictimReport = graphql(`
  mutation RecordVictimReport($input: RecordVictimReportInput!) {
    recordVictimReport(input: $input) {
      id
    }
  }
`);

type Data = ResultOf<typeof MissingQuery>;
type Episode = Data['case']['missingEpisodes'][number];
type Clock = Data['deadlines']['edges'][number]['node'];
type LawAgency = Data['agencies'][number];

const REPORT_LABEL: Record<ReportedTo, string> = { LAW_ENFORCEMENT: 'Law enforcement', NCMEC: 'NCMEC', NCIC: 'NCIC entry' };

/** A clock as a person reads it: time left (red once overdue) while it runs, when it was met, or that it was missed. */
function ClockState({ clock, now }: { clock: Clock | DutyClock | null; now: Date }) {
  if (!clock) return <Text span>No clock for your agency</Text>;
  switch (clock.status) {
    case 'PENDING':
      return (
        <Group gap={6} wrap="wrap">
          <Countdown due={clock.dueAt} now={now} />
          <Text span size="sm">
            due {when(clock.dueAt)}
          </Text>
        </Group>
      );
    case 'MET':
      return <Text span>Met {clock.metAt ? when(clock.metAt) : ''}</Text>;
    case 'BREACHED':
      return (
        <Group gap={6} wrap="wrap">
          <Badge color="red.9" variant="filled">
            missed
          </Badge>
          <Text span size="sm">
            was due {when(clock.dueAt)}
          </Text>
        </Group>
      );
    case 'CANCELLED':
      return <Text span>No longer due</Text>;
  }
}

/** A small form of one act: its fields, the API's refusal, and a button; `onDone` after the API took it. */
function ActForm({ label, error, fetching, onSubmit, children }: { label: string; error: unknown; fetching: boolean; onSubmit: () => Promise<boolean>; children: ReactNode }) {
  return (
    <form
      aria-label={label}
      noValidate
      onSubmit={(event: FormEvent) => {
        event.preventDefault();
        void onSubmit();
      }}
    >
      <Stack gap="xs">
        {children}
        <ErrorNotice error={error} title="Not recorded" />
        <Button type="submit" variant="light" loading={fetching} w="fit-content">
          {label}
        </Button>
      </Stack>
    </form>
  );
}

function NewEpisodeForm({ caseId, onDone }: { caseId: string; onDone: () => void }) {
  const [missingSince, setMissingSince] = useState('');
  const [learnedAt, setLearnedAt] = useState(() => localFromDate(new Date()));
  const [place, setPlace] = useState('');
  const [withWhom, setWithWhom] = useState('');
  const [result, record] = useMutation(RecordEpisode);
  const problems = fieldErrors(result.error);
  return (
    <ActForm
      label="Record the missing episode"
      error={result.error}
      fetching={result.fetching}
      onSubmit={async () => {
        const answer = await record({
          input: {
            caseId,
            missingSince: isoFromLocal(missingSince) ?? missingSince,
            learnedAt: isoFromLocal(learnedAt) ?? learnedAt,
            lastSeenPlace: optional(place),
            lastSeenWith: optional(withWhom),
          },
        });
        if (answer.data) onDone();
        return Boolean(answer.data);
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput label="Missing since" type="datetime-local" required value={missingSince} onChange={(e) => setMissingSince(e.currentTarget.value)} error={problems.missingSince} />
        <TextInput
          label="Your agency learned of it at"
          description="The 24-hour reporting clocks run from here"
          type="datetime-local"
          required
          value={learnedAt}
          onChange={(e) => setLearnedAt(e.currentTarget.value)}
          error={problems.learnedAt}
        />
        <TextInput label="Last seen where" autoComplete="off" value={place} onChange={(e) => setPlace(e.currentTarget.value)} error={problems.lastSeenPlace} />
        <TextInput label="Last seen with" autoComplete="off" value={withWhom} onChange={(e) => setWithWhom(e.currentTarget.value)} error={problems.lastSeenWith} />
      </SimpleGrid>
    </ActForm>
  );
}

function ReportForm({ episode, lawAgencies, onDone }: { episode: Episode; lawAgencies: LawAgency[]; onDone: () => void }) {
  const toMake = reportsToMake(episode);
  const [reportedTo, setReportedTo] = useState<ReportedTo>(toMake[0] ?? 'LAW_ENFORCEMENT');
  const [reportNumber, setReportNumber] = useState('');
  const [reportedAt, setReportedAt] = useState(() => localFromDate(new Date()));
  const [receivingAgencyId, setReceivingAgencyId] = useState('');
  const [result, record] = useMutation(RecordReport);
  const problems = fieldErrors(result.error);
  if (toMake.length === 0) return <Text>Every report of this episode is recorded.</Text>;
  return (
    <ActForm
      label="Record the report"
      error={result.error}
      fetching={result.fetching}
      onSubmit={async () => {
        const answer = await record({
          input: {
            episodeId: episode.id,
            reportedTo,
            reportNumber,
            reportedAt: isoFromLocal(reportedAt) ?? reportedAt,
            ...(reportedTo === 'LAW_ENFORCEMENT' && receivingAgencyId ? { receivingAgencyId } : {}),
          },
        });
        if (answer.data) {
          setReportNumber('');
          onDone();
        }
        return Boolean(answer.data);
      }}
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <NativeSelect label="Report made to" data={toMake.map((to) => ({ value: to, label: REPORT_LABEL[to] }))} value={reportedTo} onChange={(e) => setReportedTo(e.currentTarget.value as ReportedTo)} error={problems.reportedTo} />
        <TextInput label="Report number" required autoComplete="off" value={reportNumber} onChange={(e) => setReportNumber(e.currentTarget.value)} error={problems.reportNumber} />
        <TextInput label="Reported at" type="datetime-local" required value={reportedAt} onChange={(e) => setReportedAt(e.currentTarget.value)} error={problems.reportedAt} />
        {reportedTo === 'LAW_ENFORCEMENT' && (
          <NativeSelect
            label="Receiving law-enforcement agency"
            description="When it is on Tandem: it joins the case and its 2-hour NCIC clock starts"
            data={[{ value: '', label: 'Not on Tandem' }, ...lawAgencies.filter((a) => a.active).map((a) => ({ value: a.id, label: a.name }))]}
            value={receivingAgencyId}
            onChange={(e) => setReceivingAgencyId(e.currentTarget.value)}
            error={problems.receivingAgencyId}
          />
        )}
      </SimpleGrid>
    </ActForm>
  );
}

function ReturnForm({ episode, onDone }: { episode: Episode; onDone: () => void }) {
  const [returnedAt, setReturnedAt] = useState(() => localFromDate(new Date()));
  const [result, record] = useMutation(RecordReturn);
  return (
    <ActForm
      label="Record the return"
      error={result.error}
      fetching={result.fetching}
      onSubmit={async () => {
        const answer = await record({ input: { episodeId: episode.id, returnedAt: isoFromLocal(returnedAt) ?? returnedAt } });
        if (answer.data) onDone();
        return Boolean(answer.data);
      }}
    >
      <TextInput label="Returned at" type="datetime-local" required w={{ base: '100%', sm: 280 }} value={returnedAt} onChange={(e) => setReturnedAt(e.currentTarget.value)} error={fieldErrors(result.error).returnedAt} />
    </ActForm>
  );
}

function InterviewForm({ episode, caseId, onDone }: { episode: Episode; caseId: string; onDone: () => void }) {
  const [interviewedAt, setInterviewedAt] = useState(() => localFromDate(new Date()));
  const [screeningDone, setScreeningDone] = useState(false);
  const [result, record] = useMutation(RecordInterview);
  const problems = fieldErrors(result.error);
  return (
    <ActForm
      label="Record the return interview"
      error={result.error}
      fetching={result.fetching}
      onSubmit={async () => {
        const answer = await record({ input: { episodeId: episode.id, interviewedAt: isoFromLocal(interviewedAt) ?? interviewedAt, screeningDone } });
        if (answer.data) onDone();
        return Boolean(answer.data);
      }}
    >
      <TextInput label="Interviewed at" type="datetime-local" required w={{ base: '100%', sm: 280 }} value={interviewedAt} onChange={(e) => setInterviewedAt(e.currentTarget.value)} error={problems.interviewedAt} />
      <Checkbox label="A screening was done at the interview" checked={screeningDone} onChange={(e) => setScreeningDone(e.currentTarget.checked)} error={problems.screeningDone} />
      <Anchor component={Link} to={`/cases/${caseId}/screening`} size="sm">
        Give the screening
      </Anchor>
    </ActForm>
  );
}

function EpisodeCard({ caseId, episode, index, clocks, lawAgencies, extensions, now, onChange }: {
  caseId: string;
  episode: Episode;
  index: number;
  clocks: Clock[];
  lawAgencies: LawAgency[];
  extensions: Record<string, unknown> | undefined;
  now: Date;
  onChange: () => void;
}) {
  const duties = dutiesOf(episode, clocks as DutyClock[]);
  const lastSeen = (field: 'lastSeenPlace' | 'lastSeenWith') =>
    episode[field] ?? (isRedacted(extensions, `case.missingEpisodes.${index}.${field}`) ? <Withheld why="location not shared with your agency" /> : 'not recorded');
  return (
    <Card withBorder data-testid="missing-episode" data-episode-id={episode.id}>
      <Stack gap="sm">
        <Title order={3}>
          Missing since {when(episode.missingSince)}
          {episode.returnedAt ? ' · returned' : ''}
        </Title>
        <Text size="sm">
          Learned of it {when(episode.learnedAt)}. Last seen where: {lastSeen('lastSeenPlace')}; with: {lastSeen('lastSeenWith')}.
          {episode.returnedAt ? ` Returned ${when(episode.returnedAt)}.` : ''}
        </Text>
        <Title order={4}>Reports and deadlines</Title>
        {duties.length === 0 ? (
          <Text>No report is due from your agency for this episode.</Text>
        ) : (
          <ScrollTable label="Reports and deadlines" minWidth={560}>
            <Table data-testid="duties">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Duty</Table.Th>
                  <Table.Th>Done</Table.Th>
                  <Table.Th>Deadline</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {duties.map((duty) => (
                  <Table.Tr key={duty.kind} data-kind={duty.kind}>
                    <Table.Td>{duty.label}</Table.Td>
                    <Table.Td>
                      {duty.report ? (
                        <>
                          {when(duty.report.reportedAt)}, number {duty.report.reportNumber ?? <Withheld why="investigation not shared with your agency" />}
                        </>
                      ) : duty.doneAt ? (
                        when(duty.doneAt)
                      ) : (
                        'not yet'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ClockState clock={duty.clock} now={now} />
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        )}
        <Title order={4}>Record a report</Title>
        <ReportForm episode={episode} lawAgencies={lawAgencies} onDone={onChange} />
        {!episode.returnedAt && (
          <>
            <Title order={4}>The return</Title>
            <ReturnForm episode={episode} onDone={onChange} />
          </>
        )}
        {episode.returnedAt && !episode.returnInterviewAt && (
          <>
            <Title order={4}>The return interview</Title>
            <InterviewForm episode={episode} caseId={caseId} onDone={onChange} />
          </>
        )}
        {episode.returnInterviewAt && (
          <Text>
            Return interview done {when(episode.returnInterviewAt)}
            {episode.screeningDone ? ', with a screening.' : ', without a screening.'}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function VictimReportSection({ caseId, clocks, lawAgencies, now, onDone }: { caseId: string; clocks: Clock[]; lawAgencies: LawAgency[]; now: Date; onDone: () => void }) {
  const [reportNumber, setReportNumber] = useState('');
  const [reportedAt, setReportedAt] = useState(() => localFromDate(new Date()));
  const [receivingAgencyId, setReceivingAgencyId] = useState('');
  const [result, record] = useMutation(RecordVictimReport);
  const problems = fieldErrors(result.error);
  const clock = clocks.filter((c) => c.kind === 'VICTIM_REPORT_LE').sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt))[0] ?? null;
  return (
    <Stack gap="sm" data-testid="victim-report">
      <Title order={3}>Report of a trafficking victim</Title>
      <Text size="sm">A child identified as a trafficking victim is reported to law enforcement within 24 hours.</Text>
      <Group gap="xs">
        <Text span>Deadline:</Text>
        <ClockState clock={clock} now={now} />
      </Group>
      {result.data ? (
        <Text role="status">The report to law enforcement is recorded.</Text>
      ) : (
        <ActForm
          label="Record the victim report"
          error={result.error}
          fetching={result.fetching}
          onSubmit={async () => {
            const answer = await record({
              input: { caseId, reportNumber, reportedAt: isoFromLocal(reportedAt) ?? reportedAt, ...(receivingAgencyId ? { receivingAgencyId } : {}) },
            });
            if (answer.data) onDone();
            return Boolean(answer.data);
          }}
        >
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput label="Law-enforcement report number" required autoComplete="off" value={reportNumber} onChange={(e) => setReportNumber(e.currentTarget.value)} error={problems.reportNumber} />
            <TextInput label="Victim reported at" type="datetime-local" required value={reportedAt} onChange={(e) => setReportedAt(e.currentTarget.value)} error={problems.reportedAt} />
            <NativeSelect
              label="Agency reported to"
              data={[{ value: '', label: 'Not on Tandem' }, ...lawAgencies.filter((a) => a.active).map((a) => ({ value: a.id, label: a.name }))]}
              value={receivingAgencyId}
              onChange={(e) => setReceivingAgencyId(e.currentTarget.value)}
              error={problems.receivingAgencyId}
            />
          </SimpleGrid>
        </ActForm>
      )}
    </Stack>
  );
}

/**
 * A child's missing episodes: recording one, the statutory reports each needs (law enforcement and
 * NCMEC within 24 hours, the NCIC entry within 2 hours of the law-enforcement report) with their
 * deadlines counting down, the return and its 72-hour interview; and the report of a trafficking victim.
 */
export function MissingEpisode() {
  const { id = '' } = useParams();
  const now = useNow();
  const [{ data, error, extensions }, refetch] = useQuery({ query: MissingQuery, variables: { id } });
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const episodes = data?.case.missingEpisodes ?? [];
  const clocks = (data?.deadlines.edges ?? []).map((e) => e.node);
  const lawAgencies = data?.agencies ?? [];
  const open = episodes.some((e) => !e.returnedAt);
  return (
    <Page title="Missing episodes">
      <BackToCase caseId={id} />
      <ErrorNotice error={error} title="The case could not be read" />
      {data && (
        <>
          <Text>
            Case {data.case.caseNumber}
            {data.case.flags.length ? ` · ${data.case.flags.map(codeWords).join(', ')}` : ''}
          </Text>
          {!open && (
            <Stack gap="sm">
              <Title order={3}>The child is missing</Title>
              <NewEpisodeForm caseId={id} onDone={reload} />
            </Stack>
          )}
          {episodes.map((episode, index) => (
            <EpisodeCard key={episode.id} caseId={id} episode={episode} index={index} clocks={clocks} lawAgencies={lawAgencies} extensions={extensions} now={now} onChange={reload} />
          ))}
          <VictimReportSection caseId={id} clocks={clocks} lawAgencies={lawAgencies} now={now} onDone={reload} />
        </>
      )}
    </Page>
  );
}
