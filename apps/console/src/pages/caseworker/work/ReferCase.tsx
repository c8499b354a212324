import { Alert, Anchor, Badge, Button, Checkbox, Group, NativeSelect, Radio, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery, useSubscription } from 'urql';
import { Countdown, useNow } from '../../../components/Countdown';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Page } from '../../../components/Page';
import { graphql, type VariablesOf } from '../../../graphql';
import { codeWords, fieldErrors } from '../../../lib/form-input';
import { bedsText, withAnnouncement, withLiveFigures, type LatestFigures } from '../../../lib/live-capacity';
import { useViewer } from '../../../session/use-session';
import { BackToCase, Withheld } from './parts';
import { ScrollTable } from '../../../components/ScrollTable';

const ReferralContext = graphql(`
  query ReferralContext($id: ID!) {
    case(id: $id) {
      id
      caseNumber
      viewerScopes
      leadAgency {
        id
      }
    }
    agencies {
      id
      name
      type
      active
    }
  }
`);

const SuggestProviders = graphql(`
  query SuggestProviders($caseId: ID!, $serviceType: ServiceType!) {
    suggestProviders(caseId: $caseId, serviceType: $serviceType, first: 10) {
      rank
      serviceAtLocationId
      serviceName
      organizationName
      locationName
      city
      distanceKm
      available
      maximum
      stale
      eligible
    }
  }
`);

const CapacityChanged = graphql(`
  subscription CapacityChanged {
    capacityChanged {
      serviceAtLocationId
      available
      maximum
      stale
      updated
      version
    }
  }
`);

const ProviderAgency = graphql(`
  query ProviderAgency($id: ID!) {
    resource(id: $id) {
      id
      organization {
        id
        agency {
          id
          name
        }
      }
    }
  }
`);

const CreateReferral = graphql(`
  mutation CreateReferral($input: CreateReferralInput!) {
    createReferral(input: $input) {
      id
      status
      responseDueAt
      toAgency {
        id
        name
      }
    }
  }
`);

type Input = VariablesOf<typeof CreateReferral>['input'];
type ServiceType = Input['serviceType'];
type Urgency = Input['urgency'];
type Scope = Input['scopes'][number];

const SERVICE_TYPES: ServiceType[] = ['EMERGENCY_SHELTER', 'HOUSING', 'COUNSELING', 'MEDICAL_EXAM', 'FORENSIC_INTERVIEW', 'LEGAL_ADVOCACY', 'CASE_MANAGEMENT', 'EDUCATION', 'INVESTIGATION'];
const URGENCIES: { value: Urgency; label: string }[] = [
  { value: 'ROUTINE', label: 'Routine (answer within 72 h)' },
  { value: 'URGENT', label: 'Urgent (answer within 24 h)' },
  { value: 'EMERGENCY', label: 'Emergency (answer within 2 h)' },
];
const SHAREABLE: { value: Scope; label: string }[] = [
  { value: 'IDENTITY', label: 'Identity (name, date of birth)' },
  { value: 'LOCATION', label: 'Location (placement, contacts)' },
  { value: 'SERVICES', label: 'Services (notes, screenings)' },
];

/** The words for a refusal of the API: consent said plainly, anything else as the API says it. */
function consentRefused(error: unknown): boolean {
  const first = (error as { graphQLErrors?: { extensions?: Record<string, unknown> }[] } | undefined)?.graphQLErrors?.[0];
  return first?.extensions?.code === 'FORBIDDEN' && first.extensions.reason === 'consent';
}

/**
 * Refers a case: what service, how soon, what to share and why; the providers the API suggests
 * for the child, with their beds kept current by the capacityChanged subscription; one picked, sent.
 */
