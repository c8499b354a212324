// Small pieces of the case page: a labelled field that is a value, "not recorded" or withheld; a
// section with its heading; an error of a change, with a reload when someone else changed it first.
import { Button, Group, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { ErrorNotice } from '../../../components/ErrorNotice';
import { Withheld } from '../../../components/Withheld';
import { errorCode } from '../../../lib/errors';

/** An enum code as words: EMERGENCY_SHELTER → "emergency shelter". */
export function words(code: string | null | undefined): string {
  return (code ?? '').replaceAll('_', ' ').toLowerCase();
}

export function Section({ title, id, children, actions }: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <Paper component="section" withBorder p="md" aria-labelledby={`${id}-heading`} data-testid={`section-${id}`}>
      <Stack gap="sm">
        <Group justify="space-between" wrap="wrap">
          <Title order={3} id={`${id}-heading`} size="h4">
            {title}
          </Title>
          {actions}
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

/** A list of labelled fields, two or three abreast on a desk, one under the other on a phone. */
export function Fields({ children }: { children: ReactNode }) {
  return (
    <SimpleGrid component="dl" cols={{ base: 1, sm: 2, md: 3 }} spacing="sm" verticalSpacing="xs" m={0}>
      {children}
    </SimpleGrid>
  );
}

/** One field: its value, "not recorded" when empty, or withheld and why when `withheld` says so. */
export function Field({ label, path, value, withheld }: { label: string; path: string; value: ReactNode; withheld?: string | null }) {
  const empty = value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0);
  return (
    <div data-field={path}>
      <Text component="dt" size="sm" fw={700}>
        {label}
      </Text>
      <Text component="dd" m={0} size="sm">
        {withheld ? <Withheld path={path} reason={withheld} /> : empty ? 'not recorded' : value}
      </Text>
    </div>
  );
}

/** What went wrong with a change; on CONFLICT, the way to read the case again. */
export function ActionError({ error, onReload }: { error: unknown; onReload: () => void }) {
  if (!error) return null;
  const conflict = errorCode(error) === 'CONFLICT';
  return (
    <Stack gap={4}>
      <ErrorNotice error={error} title={conflict ? 'Someone changed this at the same time' : 'Not done'} />
      {conflict && (
        <Group>
          <Text size="sm">Reload the case to see it as it is now, then try again.</Text>
          <Button size="xs" variant="light" onClick={onReload}>
            Reload the case
          </Button>
        </Group>
      )}
    </Stack>
  );
}
