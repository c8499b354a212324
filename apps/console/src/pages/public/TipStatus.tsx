import { Alert, Button, Group, Paper, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useClient } from 'urql';
import { Page } from '../../components/Page';
import { graphql } from '../../graphql';
import { useLanguage } from '../../i18n/language';
import { ProofProgress } from './ProofProgress';
import { PublicError } from './PublicError';
import { useProof } from './use-proof';

const TipStatusQuery = graphql(`
  query PublicTipStatus($code: String!, $proof: String!) {
    tipStatus(code: $code, proof: $proof) {
      progress
    }
  }
`);

const AddToTipMutation = graphql(`
  mutation PublicAddToTip($code: String!, $proof: String!, $input: AddToTipInput!) {
    addToTip(code: $code, proof: $proof, input: $input) {
      progress
    }
  }
`);

type Progress = 'RECEIVED' | 'UNDER_REVIEW' | 'CLOSED';

/**
 * A tip's coarse status by its follow-up code, and more information added to it. The code lives in
 * this page's state only: not in the address, not in the browser's storage.
 */
export function TipStatus() {
  const { t } = useLanguage();
  const client = useClient();
  const { progress: solving, prove } = useProof();
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<Progress | null>(null);
  const [information, setInformation] = useState('');
  const [contact, setContact] = useState('');
  const [added, setAdded] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missing, setMissing] = useState<'code' | 'information' | null>(null);

  async function run(step: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (failure) {
      setError(failure ?? new Error('not done'));
    } finally {
      setBusy(false);
    }
  }

  function check(event: FormEvent) {
    event.preventDefault();
    if (!code.trim()) return setMissing('code');
    setMissing(null);
    setAdded(false);
    void run(async () => {
      const proof = await prove();
      const result = await client.query(TipStatusQuery, { code: code.trim(), proof }, { requestPolicy: 'network-only' }).toPromise();
      if (result.error || !result.data) throw result.error;
      setChecked(result.data.tipStatus.progress);
    });
  }

  function add(event: FormEvent) {
    event.preventDefault();
    if (!information.trim()) return setMissing('information');
    setMissing(null);
    void run(async () => {
      const proof = await prove();
      const input = { information: information.trim(), contact: contact.trim() || null };
      const result = await client.mutation(AddToTipMutation, { code: code.trim(), proof, input }).toPromise();
      if (result.error || !result.data) throw result.error;
      setChecked(result.data.addToTip.progress);
      setInformation('');
      setContact('');
      setAdded(true);
    });
  }

  function clear() {
    setCode('');
    setChecked(null);
    setInformation('');
    setContact('');
    setAdded(false);
    setError(null);
  }

  return (
    <Page title={t('status.title')}>
      <Text maw={820}>{t('status.lead')}</Text>
      <form onSubmit={check} autoComplete="off" noValidate>
        <Stack maw={560}>
          <TextInput
            label={t('status.code')}
            description={t('status.codeHint')}
            required
            value={code}
            onChange={(event) => {
              setCode(event.currentTarget.value);
              setChecked(null);
            }}
            spellCheck={false}
            autoCapitalize="off"
            error={missing === 'code' ? t('status.needCode') : undefined}
          />
          <Group>
            <Button type="submit" loading={busy && checked === null} disabled={busy}>
              {t('status.check')}
            </Button>
          </Group>
        </Stack>
      </form>
      <PublicError error={error} />
      <ProofProgress progress={solving} />
      {checked && (
        <Paper withBorder p="md" maw={720} role="region" aria-labelledby="tip-status">
          <Stack>
            <Title order={3} id="tip-status">
              {t('status.heading')}
            </Title>
            <Text fw={700} data-testid="tip-progress" data-progress={checked}>
              {t(`status.progress.${checked}`)}
            </Text>
            <Text size="sm">{t('status.sameAnswer')}</Text>
            <Title order={3}>{t('status.addTitle')}</Title>
            {added && (
              <Alert color="green" variant="light" role="status">
                {t('status.added')}
              </Alert>
            )}
            <form onSubmit={add} autoComplete="off" noValidate>
              <Stack>
                <Textarea
                  label={t('status.information')}
                  required
                  autosize
                  minRows={3}
                  value={information}
                  onChange={(event) => setInformation(event.currentTarget.value)}
                  error={missing === 'information' ? t('status.needInformation') : undefined}
                />
                <TextInput label={t('tip.contact')} value={contact} onChange={(event) => setContact(event.currentTarget.value)} />
                <Group>
                  <Button type="submit" disabled={busy}>
                    {t('status.add')}
                  </Button>
                  <Button variant="subtle" onClick={clear}>
                    {t('status.clear')}
                  </Button>
                </Group>
              </Stack>
            </form>
          </Stack>
        </Paper>
      )}
    </Page>
  );
}
