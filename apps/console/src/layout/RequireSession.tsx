import { Center, Loader, VisuallyHidden } from '@mantine/core';
import { useCallback, useEffect, useMemo } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { Provider } from 'urql';
import { createSessionClient } from '../api/client';
import { useIdleLock } from '../session/idle';
import { session } from '../session/session';
import { useSession } from '../session/use-session';
import { AccountRequirements } from './AccountRequirements';
import { Shell } from './Shell';

let resumed: Promise<void> | null = null;
/** Resumes a session left in this browser's cookie, once per page load. */
export function resumeOnce(): Promise<void> {
  resumed ??= session.resume();
  return resumed;
}

/** The signed-in part of the console: resumes the session, locks it when idle, gives pages a client of their own. */
export function RequireSession() {
  const state = useSession();
  const location = useLocation();
  useEffect(() => {
    if (state.status === 'resuming') void resumeOnce();
  }, [state.status]);
  const viewerId = state.status === 'signed-in' ? state.viewer.id : null;
  // One client per signed-in person: nothing cached for one is shown to the next.
  const sessionClient = useMemo(() => (viewerId ? createSessionClient() : null), [viewerId]);
  useEffect(() => () => sessionClient?.close(), [sessionClient]);
  const onIdle = useCallback(() => void session.signOut('idle'), []);
  useIdleLock(state.status === 'signed-in', onIdle);

  if (state.status === 'resuming') {
    return (
      <Center h="100vh" role="status">
        <Loader />
        <VisuallyHidden>Loading</VisuallyHidden>
      </Center>
    );
  }
  if (state.status === 'signed-out' || !sessionClient) {
    // Where to come back to is kept in the navigation state, never in the URL.
    return <Navigate to="/sign-in" replace state={{ from: location.pathname, reason: state.status === 'signed-out' ? state.reason : undefined }} />;
  }
  return (
    <Provider value={sessionClient.client}>
      <Shell>{state.mfaEnrollmentRequired || state.passwordChangeRequired ? <AccountRequirements /> : <Outlet />}</Shell>
    </Provider>
  );
}
