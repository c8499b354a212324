import { Progress, Stack, Text } from '@mantine/core';
import { useLanguage } from '../../i18n/language';

/** How far the browser's proof of work has gone, announced politely. */
export function ProofProgress({ progress }: { progress: number | null }) {
  const { t } = useLanguage();
  if (progress === null) return null;
  return (
    <Stack gap={4} role="status" data-testid="proof-progress">
      <Text size="sm">{t('tip.solving')}</Text>
      <Progress value={Math.round(progress * 100)} aria-label={t('tip.solvingLabel')} />
    </Stack>
  );
}
