import { Alert, Anchor, Button, Checkbox, Code, Fieldset, Group, NativeSelect, NumberInput, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { useClient, useQuery } from 'urql';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { useLanguage } from '../../i18n/language';
import { EMPTY_TIP, problemsOf, TipForm as Form, tipInputOf } from '../../lib/tip-form';
import { ProofProgress } from './ProofProgress';
import { PublicError } from './PublicError';
import { useProof } from './use-proof';

const TipJurisdictionsQuery = graphql(`
  query PublicTipJurisdictions {
    tipJurisdictions {
      id
      name
    }
  }
`);

const SubmitTipMutation = graphql(`
  mutation PublicSubmitTip($input: SubmitTipInput!, $proof: String!) {
    submitTip(input: $input, proof: $proof) {
      followUpCode
      progress
    }
  }
`);

/** The follow-up code, shown this once: never stored, gone when the reader says they wrote it down. */
function FollowUpCode({ code, onDone }: { code: string; onDone(): void }) {
  const { t } = useLanguage();
  return (
    <Paper withBorder p="lg" role="region" aria-labelledby="tip-sent">
      <Stack>
        <Title order={3} id="tip-sent">
          {t('tip.sentTitle')}
        </Title>
        <Alert color="blue" variant="light" title={t('tip.codeLabel')}>
          <Stack gap="sm">
            <Text fw={700}>{t('tip.codeLead')}</Text>
            <Code block fz="xl" data-testid="follow-up-code" style={{ wordBreak: 'break-word', whiteSpace: 'normal' }}>
              {code}
            </Code>
            <Text>{t('tip.codeUse')}</Text>
          </Stack>
        </Alert>
        <Group>
          <Button onClick={onDone}>{t('tip.wroteItDown')}</Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The tip form: anonymous, with the browser's proof of work, and the follow-up code shown once. */
export function SubmitTip() {
  const { t } = useLanguage();
  const client = useClient();
  const { progress, prove } = useProof();
  const [{ data: places, error: placesError }] = useQuery({ query: TipJurisdictionsQuery });
  const [form, setForm] = useState<Form>(EMPTY_TIP);
  const [tried, setTried] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [code, setCode] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [nextKey, setNextKey] = useState(1);
  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((current) => ({ ...current, [key]: value }));
  const problems = tried ? problemsOf(form) : {};

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTried(true);
    if (Object.keys(problemsOf(form)).length) return;
    setSending(true);
    setError(null);
    try {
      const proof = await prove();
      const result = await client.mutation(SubmitTipMutation, { input: tipInputOf(form), proof }).toPromise();
      if (result.error || !result.data) throw result.error;
      setCode(result.data.submitTip.followUpCode);
      setForm(EMPTY_TIP);
      setTried(false);
    } catch (failure) {
      setError(failure ?? new Error('not sent'));
    } finally {
      setSending(false);
    }
  }

  if (code) {
    return (
      <Page title={t('tip.title')}>
        <FollowUpCode
          code={code}
          onDone={() => {
            setCode(null);
            setDone(true);
          }}
        />
      </Page>
    );
  }

  return (
    <Page title={t('tip.title')}>
      {done && (
        <Alert color="green" variant="light" role="status">
          <Stack gap="xs" align="flex-start">
            <Text>{t('tip.done')}</Text>
            <Anchor component={Link} to="/public/tip-status">
              {t('nav.tipStatus')}
            </Anchor>
          </Stack>
        </Alert>
      )}
      <Text maw={820}>{t('tip.lead')}</Text>
      <form onSubmit={submit} autoComplete="off" noValidate>
        <Stack maw={720}>
          <Checkbox label={t('tip.dangerNow')} checked={form.childInDangerNow} onChange={(event) => set('childInDangerNow', event.currentTarget.checked)} />
          {form.childInDangerNow && (
            <Alert color="red" variant="light" title={t('tip.call911Title')} role="alert" data-testid="call-911">
              <Stack gap="xs" align="flex-start">
                <Text>{t('tip.call911')}</Text>
                <Button component="a" href="tel:911" color="red.9">
                  {t('signs.link.EMERGENCY_CALL')}
                </Button>
              </Stack>
            </Alert>
          )}
          <PublicError error={placesError} />
          <NativeSelect
            label={t('tip.jurisdiction')}
            description={t('tip.jurisdictionHint')}
            required
            value={form.jurisdictionId}
            onChange={(event) => set('jurisdictionId', event.currentTarget.value)}
            data={[{ value: '', label: t('tip.choose') }, ...(places?.tipJurisdictions ?? []).map((one) => ({ value: one.id, label: one.name }))]}
            error={problems.jurisdictionId && t(problems.jurisdictionId)}
          />
          <Textarea
            label={t('tip.whatSeen')}
            required
            autosize
            minRows={4}
            value={form.whatSeen}
            onChange={(event) => set('whatSeen', event.currentTarget.value)}
            error={problems.whatSeen && t(problems.whatSeen)}
          />
          <TextInput label={t('tip.place')} value={form.place} onChange={(event) => set('place', event.currentTarget.value)} />
          <Group align="flex-end" wrap="wrap">
            <TextInput
              type="datetime-local"
              label={t('tip.seenAt')}
              value={form.seenAt}
              onChange={(event) => set('seenAt', event.currentTarget.value)}
              error={problems.seenAt && t(problems.seenAt)}
              disabled={form.ongoing}
            />
            <Checkbox label={t('tip.ongoing')} checked={form.ongoing} onChange={(event) => set('ongoing', event.currentTarget.checked)} mb={8} />
          </Group>
          <Fieldset legend={t('tip.people')}>
            <Stack>
              {form.people.map((person, index) => (
                <Group key={person.key} align="flex-end" wrap="wrap">
                  <NumberInput
                    label={`${t('tip.person')} ${index + 1}: ${t('tip.personAge')}`}
                    min={0}
                    max={120}
                    allowDecimal={false}
                    value={person.age}
                    onChange={(value) => set('people', form.people.map((one) => (one.key === person.key ? { ...one, age: value } : one)))}
                    w={200}
                  />
                  <TextInput
                    label={`${t('tip.person')} ${index + 1}: ${t('tip.personDescription')}`}
                    value={person.description}
                    onChange={(event) => {
                      const description = event.currentTarget.value;
                      set('people', form.people.map((one) => (one.key === person.key ? { ...one, description } : one)));
                    }}
                    style={{ flex: '1 1 240px' }}
                  />
                  <Button variant="subtle" color="red" onClick={() => set('people', form.people.filter((one) => one.key !== person.key))}>
                    {t('tip.removePerson')}
                  </Button>
                </Group>
              ))}
              <Button
                variant="light"
                w="fit-content"
                onClick={() => {
                  set('people', [...form.people, { key: nextKey, age: '', description: '' }]);
                  setNextKey(nextKey + 1);
                }}
              >
                {t('tip.addPerson')}
              </Button>
            </Stack>
          </Fieldset>
          <Textarea label={t('tip.vehicles')} autosize minRows={2} value={form.vehicles} onChange={(event) => set('vehicles', event.currentTarget.value)} />
          <Textarea label={t('tip.handles')} autosize minRows={2} value={form.onlineHandles} onChange={(event) => set('onlineHandles', event.currentTarget.value)} />
          <TextInput label={t('tip.howKnown')} value={form.howKnown} onChange={(event) => set('howKnown', event.currentTarget.value)} />
          <TextInput label={t('tip.contact')} value={form.contact} onChange={(event) => set('contact', event.currentTarget.value)} />
          <PublicError error={error} />
          <ProofProgress progress={progress} />
          <Group>
            <Button type="submit" loading={sending} disabled={sending}>
              {t('tip.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Page>
  );
}
