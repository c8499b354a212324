import { Stack, Title } from '@mantine/core';
import { useEffect, type ReactNode } from 'react';

/**
 * A page with its heading. The document title names the page only, never a child or a case
 * number: titles end up in browser history, tab lists and screen shares.
 */
export function Page({ title, actions, children }: { title: string; actions?: ReactNode; children: ReactNode }) {
  useEffect(() => {
    document.title = `${title} · Tandem`;
  }, [title]);
  return (
    <Stack gap="md">
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: 12, flexWrap: 'wrap' }}>
        <Title order={2}>{title}</Title>
        {actions}
      </div>
      {children}
    </Stack>
  );
}