export function ReferCase() {
  const { id = '' } = useParams();
  const viewer = useViewer();
  const now = useNow();
  const [serviceType, setServiceType] = useState<ServiceType>('EMERGENCY_SHELTER');
  const [urgency, setUrgency] = useState<Urgency>('URGENT');
  const [scopes, setScopes] = useState<Scope[]>([]);
  const [reason, setReason] = useState('');
  const [justification, setJustification] = useState('');
  const [site, setSite] = useState<string | null>(null);
  const [agencyId, setAgencyId] = useState('');

  const [context] = useQuery({ query: ReferralContext, variables: { id } });
  const [suggested] = useQuery({ query: SuggestProviders, variables: { caseId: id, serviceType } });
  const [{ data: latest }] = useSubscription<{ capacityChanged: Parameters<typeof withAnnouncement>[1] }, LatestFigures>(
    { query: CapacityChanged },
    (previous = new Map(), data) => withAnnouncement(previous, data.capacityChanged),
  );
  const [provider] = useQuery({ query: ProviderAgency, variables: { id: site ?? '' }, pause: !site });
  const [sent, send] = useMutation(CreateReferral);

  const providers = withLiveFigures(suggested.data?.suggestProviders ?? [], latest ?? new Map());
  const providerAgency = site ? provider.data?.resource.organization.agency : null;
  const toAgencyId = site ? (providerAgency?.id ?? null) : agencyId || null;
  const problems = fieldErrors(sent.error);
  const agencies = (context.data?.agencies ?? []).filter((a) => a.active && a.id !== viewer.agencyId);

  function chooseService(value: ServiceType) {
    setServiceType(value);
    setSite(null);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!toAgencyId) return;
    const input: Input = {
      caseId: id,
      toAgencyId,
      serviceType,
      urgency,
      scopes,
      reason,
      ...(site && serviceType === 'EMERGENCY_SHELTER' ? { serviceAtLocationId: site } : {}),
      ...(urgency === 'EMERGENCY' && justification.trim() ? { emergencyJustification: justification } : {}),
    };
    await send({ input });
  }

  if (sent.data) {
    const referral = sent.data.createReferral;
    return (
      <Page title="Refer the case">
        <Alert color="green" title="Referral sent" role="status">
          <Stack gap="xs">
            <Group gap={6} wrap="wrap">
              <Text span>Sent to {referral.toAgency.name}. Their answer is due:</Text>
              <Countdown due={referral.responseDueAt} now={now} />
            </Group>
            <BackToCase caseId={id} />
          </Stack>
        </Alert>
      </Page>
    );
  }

  return (
    <Page title="Refer the case">
      <ErrorNotice error={context.error} title="The case could not be read" />
      {context.data && (
        <Text>
          Case {context.data.case.caseNumber} · <BackToCase caseId={id} />
        </Text>
      )}
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Stack gap="md">
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label="Service"
              data={SERVICE_TYPES.map((value) => ({ value, label: codeWords(value) }))}
              value={serviceType}
              onChange={(e) => chooseService(e.currentTarget.value as ServiceType)}
              error={problems.serviceType}
            />
            <NativeSelect label="Urgency" data={URGENCIES} value={urgency} onChange={(e) => setUrgency(e.currentTarget.value as Urgency)} error={problems.urgency} />
          </SimpleGrid>
          <Checkbox.Group
            label="What to share"
            description="The case summary always goes with a referral. Sharing identity, location or services needs the child's consent for the receiving agency, recorded on the case page; an emergency referral may share without it, with a justification."
            value={scopes}
            onChange={(v) => setScopes(v as Scope[])}
            error={problems.scopes}
          >
            <Group gap="md" mt={4} wrap="wrap">
              {SHAREABLE.map((s) => (
                <Checkbox key={s.value} value={s.value} label={s.label} />
              ))}
            </Group>
          </Checkbox.Group>
          {urgency === 'EMERGENCY' && (
            <Textarea
              label="Why this cannot wait for consent"
              description="Only if you share without consent; it is audited and both agencies' supervisors are told"
              autosize
              minRows={2}
              value={justification}
              onChange={(e) => setJustification(e.currentTarget.value)}
              error={problems.emergencyJustification}
            />
          )}
          <Textarea label="Reason for the referral" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={problems.reason} />

          <Title order={3}>Suggested providers</Title>
          <Text size="sm">Eligible providers with a bed first. Bed counts change here as providers update them.</Text>
          <ErrorNotice error={suggested.error} title="No suggestions could be read" />
          {!suggested.fetching && !suggested.error && providers.length === 0 && <Text>No provider of this service in the directory.</Text>}
          {providers.length > 0 && (
            <ScrollTable label="Suggested providers" minWidth={680}>
              <Table striped data-testid="suggestions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Choose</Table.Th>
                    <Table.Th>Provider</Table.Th>
                    <Table.Th>Where</Table.Th>
                    <Table.Th>Distance</Table.Th>
                    <Table.Th>Beds</Table.Th>
                    <Table.Th>Fits the child</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {providers.map((p) => (
                    <Table.Tr key={p.serviceAtLocationId} data-site={p.serviceAtLocationId}>
                      <Table.Td>
                        <Radio
                          name="provider"
                          aria-label={`Choose ${p.serviceName}`}
                          checked={site === p.serviceAtLocationId}
                          onChange={() => {
                            setSite(p.serviceAtLocationId);
                            setAgencyId('');
                          }}
                        />
                      </Table.Td>
                      <Table.Td>
                        <Text fw={600}>{p.serviceName}</Text>
                        <Text size="sm">{p.organizationName}</Text>
                      </Table.Td>
                      <Table.Td>
                        {p.locationName ?? <Withheld why="confidential site" />}
                        {p.city ? `, ${p.city}` : ''}
                      </Table.Td>
                      <Table.Td>{p.distanceKm === null ? <Withheld why="confidential site" /> : `${p.distanceKm} km`}</Table.Td>
                      <Table.Td data-testid="beds">
                        {bedsText(p.available, p.maximum)} {p.stale && <Badge color="red" variant="light">stale</Badge>} {p.live && <Badge color="blue" variant="light">updated</Badge>}
                      </Table.Td>
                      <Table.Td>{p.eligible ? 'Yes' : 'No'}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )}
          <NativeSelect
            label="Or send to an agency"
            data={[{ value: '', label: site ? 'The provider chosen above' : 'Choose an agency' }, ...agencies.map((a) => ({ value: a.id, label: `${a.name} (${codeWords(a.type).toLowerCase()})` }))]}
            value={agencyId}
            onChange={(e) => {
              setAgencyId(e.currentTarget.value);
              if (e.currentTarget.value) setSite(null);
            }}
            error={problems.toAgencyId}
          />
          {site && provider.data && !providerAgency && (
            <Alert color="red" title="Not on Tandem">
              This provider is not an agency on Tandem: contact it directly, or choose another.
            </Alert>
          )}
          {toAgencyId && site && providerAgency && <Text>The referral goes to {providerAgency.name}.</Text>}
          <ErrorNotice error={provider.error} title="The provider could not be read" />
          {consentRefused(sent.error) ? (
            <Alert color="red" title="No consent for this sharing" role="alert">
              <Stack gap={4}>
                <Text>
                  The child's consent does not cover sharing {scopes.map((s) => codeWords(s).toLowerCase()).join(' and ')} with this agency, so nothing was sent. Record the consent on the case page,
                  share less, or — if the child is in danger now — send it as an emergency with a justification.
                </Text>
                <Anchor component={Link} to={`/cases/${id}`}>
                  Open the case to record consent
                </Anchor>
              </Stack>
            </Alert>
          ) : (
            <ErrorNotice error={sent.error} title="The referral was not sent" />
          )}
          <Button type="submit" loading={sent.fetching} disabled={!toAgencyId} w="fit-content">
            Send the referral
          </Button>
        </Stack>
      </form>
    </Page>
  );
}
