import { Card, Stack, Text, Title } from '@mantine/core';
import { MfaEnrollment } from '../pages/account/MfaEnrollment';
import { PasswordChange } from '../pages/account/PasswordChange';
import { session } from '../session/session';
import { useSession } from '../session/use-session';

/** What the account must do before anything else: replace a temporary password, enrol a second factor. */
export function AccountRequirements() {
  const state = useSession();
  if (state.status !== 'signed-in') return null;
  return (
    <Stack maw={560}>
      <Title order={2}>Before you start</Title>
      {state.passwordChangeRequired ? (
        <Card withBorder>
          <Text mb="sm">Your password was set by an administrator. Choose your own.</Text>
          <PasswordChange onDone={() => session.cleared('password')} />
        </Card>
      ) : (
        <Card withBorder>
          <Text mb="sm">Your role requires a second factor at sign-in.</Text>
          <MfaEnrollment onDone={() => session.cleared('mfa')} />
        </Card>
      )}
    </Stack>
  );
}
