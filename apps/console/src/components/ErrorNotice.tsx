import { Alert } from '@mantine/core';
import { errorMessage } from '../lib/errors';

/** An error said in words, announced to screen readers. */
export function ErrorNotice({ error, title = 'Not done' }: { error: unknown; title?: string }) {
  if (!error) return null;
  return (
    <Alert color="red" title={title} role="alert" variant="light">
      {errorMessage(error)}
    </Alert>
  );
}
