import { definePolicy } from '@tandem/authz';

/** Signing in needs no session: the email and password are the credential. */
const login = definePolicy({
  name: 'session.login',
  row: null,
  audit: 'LOGIN',
  who: 'public',
});

/** A new access token for a refresh token (given, or in a browser session's cookie): the refresh token is the credential. */
const refresh = definePolicy({
  name: 'session.refresh',
  row: null,
  audit: 'TOKEN_REFRESH',
  who: 'public',
});

/** The second step of a sign-in with a second factor: the challenge and the code are the credential. */
const verifyMfa = definePolicy({
  name: 'session.verifyMfa',
  row: null,
  audit: 'MFA_SUCCESS',
  who: 'public',
});

/** Ending one's own session (the one the request is signed in with). */
const logout = definePolicy({
  name: 'session.logout',
  row: 'change your own password or sign out',
  audit: 'LOGOUT',
  who: 'signed-in',
});

/** Listing one's own sessions: no operation names another user, so there is no one else's to read. */
const list = definePolicy({
  name: 'session.list',
  row: 'manage your own sessions',
  audit: 'SESSION_LIST',
  who: 'signed-in',
});

/** Ending one of one's own sessions, or all but the current one; another user's session is NOT_FOUND. */
const end = definePolicy({
  name: 'session.end',
  row: 'manage your own sessions',
  audit: 'SESSION_END',
  who: 'signed-in',
});

/** Signing in (with its second step), refreshing, signing out, and a user's own sessions. */
export const SessionPolicy = { login, refresh, verifyMfa, logout, list, end } as const;
