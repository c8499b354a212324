import { Text } from '@mantine/core';

/**
 * A field the API withheld from the viewer, said as such and with why: a withheld field never
 * reads as blank or as "not recorded".
 */
export function Withheld({ path, reason }: { path: string; reason: string }) {
  return (
    <Text span size="sm" fs="italic" data-withheld={path}>
      <strong>Withheld</strong>: {reason}
    </Text>
  );
}
