import { useSyncExternalStore } from 'react';
import { session, SessionState, Viewer } from './session';

export function useSession(): SessionState {
  return useSyncExternalStore(session.subscribe, session.snapshot);
}

/** The signed-in viewer; only for pages behind the sign-in gate. */
export function useViewer(): Viewer {
  const state = useSession();
  if (state.status !== 'signed-in') throw new Error('useViewer outside a signed-in page');
  return state.viewer;
}
