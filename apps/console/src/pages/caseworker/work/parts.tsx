import { Anchor, Badge, Text } from '@mantine/core';
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


/** The way back to the case a form is about. */
export function BackToCase({ caseId }: { caseId: string }) {
  return (
    <Anchor component={Link} to={`/cases/${caseId}`}>
      Back to the case
    </Anchor>
  );
}
