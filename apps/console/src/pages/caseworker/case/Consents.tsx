import { Button, Checkbox, Group, MultiSelect, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';
import { ScrollTable } from '../../../components/ScrollTable';
import { Withheld } from '../../../components/Withheld';
import type { AgencyType } from '../../../lib/roles';
import { when } from '../../../lib/time';
import { ActionError, words } from './parts';
import { AgenciesQuery, ConsentData, RecordConsentMutation, RevokeConsentMutation } from './queries';

type Grantor = 'YOUTH' | 'GUARDIAN' | 'COURT';
type ConsentScope = 'IDENTITY' | 'LOCATION' | 'SERVICES';
const AGENCY_TYPES: AgencyType[] = ['ADVOCACY', 'CHILD_WELFARE', 'COUNSELING', 'LAW_ENFORCEMENT', 'MEDICAL', 'PROSECUTION', 'SHELTER'];

interface Props {
  caseId: string;
  consents: readonly ConsentData[];
  /** Why the list is withheld (not the lead agency), or null. */
  withheld: string | null;
  /** The lead agency's people record and revoke. */
  canRecord: boolean;
  /** Agency names by id, for the agencies a consent names. */
  agencyNames: ReadonlyMap<string, string>;
  now: Date;
  onChanged: () => void;
}

function standing(consent: ConsentData, now: Date): string {
  if (consent.revokedAt) return 'revoked';
  if (consent.expiresAt && new Date(consent.expiresAt) <= now) return 'expired';
  if (new Date(consent.effectiveAt) > now) return 'not yet in effect';
  return 'active';
}

/** The case's consents: read, recorded and revoked by the lead agency; others see that they are withheld and why. */
export function Consents({ caseId, consents, withheld, canRecord, agencyNames, now, onChanged }: Props) {
  const [revoking, revoke] = useMutation(RevokeConsentMutation);
  const [error, setError] = useState<unknown>(null);
  // The directory of agencies names those a consent covers (the case's members may not be all of them).
  const [{ data: directory }] = useQuery({ query: AgenciesQuery, pause: Boolean(withheld) });
  const agencies = directory?.agencies ?? [];
  const nameOf = (id: string) => agencies.find((agency) => agency.id === id)?.name ?? agencyNames.get(id) ?? 'another agency';
  if (withheld) return <Withheld path="consents" reason={withheld} />;
  return (
    <Stack gap="sm">
      {consents.length === 0 ? (
        <Text size="sm">No consent on record.</Text>
      ) : (
        <ScrollTable label="Consents" minWidth={720}>
          <Table striped data-testid="consents">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Purpose</Table.Th>
                <Table.Th>Given by</Table.Th>
                <Table.Th>Shares</Table.Th>
                <Table.Th>With</Table.Th>
                <Table.Th>From – until</Table.Th>
                <Table.Th>Standing</Table.Th>
                {canRecord && <Table.Th>Change</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {consents.map((consent) => {
                const state = standing(consent, now);
                const agencies = [...consent.agencyIds.map(nameOf), ...consent.agencyTypes.map((type) => `every ${words(type)} agency`)];
                return (
                  <Table.Tr key={consent.id} data-consent-id={consent.id}>
                    <Table.Td>{consent.purpose}</Table.Td>
                    <Table.Td>{words(consent.grantedBy)}</Table.Td>
                    <Table.Td>{consent.scopes.map(words).join(', ')}</Table.Td>
                    <Table.Td>{agencies.join('; ')}</Table.Td>
                    <Table.Td>
                      {when(consent.effectiveAt)} – {consent.expiresAt ? when(consent.expiresAt) : 'no end set'}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" fw={state === 'active' ? 700 : 400} data-standing={state}>
                        {state}
                      </Text>
                    </Table.Td>
                    {canRecord && (
                      <Table.Td>
                        {state !== 'revoked' && state !== 'expired' && (
                          <Button
                            size="xs"
                            variant="light"
                            color="red"
                            loading={revoking.fetching && revoking.operation?.variables.id === consent.id}
                            aria-label={`Revoke the consent for ${consent.purpose}`}
                            onClick={async () => {
                              setError(null);
                              const result = await revoke({ id: consent.id });
                              if (result.error) setError(result.error);
                              else onChanged();
                            }}
                          >
                            Revoke
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
      <ActionError error={error} onReload={onChanged} />
      {canRecord && <RecordConsent caseId={caseId} agencies={agencies} onRecorded={onChanged} />}
    </Stack>
  );
}

/** A date typed as YYYY-MM-DD, as the end of that day in the viewer's zone. */
function endOfDay(date: string): string | null {
  const parsed = new Date(`${date}T23:59:59`);
  return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString();
}

function RecordConsent({ caseId, agencies, onRecorded }: { caseId: string; agencies: readonly { id: string; name: string }[]; onRecorded: () => void }) {
  const [state, record] = useMutation(RecordConsentMutation);
  const [grantedBy, setGrantedBy] = useState<Grantor | null>(null);
  const [purpose, setPurpose] = useState('');
  const [scopes, setScopes] = useState<ConsentScope[]>([]);
  const [agencyIds, setAgencyIds] = useState<string[]>([]);
  const [agencyTypes, setAgencyTypes] = useState<AgencyType[]>([]);
  const [expires, setExpires] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = async () => {
    setError(null);
    setDone(false);
    if (!grantedBy) return setProblem('Say who gave the consent.');
    if (scopes.length === 0) return setProblem('Choose at least one kind of information to share.');
    if (agencyIds.length === 0 && agencyTypes.length === 0) return setProblem('Choose the agencies, or the types of agency, it covers.');
    setProblem(null);
    const result = await record({
      input: {
        caseId,
        grantedBy,
        purpose: purpose.trim(),
        scopes,
        agencyIds: agencyIds.length ? agencyIds : null,
        agencyTypes: agencyTypes.length ? agencyTypes : null,
        expiresAt: expires ? endOfDay(expires) : null,
      },
    });
    if (result.error) return setError(result.error);
    setPurpose('');
    setScopes([]);
    setAgencyIds([]);
    setAgencyTypes([]);
    setExpires('');
    setDone(true);
    onRecorded();
  };

  return (
    <form
      aria-labelledby="record-consent-heading"
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <Stack gap="xs">
        <Text id="record-consent-heading" fw={700} size="sm">
          Record a consent
        </Text>
        <Group grow wrap="wrap" align="flex-start">
          <Select
            label="Given by"
            data={[
              { value: 'YOUTH', label: 'The youth' },
              { value: 'GUARDIAN', label: 'A guardian' },
              { value: 'COURT', label: 'A court' },
            ]}
            value={grantedBy}
            onChange={(value) => setGrantedBy(value as Grantor | null)}
            miw={200}
          />
          <TextInput label="Purpose" value={purpose} onChange={(event) => setPurpose(event.currentTarget.value)} required minLength={3} maxLength={500} miw={200} />
        </Group>
        <Checkbox.Group label="Information it lets you share" value={scopes} onChange={(value) => setScopes(value as ConsentScope[])}>
          <Group mt={4} wrap="wrap">
            <Checkbox value="IDENTITY" label="Identity" />
            <Checkbox value="LOCATION" label="Location" />
            <Checkbox value="SERVICES" label="Services" />
          </Group>
        </Checkbox.Group>
        <Group grow wrap="wrap" align="flex-start">
          <MultiSelect
            label="With these agencies"
            data={agencies.map((agency) => ({ value: agency.id, label: agency.name }))}
            value={agencyIds}
            onChange={setAgencyIds}
            searchable
            miw={200}
          />
          <MultiSelect label="Or every agency of these types" data={AGENCY_TYPES.map((type) => ({ value: type, label: words(type) }))} value={agencyTypes} onChange={(value) => setAgencyTypes(value as AgencyType[])} miw={200} />
          <TextInput label="Expires on (optional)" type="date" value={expires} onChange={(event) => setExpires(event.currentTarget.value)} miw={160} />
        </Group>
        <Group>
          <Button type="submit" loading={state.fetching}>
            Record consent
          </Button>
          {done && (
            <Text size="sm" role="status">
              Consent recorded.
            </Text>
          )}
        </Group>
        {problem && (
          <Text size="sm" c="red.9" role="alert">
            {problem}
          </Text>
        )}
        <ActionError error={error} onReload={onRecorded} />
      </Stack>
    </form>
  );
}
