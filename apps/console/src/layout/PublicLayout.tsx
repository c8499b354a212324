import { Anchor, AppShell, Burger, Group, SegmentedControl, Stack, Text, Title } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useMemo } from 'react';
import { Link, Outlet } from 'react-router';
import { Provider } from 'urql';
import { createPublicClient } from '../api/public-client';
import { LanguageProvider, useLanguage } from '../i18n/language';
import type { MessageKey } from '../i18n/messages';

const LINKS: readonly { to: string; key: MessageKey }[] = [
  { to: '/public/warning-signs', key: 'nav.warningSigns' },
  { to: '/public/tip', key: 'nav.tip' },
  { to: '/public/tip-status', key: 'nav.tipStatus' },
  { to: '/public/directory', key: 'nav.directory' },
  { to: '/public/statistics', key: 'nav.statistics' },
];

function Frame() {
  const { t, language, setLanguage } = useLanguage();
  const [opened, { toggle, close }] = useDisclosure(false);
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'md', collapsed: { desktop: true, mobile: !opened } }} padding="md">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger opened={opened} onClick={toggle} hiddenFrom="md" size="sm" aria-label={t('nav.home')} />
            <Title order={1} size="h4">
              <Link to="/" style={{ color: 'inherit', textDecoration: 'none' }}>
                Tandem
              </Link>
            </Title>
          </Group>
          <Group gap="md" visibleFrom="md" component="nav" aria-label="Public pages">
            {LINKS.map((link) => (
              <Anchor key={link.to} component={Link} to={link.to} size="sm">
                {t(link.key)}
              </Anchor>
            ))}
            <Anchor component={Link} to="/sign-in" size="sm">
              {t('nav.signIn')}
            </Anchor>
          </Group>
          <SegmentedControl
            size="xs"
            aria-label={t('nav.language')}
            value={language}
            onChange={(value) => setLanguage(value === 'es' ? 'es' : 'en')}
            data={[
              { value: 'en', label: 'English' },
              { value: 'es', label: 'Español' },
            ]}
          />
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="md" aria-label="Public pages menu">
        <Stack>
          {LINKS.map((link) => (
            <Anchor key={link.to} component={Link} to={link.to} onClick={close}>
              {t(link.key)}
            </Anchor>
          ))}
          <Anchor component={Link} to="/sign-in" onClick={close}>
            {t('nav.signIn')}
          </Anchor>
        </Stack>
      </AppShell.Navbar>
      <AppShell.Main id="main" tabIndex={-1}>
        <Outlet />
        <Text size="sm" mt="xl" c="gray.8">
          {t('home.emergency')}
        </Text>
      </AppShell.Main>
    </AppShell>
  );
}

/** The pages anyone reads without signing in, in English or Spanish. */
export function PublicLayout() {
  const client = useMemo(() => createPublicClient(), []);
  return (
    <Provider value={client}>
      <LanguageProvider>
        <Frame />
      </LanguageProvider>
    </Provider>
  );
}
