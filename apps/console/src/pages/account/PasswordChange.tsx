import { Alert, Button, PasswordInput, Stack } from '@mantine/core';
import { useState } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { graphql } from '../../graphql';

const ChangePassword = graphql(`
  mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
    changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
  }
`);

/** Changes the account's password; the API ends the account's other sessions. */
export function PasswordChange({ onDone }: { onDone?: () => void }) {
  const [result, change] = useMutation(ChangePassword);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const mismatch = repeat.length > 0 && next !== repeat;
  if (result.data?.changePassword) {
    return (
      <Stack>
        <Alert color="indigo" title="Password changed">
          Your other sessions have ended.
        </Alert>
        {onDone && (
          <Button onClick={onDone} w="fit-content">
            Continue
          </Button>
        )}
      </Stack>
    );
  }
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (!mismatch) void change({ currentPassword: current, newPassword: next });
      }}
    >
      <Stack gap="sm">
        <PasswordInput label="Current password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.currentTarget.value)} required />
        <PasswordInput label="New password" description="At least 12 characters, not a common password" descriptionProps={{ c: 'gray.8' }} autoComplete="new-password" value={next} onChange={(e) => setNext(e.currentTarget.value)} required />
        <PasswordInput label="New password again" autoComplete="new-password" value={repeat} onChange={(e) => setRepeat(e.currentTarget.value)} error={mismatch ? 'The two do not match' : undefined} required />
        <ErrorNotice error={result.error} />
        <Button type="submit" loading={result.fetching} w="fit-content">
          Change password
        </Button>
      </Stack>
    </form>
  );
}
