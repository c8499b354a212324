import { Button, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router';
import { useLanguage } from '../../i18n/language';

export function PublicHome() {
  const { t } = useLanguage();
  useEffect(() => {
    document.title = 'Tandem';
  }, []);
  return (
    <Stack maw={820}>
      <Title order={2}>{t('home.title')}</Title>
      <Text size="lg">{t('home.lead')}</Text>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Button component={Link} to="/public/warning-signs" size="md" variant="light">
          {t('home.warningSigns')}
        </Button>
        <Button component={Link} to="/public/tip" size="md">
          {t('home.tip')}
        </Button>
        <Button component={Link} to="/public/directory" size="md" variant="light">
          {t('home.directory')}
        </Button>
        <Button component={Link} to="/public/statistics" size="md" variant="light">
          {t('home.statistics')}
        </Button>
      </SimpleGrid>
    </Stack>
  );
}
