import { Alert, Button, Code, List, PinInput, Stack, Text } from '@mantine/core';
import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useMutation } from 'urql';
import { ErrorNotice } from '../../components/ErrorNotice';
import { graphql } from '../../graphql';

const StartEnrollment = graphql(`
  mutation StartMfaEnrollment {
    startMfaEnrollment {
      otpauthUri
      secret
    }
  }
`);

const ConfirmEnrollment = graphql(`
  mutation ConfirmMfaEnrollment($code: String!) {
    confirmMfaEnrollment(code: $code) {
      recoveryCodes
    }
  }
`);

/** Enrols an authenticator app: a QR code (or the secret to type), a first code, recovery codes shown once. */
export function MfaEnrollment({ onDone }: { onDone: () => void }) {
  const [started, start] = useMutation(StartEnrollment);
  const [confirmed, confirm] = useMutation(ConfirmEnrollment);
  const [qr, setQr] = useState<string | null>(null);
  const [code, setCode] = useState('');
  const enrollment = started.data?.startMfaEnrollment;
  useEffect(() => {
    if (enrollment) void QRCode.toDataURL(enrollment.otpauthUri, { margin: 1, width: 200 }).then(setQr);
  }, [enrollment]);

  const codes = confirmed.data?.confirmMfaEnrollment.recoveryCodes;
  if (codes) {
    return (
      <Stack>
        <Alert color="indigo" title="Second factor enrolled">
          Keep these recovery codes somewhere safe. Each works once, in place of a code from the app. They are shown only now.
        </Alert>
        <List data-testid="recovery-codes" spacing={2}>
          {codes.map((c) => (
            <List.Item key={c}>
              <Code>{c}</Code>
            </List.Item>
          ))}
        </List>
        <Button onClick={onDone} w="fit-content">
          I have kept them
        </Button>
      </Stack>
    );
  }
  if (!enrollment) {
    return (
      <Stack>
        <Text>Add Tandem to an authenticator app on your phone. You will be asked for its code at every sign-in.</Text>
        <ErrorNotice error={started.error} />
        <Button onClick={() => void start({})} loading={started.fetching} w="fit-content">
          Set up an authenticator app
        </Button>
      </Stack>
    );
  }
  return (
    <Stack>
      <Text>Scan this code with the app, or type the key by hand.</Text>
      {qr && <img src={qr} width={200} height={200} alt="QR code of the authenticator key" />}
      <Text size="sm">
        Key: <Code data-testid="mfa-secret">{enrollment.secret}</Code>
      </Text>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void confirm({ code });
        }}
      >
        <Stack gap="xs">
          <Text component="label" htmlFor="mfa-code" fw={500}>
            The six-digit code the app shows
          </Text>
          <PinInput id="mfa-code" length={6} type="number" oneTimeCode value={code} onChange={setCode} aria-label="Authenticator code" />
          <ErrorNotice error={confirmed.error} />
          <Button type="submit" loading={confirmed.fetching} disabled={code.length !== 6} w="fit-content">
            Confirm
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
