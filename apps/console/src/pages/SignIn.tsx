import { Alert, Anchor, Button, Card, Center, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { ErrorNotice } from '../components/ErrorNotice';
import { homeOf } from '../lib/navigation';
import { session, SignOutReason } from '../session/session';
import { useSession } from '../session/use-session';

const REASONS: Record<SignOutReason, string> = {
  idle: 'You were signed out after a time without activity.',
  'signed-out': 'You are signed out.',
  expired: 'Your session has ended. Sign in again.',
};

/**
 * What an agency's single sign-on sent back in the address (`signInCode`, or `signInError`), taken
 * out of the address at once so that the one-time code stays in no history.
 */
function takeSsoReturn(): { code: string | null; refused: boolean } {
  const params = new URLSearchParams(window.location.search);
  const code = params.get('signInCode');
  const refused = params.has('signInError');
  if (code || refused) window.history.replaceState(window.history.state, '', window.location.pathname);
  return { code, refused };
}

/** Where to go after signing in: back to the page asked for, when it is one of the console's own. */
function returnPath(state: unknown): string | null {
  const from = (state as { from?: unknown } | null)?.from;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') && from !== '/sign-in' ? from : null;
}

export function SignIn() {
  const state = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const reason = (location.state as { reason?: SignOutReason } | null)?.reason;

  useEffect(() => {
    document.title = 'Sign in · Tandem';
  }, []);
  // Back from an agency's single sign-on: a one-time code to exchange, or the refusal.
  const [ssoReturn] = useState(takeSsoReturn);
  useEffect(() => {
    if (!ssoReturn.code) return;
    session.exchangeSignInCode(ssoReturn.code).then(
      (step) => {
        if (step.kind === 'mfa') setChallenge(step.challenge);
      },
      (caught: unknown) => setError(caught),
    );
  }, [ssoReturn]);
  useEffect(() => {
    if (state.status === 'signed-in') void navigate(returnPath(location.state) ?? homeOf(state.viewer), { replace: true });
  }, [state, location.state, navigate]);

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Center mih="100vh" p="md">
      <Card withBorder shadow="sm" w={420} maw="100%" p="lg" component="main">
        <Stack>
          <Title order={1} size="h2">
            Sign in to Tandem
          </Title>
          {ssoReturn.refused && (
            <Alert color="red" variant="light" role="alert">
              Your agency's sign-in did not let you in to Tandem. Ask your agency's administrator, or sign in with your password.
            </Alert>
          )}
          {reason && !error && (
            <Alert color="blue" variant="light" role="status">
              {REASONS[reason]}
            </Alert>
          )}
          {challenge === null ? (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void run(async () => {
                  const step = await session.signIn(email, password);
                  if (step.kind === 'mfa') setChallenge(step.challenge);
                });
              }}
            >
              <Stack gap="sm">
                <TextInput label="Email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.currentTarget.value)} required />
                <PasswordInput label="Password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} required />
                <ErrorNotice error={error} title="Not signed in" />
                <Button type="submit" loading={busy}>
                  Sign in
                </Button>
              </Stack>
            </form>
          ) : (
            <form
              onSubmit={(event) => {
                event.preventDefault();
                void run(() => session.verifyMfa(challenge, code.trim()));
              }}
            >
              <Stack gap="sm">
                <Text id="mfa-label">Enter the six-digit code from your authenticator app, or one of your recovery codes.</Text>
                <TextInput
                  label="Code"
                  autoComplete="one-time-code"
                  inputMode="text"
                  value={code}
                  onChange={(e) => setCode(e.currentTarget.value)}
                  required
                  autoFocus
                />
                <ErrorNotice error={error} title="Not signed in" />
                <Button type="submit" loading={busy}>
                  Verify
                </Button>
                <Button
                  variant="subtle"
                  onClick={() => {
                    setChallenge(null);
                    setCode('');
                  }}
                >
                  Start again
                </Button>
              </Stack>
            </form>
          )}
          <Text size="sm">
            <Anchor component={Link} to="/">
              Public pages: warning signs, report a concern, services
            </Anchor>
          </Text>
        </Stack>
      </Card>
    </Center>
  );
}

