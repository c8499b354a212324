import { Alert, Button, Checkbox, Group, NativeSelect, Radio, SimpleGrid, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMemo, useState, type FormEvent } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { Countdown, useNow } from '../../../components/Countdown';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Page } from '../../../components/Page';
import { graphql, type ResultOf, type VariablesOf } from '../../../graphql';
import { codeWords, fieldErrors, isoFromLocal, localFromDate } from '../../../lib/form-input';
import { emptyValues, problemsByItem, screeningAnswers, screeningFields, type ScreeningValues } from '../../../lib/screening-form';
import { BackToCase, RiskBadge } from './parts';

const Instruments = graphql(`
  query ScreeningInstruments {
    screeningInstruments(filter: { includePractice: true }) {
      id
      version
      title
      practice
      scope
      citation
      licenseName
      maxMissing
      modes
      respondents
      items {
        id
        text
        answerType
        required
        min
        max
        options {
          code
          text
        }
      }
    }
  }
`);

const SubmitScreening = graphql(`
  mutation SubmitScreening($input: SubmitScreeningInput!) {
    submitScreening(input: $input) {
      id
      instrumentTitle
      score
      maxScore
      outcome
      thresholdLabel
      recommendedAction
      caseRiskBefore
      caseRiskAfter
      followUpDueAt
      missingCount
    }
  }
`);

type Instrument = ResultOf<typeof Instruments>['screeningInstruments'][number];
type Input = VariablesOf<typeof SubmitScreening>['input'];
type Grantor = NonNullable<Input['consentBy']>;

const keyOf = (i: { id: string; version: string }) => `${i.id}@${i.version}`;

/** The result as the API scored it: score, band, what to do, the risk it set, and the follow-up clock. */
function ScreeningResult({ result, caseId }: { result: ResultOf<typeof SubmitScreening>['submitScreening']; caseId: string }) {
  const now = useNow();
  return (
    <Alert color={result.outcome === 'POSITIVE' ? 'red' : 'green'} title="Screening recorded" role="status" data-testid="screening-result">
      <Stack gap={6}>
        <Text>
          {result.instrumentTitle}: score {result.score} of {result.maxScore} — {codeWords(result.outcome).toLowerCase()}
          {result.thresholdLabel ? ` (${result.thresholdLabel})` : ''}.
        </Text>
        {result.missingCount > 0 && <Text>{result.missingCount} item(s) declined or not known.</Text>}
        {result.recommendedAction && <Text>{result.recommendedAction}</Text>}
        <Group gap="xs">
          <Text>Case risk:</Text>
          <RiskBadge level={result.caseRiskBefore} />
          <Text aria-hidden>→</Text>
          <VisuallyHidden>then</VisuallyHidden>
          <RiskBadge level={result.caseRiskAfter} />
        </Group>
        {result.followUpDueAt && (
          <Group gap={6} wrap="wrap">
            <Text span>A follow-up referral is due:</Text>
            <Countdown due={result.followUpDueAt} now={now} />
          </Group>
        )}
        <BackToCase caseId={caseId} />
      </Stack>
    </Alert>
  );
}

