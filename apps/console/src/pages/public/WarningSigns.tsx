import { Anchor, Badge, Card, List, NativeSelect, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { Page } from '../../components/Page';
import { graphql, ResultOf } from '../../graphql';
import { useLanguage } from '../../i18n/language';
import type { MessageKey } from '../../i18n/messages';
import { PublicError, SourceLine } from './PublicError';


const WarningSignsQuery = graphql(`
  query PublicWarningSigns($audience: EducationAudience!, $language: ContentLanguage!) {
    warningSigns(audience: $audience, language: $language) {
      signs { id title body fallback license date source { publisher title url } localAgency { name jurisdiction } }
      whatToDo { id title body fallback license date source { publisher title url } link { kind phone } localAgency { name jurisdiction } }
    }
    learningResources(audience: $audience, language: $language) {
      guides { id title body fallback license date source { publisher title url } localAgency { name jurisdiction } }
    }
  }
`);

type Audience = 'PARENTS' | 'EDUCATORS' | 'HEALTHCARE' | 'HOSPITALITY' | 'TRANSPORT' | 'YOUTH';
export const AUDIENCES: readonly Audience[] = ['PARENTS', 'EDUCATORS', 'HEALTHCARE', 'HOSPITALITY', 'TRANSPORT', 'YOUTH'];

type Data = ResultOf<typeof WarningSignsQuery>;
type Item = Data['warningSigns']['signs'][number];
type Step = Data['warningSigns']['whatToDo'][number];

function ItemBody({ item }: { item: Item }) {
  const { t } = useLanguage();
  return (
    <Stack gap={6}>
      {item.fallback && (
        <Badge color="gray" variant="light" w="fit-content">
          {t('signs.fallback')}
        </Badge>
      )}
      <Text>{item.body}</Text>
      {item.localAgency && (
        <Text size="sm">
          {t('signs.localAgency')}: {item.localAgency.name} ({item.localAgency.jurisdiction})
        </Text>
      )}
      <Text size="sm" c="gray.8">
        <SourceLine source={item.source} license={item.license} date={item.date} />
      </Text>
    </Stack>
  );
}

function StepLink({ link }: { link: NonNullable<Step['link']> }) {
  const { t } = useLanguage();
  const label = t(`signs.link.${link.kind}` as MessageKey);
  if (link.kind === 'EMERGENCY_CALL') return <Anchor href={`tel:${link.phone ?? '911'}`} fw={700}>{label}</Anchor>;
  if (link.kind === 'HOTLINES')
    return (
      <Anchor component={Link} to="/public/directory" state={{ serviceType: 'HOTLINE' }} fw={700}>
        {label}
      </Anchor>
    );
  return (
    <Anchor component={Link} to="/public/tip" fw={700}>
      {label}
    </Anchor>
  );
}

/** The warning signs for the reader's audience in the page's language, with what to do and guides. */
export function WarningSigns() {
  const { t, language } = useLanguage();
  const [audience, setAudience] = useState<Audience>('PARENTS');
  const [{ data, fetching, error }] = useQuery({ query: WarningSignsQuery, variables: { audience, language: language === 'es' ? 'ES' : 'EN' } });
  const signs = data?.warningSigns.signs ?? [];
  const steps = data?.warningSigns.whatToDo ?? [];
  const guides = data?.learningResources.guides ?? [];
  return (
    <Page title={t('signs.title')}>
      <Text maw={820}>{t('signs.lead')}</Text>
      <NativeSelect
        label={t('audience.label')}
        value={audience}
        onChange={(event) => setAudience(event.currentTarget.value as Audience)}
        data={AUDIENCES.map((value) => ({ value, label: t(`audience.${value}` as MessageKey) }))}
        maw={360}
      />
      <PublicError error={error} />
      {fetching && !data && <Text>{t('common.loading')}</Text>}
      {data && (
        <>
          <Title order={3}>{t('signs.signs')}</Title>
          {signs.length === 0 && <Text>{t('signs.none')}</Text>}
          <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="warning-signs">
            {signs.map((item) => (
              <Card key={item.id} withBorder component="article" aria-labelledby={`sign-${item.id}`}>
                <Title order={4} id={`sign-${item.id}`} mb={6}>
                  {item.title}
                </Title>
                <ItemBody item={item} />
              </Card>
            ))}
          </SimpleGrid>
          <Title order={3}>{t('signs.whatToDo')}</Title>
          <List type="ordered" spacing="md" data-testid="what-to-do">
            {steps.map((step) => (
              <List.Item key={step.id}>
                <Stack gap={4}>
                  <Text fw={700}>{step.title}</Text>
                  <ItemBody item={step} />
                  {step.link && <StepLink link={step.link} />}
                </Stack>
              </List.Item>
            ))}
          </List>
          {guides.length > 0 && (
            <>
              <Title order={3}>{t('signs.guides')}</Title>
              <Stack data-testid="guides">
                {guides.map((guide) => (
                  <Card key={guide.id} withBorder component="article" aria-labelledby={`guide-${guide.id}`}>
                    <Title order={4} id={`guide-${guide.id}`} mb={6}>
                      {guide.title}
                    </Title>
                    <ItemBody item={guide} />
                  </Card>
                ))}
              </Stack>
            </>
          )}
        </>
      )}
    </Page>
  );
}
