import { Anchor, Badge, Button, Card, Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useLocation } from 'react-router';
import { useQuery } from 'urql';
import { Page } from '../../components/Page';
import { graphql, ResultOf, VariablesOf } from '../../graphql';
import { useLanguage } from '../../i18n/language';
import type { MessageKey } from '../../i18n/messages';
import { PublicError } from './PublicError';

const PublicResourcesQuery = graphql(`
  query PublicResources($filter: PublicResourceFilterInput, $first: Int, $after: String) {
    publicResources(filter: $filter, first: $first, after: $after) {
      edges {
        node {
          id
          openNow
          service {
            id
            name
            serviceType
            description
            eligibilityDescription
            fees
            url
            population {
              ageBand
            }
          }
          location {
            id
            name
            url
            address {
              address1
              city
              stateProvince
            }
          }
          phones {
            id
            number
            extension
            description
          }
          schedules {
            id
            byday
            opensAt
            closesAt
            description
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

type Filter = NonNullable<VariablesOf<typeof PublicResourcesQuery>['filter']>;
type ServiceType = NonNullable<Filter['serviceType']>;
type Resource = ResultOf<typeof PublicResourcesQuery>['publicResources']['edges'][number]['node'];

export const SERVICE_TYPES: readonly ServiceType[] = [
  'HOTLINE',
  'DROP_IN',
  'COUNSELING',
  'CASE_MANAGEMENT',
  'EDUCATION',
  'EMERGENCY_SHELTER',
  'FORENSIC_INTERVIEW',
  'HOUSING',
  'INVESTIGATION',
  'LEGAL_ADVOCACY',
  'MEDICAL_EXAM',
];
const PAGE = 20;

interface Draft {
  text: string;
  serviceType: ServiceType | '';
  age: number | string;
  sex: 'ANY' | 'FEMALE' | 'MALE';
  openNow: boolean;
}

function filterOf(draft: Draft): Filter {
  return {
    ...(draft.text.trim() ? { text: draft.text.trim() } : {}),
    ...(draft.serviceType ? { serviceType: draft.serviceType } : {}),
    ...(typeof draft.age === 'number' ? { age: draft.age } : {}),
    ...(draft.sex !== 'ANY' ? { sex: draft.sex } : {}),
    ...(draft.openNow ? { openNow: true } : {}),
  };
}

function ResourceCard({ resource }: { resource: Resource }) {
  const { t } = useLanguage();
  const { service, location } = resource;
  const address = [location.address?.address1, location.address?.city, location.address?.stateProvince].filter(Boolean).join(', ');
  return (
    <Card withBorder component="article" aria-labelledby={`resource-${resource.id}`} data-testid="resource">
      <Stack gap={6}>
        <Title order={4} id={`resource-${resource.id}`}>
          {service.name}
        </Title>
        <Group gap="xs">
          <Badge color="indigo" variant="light">
            {t(`service.${service.serviceType}` as MessageKey)}
          </Badge>
          <Badge color={resource.openNow ? 'indigo' : 'gray'} variant="light">
            {resource.openNow ? t('dir.open') : t('dir.closed')}
          </Badge>
        </Group>
        {service.description && <Text>{service.description}</Text>}
        {resource.phones.map((phone) => (
          <Text key={phone.id}>
            {t('dir.phone')}:{' '}
            <Anchor href={`tel:${phone.number.replace(/[^0-9+]/g, '')}`}>
              {phone.number}
              {phone.extension ? ` ext. ${phone.extension}` : ''}
            </Anchor>
            {phone.description ? ` (${phone.description})` : ''}
          </Text>
        ))}
        {address && (
          <Text>
            {t('dir.address')}: {address}
          </Text>
        )}
        {resource.schedules.length > 0 && (
          <Text>
            {t('dir.hours')}:{' '}
            {resource.schedules
              .map((schedule) => schedule.description ?? [schedule.byday, schedule.opensAt && schedule.closesAt ? `${schedule.opensAt}–${schedule.closesAt}` : null].filter(Boolean).join(' '))
              .filter(Boolean)
              .join('; ')}
          </Text>
        )}
        <Text>
          {t('dir.eligibility')}: {service.eligibilityDescription ?? service.population.ageBand}
        </Text>
        {service.fees && (
          <Text>
            {t('dir.fees')}: {service.fees}
          </Text>
        )}
        {(service.url ?? location.url) && (
          <Anchor href={(service.url ?? location.url)!} rel="noopener noreferrer" target="_blank">
            {t('dir.website')}: {service.name}
          </Anchor>
        )}
      </Stack>
    </Card>
  );
}

/** The public directory of hotlines and services: filters in the page's state, keyset pages. */
export function Directory() {
  const { t } = useLanguage();
  const location = useLocation();
  const initialType = (location.state as { serviceType?: ServiceType } | null)?.serviceType ?? '';
  const [draft, setDraft] = useState<Draft>({ text: '', serviceType: initialType, age: '', sex: 'ANY', openNow: false });
  const [filter, setFilter] = useState<Filter>(() => filterOf(draft));
  // The cursors of the pages read so far: the last one is the page shown.
  const [cursors, setCursors] = useState<(string | null)[]>([null]);
  const after = cursors[cursors.length - 1] ?? null;
  const [{ data, fetching, error }] = useQuery({ query: PublicResourcesQuery, variables: { filter, first: PAGE, after } });
  const resources = data?.publicResources.edges.map((edge) => edge.node) ?? [];
  const pageInfo = data?.publicResources.pageInfo;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((current) => ({ ...current, [key]: value }));

  function search(event: FormEvent) {
    event.preventDefault();
    setFilter(filterOf(draft));
    setCursors([null]);
  }

  return (
    <Page title={t('dir.title')}>
      <Text maw={820}>{t('dir.lead')}</Text>
      <form onSubmit={search} autoComplete="off" role="search" aria-labelledby="directory-filters">
        <Stack>
          <Title order={3} id="directory-filters">
            {t('dir.filters')}
          </Title>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
            <TextInput label={t('dir.text')} value={draft.text} onChange={(event) => set('text', event.currentTarget.value)} />
            <NativeSelect
              label={t('dir.serviceType')}
              value={draft.serviceType}
              onChange={(event) => set('serviceType', event.currentTarget.value as ServiceType | '')}
              data={[{ value: '', label: t('dir.anyType') }, ...SERVICE_TYPES.map((value) => ({ value, label: t(`service.${value}` as MessageKey) }))]}
            />
            <NumberInput label={t('dir.age')} min={0} max={120} allowDecimal={false} value={draft.age} onChange={(value) => set('age', value)} />
            <NativeSelect
              label={t('dir.sex')}
              value={draft.sex}
              onChange={(event) => set('sex', event.currentTarget.value as Draft['sex'])}
              data={(['ANY', 'FEMALE', 'MALE'] as const).map((value) => ({ value, label: t(`dir.sex.${value}`) }))}
            />
          </SimpleGrid>
          <Checkbox label={t('dir.openNow')} checked={draft.openNow} onChange={(event) => set('openNow', event.currentTarget.checked)} />
          <Group>
            <Button type="submit">{t('dir.search')}</Button>
          </Group>
        </Stack>
      </form>
      <Title order={3}>{t('dir.results')}</Title>
      <PublicError error={error} />
      {fetching && !data && <Text>{t('common.loading')}</Text>}
      {data && resources.length === 0 && <Text>{t('dir.none')}</Text>}
      <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="resources">
        {resources.map((resource) => (
          <ResourceCard key={resource.id} resource={resource} />
        ))}
      </SimpleGrid>
      {(cursors.length > 1 || pageInfo?.hasNextPage) && (
        <Group component="nav" aria-label={t('dir.page')}>
          <Button variant="default" disabled={cursors.length <= 1} onClick={() => setCursors(cursors.slice(0, -1))}>
            {t('common.previous')}
          </Button>
          <Text>
            {t('dir.page')} {cursors.length}
          </Text>
          <Button variant="default" disabled={!pageInfo?.hasNextPage || fetching} onClick={() => pageInfo?.endCursor && setCursors([...cursors, pageInfo.endCursor])}>
            {t('common.next')}
          </Button>
        </Group>
      )}
    </Page>
  );
}
