import { definePolicy } from '@tandem/authz';

/** Signing in needs no session: the email and password are the credential. */
const login = definePolicy({
  name: 'session.login',
  row: null,
  audit: 'LOGIN',
  who: 'public',
});

/** A new access token for a refresh token: the refresh token is the credential. */
const refresh = definePolicy({
  name: 'session.refresh',
  row: null,
  audit: 'TOKEN_REFRESH',
  who: 'public',
});

/** Ending one's own session (the one the request is signed in with). */
const logout = definePolicy({
  name: 'session.logout',
  row: 'change your own password or sign out',
  audit: 'LOGOUT',
  who: 'signed-in',
});

/** Signing in, refreshing, signing out. */
export const SessionPolicy = { login, refresh, logout } as const;
