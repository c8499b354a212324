import { Badge } from '@mantine/core';

const COLOURS: Record<string, string> = { NEW: 'blue.9', UNDER_REVIEW: 'indigo.9', LINKED: 'green.9', REFERRED: 'grape.9', NO_ACTION: 'gray.8' };

/** A tip's status in words. */
export function TipStatusBadge({ status }: { status: string }) {
  return (
    <Badge color={COLOURS[status] ?? 'gray.8'} data-status={status}>
      {status.replaceAll('_', ' ').toLowerCase()}
    </Badge>
  );
}