/** The fields of one instrument version, drawn from its definition, and the administration around them. */
function ScreeningForm({ caseId, instrument }: { caseId: string; instrument: Instrument }) {
  const fields = useMemo(() => screeningFields(instrument.items), [instrument]);
  const [values, setValues] = useState<ScreeningValues>(() => emptyValues(instrument.items));
  const [mode, setMode] = useState<Input['mode']>(instrument.modes[0]!);
  const [respondent, setRespondent] = useState<Input['respondent']>(instrument.respondents[0]!);
  const [assent, setAssent] = useState(false);
  const [consentBy, setConsentBy] = useState<Grantor | ''>('');
  const [administeredAt, setAdministeredAt] = useState(() => localFromDate(new Date()));
  const [sentAnswers, setSentAnswers] = useState<ReturnType<typeof screeningAnswers>>([]);
  const [result, submit] = useMutation(SubmitScreening);
  const problems = problemsByItem(sentAnswers, fieldErrors(result.error));

  if (result.data) return <ScreeningResult result={result.data.submitScreening} caseId={caseId} />;

  async function send(event: FormEvent) {
    event.preventDefault();
    const answers = screeningAnswers(instrument.items, values);
    setSentAnswers(answers);
    await submit({
      input: {
        caseId,
        instrumentId: instrument.id,
        version: instrument.version,
        answers,
        mode,
        respondent,
        assent,
        administeredAt: isoFromLocal(administeredAt) ?? administeredAt,
        ...(consentBy ? { consentBy } : {}),
      },
    });
  }

  return (
    <form onSubmit={(e) => void send(e)} noValidate>
      <Stack gap="md">
        {instrument.practice && (
          <Alert color="red" title="Practice instrument">
            For training and demonstrations only: never use it to screen a real child.
          </Alert>
        )}
        <Text size="sm">
          {instrument.citation} Licence: {instrument.licenseName}.{instrument.scope === 'CLINICAL' ? ' The answers are clinical: only your agency reads them.' : ''}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect label="How it is given" data={instrument.modes.map((m) => ({ value: m, label: codeWords(m) }))} value={mode} onChange={(e) => setMode(e.currentTarget.value as Input['mode'])} error={problems.mode} />
          <NativeSelect
            label="Who answers"
            data={instrument.respondents.map((r) => ({ value: r, label: codeWords(r) }))}
            value={respondent}
            onChange={(e) => setRespondent(e.currentTarget.value as Input['respondent'])}
            error={problems.respondent}
          />
          <TextInput label="Given at" type="datetime-local" value={administeredAt} onChange={(e) => setAdministeredAt(e.currentTarget.value)} error={problems.administeredAt} />
          <NativeSelect
            label="Consent to screening given by"
            data={[
              { value: '', label: 'No consent beyond assent needed' },
              { value: 'YOUTH', label: 'The young person' },
              { value: 'GUARDIAN', label: 'Guardian' },
              { value: 'COURT', label: 'Court' },
            ]}
            value={consentBy}
            onChange={(e) => setConsentBy(e.currentTarget.value as Grantor | '')}
            error={problems.consentBy}
          />
        </SimpleGrid>
        <Checkbox label="The young person agreed to be screened" checked={assent} onChange={(e) => setAssent(e.currentTarget.checked)} error={problems.assent} />
        <Title order={3}>Questions</Title>
        {fields.map((field, index) => (
          <Radio.Group
            key={field.itemId}
            name={field.itemId}
            label={`${index + 1}. ${field.label}`}
            withAsterisk={field.required}
            value={values[field.itemId] ?? ''}
            onChange={(value) => setValues({ ...values, [field.itemId]: value })}
            error={problems[field.itemId]}
          >
            <Group gap="md" mt={4} wrap="wrap">
              {field.choices.map((choice) => (
                <Radio key={choice.value} value={choice.value} label={choice.label} />
              ))}
            </Group>
          </Radio.Group>
        ))}
        {problems.answers && <Text c="red.9">{problems.answers}</Text>}
        <ErrorNotice error={result.error} title="The screening was not recorded" />
        <Button type="submit" loading={result.fetching} w="fit-content">
          Score and record the screening
        </Button>
      </Stack>
    </form>
  );
}

/** A screening of the case's child, its form drawn from the chosen instrument version's definition; scored by the API. */
export function Screening() {
  const { id = '' } = useParams();
  const [{ data, error, fetching }] = useQuery({ query: Instruments });
  const instruments = data?.screeningInstruments ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const instrument = instruments.find((i) => keyOf(i) === chosen) ?? instruments[instruments.length - 1];
  return (
    <Page title="Screening">
      <BackToCase caseId={id} />
      <ErrorNotice error={error} title="The instruments could not be read" />
      {!fetching && !error && instruments.length === 0 && <Text>No screening instrument is loaded. Ask your administrator.</Text>}
      {instrument && (
        <>
          <NativeSelect
            label="Instrument"
            data={instruments.map((i) => ({ value: keyOf(i), label: `${i.title} (version ${i.version})` }))}
            value={keyOf(instrument)}
            onChange={(e) => setChosen(e.currentTarget.value)}
          />
          <ScreeningForm key={keyOf(instrument)} caseId={id} instrument={instrument} />
        </>
      )}
    </Page>
  );
}
