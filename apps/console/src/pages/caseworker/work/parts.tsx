import { Anchor, Badge, Table, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { codeWords } from '../../../lib/form-input';

/** A field the API withheld (null, named in extensions.redacted): said so, with why, never left blank. */
export function Withheld({ why }: { why: string }) {
  return (
    <Text span c="gray.8" fs="italic">
      withheld ({why})
    </Text>
  );
}

/** Whether the answer's extensions.redacted names the path. */
export function isRedacted(extensions: Record<string, unknown> | undefined, path: string): boolean {
  const redacted = extensions?.redacted;
  return Array.isArray(redacted) && redacted.includes(path);
}

/** A case's risk level: HIGH stands out filled red, ELEVATED outlined in red, the others outlined in grey. */
export function RiskBadge({ level }: { level: string }) {
  const look = level === 'HIGH' ? { color: 'red.9', variant: 'filled' } : { color: level === 'ELEVATED' ? 'red.9' : 'gray.9', variant: 'outline' };
  return (
    <Badge color={look.color} variant={look.variant}>
      {codeWords(level)}
    </Badge>
  );
}

/** A table that scrolls sideways on a phone; the scrolling region can be reached and scrolled by keyboard. */
export function ScrollTable({ label, minWidth, children }: { label: string; minWidth: number; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={minWidth} tabIndex={0} role="region" aria-label={label}>
      {children}
    </Table.ScrollContainer>
  );
}

/** The help text under a field, dark enough to read at AA contrast (Mantine's dimmed grey is not). */
export const READABLE = { description: { color: 'var(--mantine-color-gray-8)' } };

/** The way back to the case a form is about. */
export function BackToCase({ caseId }: { caseId: string }) {
  return (
    <Anchor component={Link} to={`/cases/${caseId}`}>
      Back to the case
    </Anchor>
  );
}
