// The signed-in person's session. The access token lives in memory only (never in storage); the
// refresh token is in the API's HttpOnly, SameSite=Strict cookie, so a reload resumes the session
// by a refresh and a script on the page can never read it.
import { ApiError, postGraphQL } from '../api/transport';
import { idleMinutes } from './idle';

import type { AgencyType, Role } from '../lib/roles';

export type { AgencyType, Role };

export interface Viewer {
  id: string;
  displayName: string;
  role: Role;
  agencyId: string | null;
  agencyName: string | null;
  agencyType: AgencyType | null;
  jurisdictionId: string | null;
}

export type SessionState =
  | { status: 'resuming' }
  | { status: 'signed-out'; reason?: SignOutReason }
  | { status: 'signed-in'; viewer: Viewer; mfaEnrollmentRequired: boolean; passwordChangeRequired: boolean };

export type SignOutReason = 'idle' | 'signed-out' | 'expired';

const PAYLOAD = `accessToken accessTokenExpiresAt mfaEnrollmentRequired passwordChangeRequired
  user { id displayName role agencyId agency { name type jurisdictionId } }`;

interface Payload {
  accessToken: string;
  accessTokenExpiresAt: string;
  mfaEnrollmentRequired: boolean;
  passwordChangeRequired: boolean;
  user: { id: string; displayName: string; role: Role; agencyId: string | null; agency: { name: string; type: AgencyType; jurisdictionId: string } | null };
}

/** What `login` may answer: a session, or a second factor to ask for. */
export type SignInStep = { kind: 'done' } | { kind: 'mfa'; challenge: string };

type Listener = () => void;

class Session {
  private state: SessionState = { status: 'resuming' };
  private token: string | null = null;
  private expiresAt = 0;
  private refreshing: Promise<boolean> | null = null;
  private readonly listeners = new Set<Listener>();

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  snapshot = (): SessionState => this.state;

  /** The access token for a request, refreshed first when it is about to expire; null when signed out. */
  async accessToken(): Promise<string | null> {
    if (!this.needsRefresh()) return this.token;
    if (this.state.status === 'signed-out') return null;
    return (await this.refresh()) ? this.token : null;
  }

  /** Whether the in-memory token is missing or about to expire. */
  needsRefresh(): boolean {
    return !this.token || Date.now() >= this.expiresAt - 15_000;
  }

  /** The token as it is now, without refreshing. */
  currentToken(): string | null {
    return this.token;
  }

  /** At start: a session left in this browser's cookie goes on; otherwise the person is signed out. */
  async resume(): Promise<void> {
    if (!(await this.refresh())) this.set({ status: 'signed-out' });
  }

  /** Exchanges the cookie's refresh token for a new pair; once at a time. */
  refresh(): Promise<boolean> {
    this.refreshing ??= postGraphQL<{ refreshToken: Payload }>(`mutation { refreshToken { ${PAYLOAD} } }`)
      .then((data) => {
        this.accept(data.refreshToken);
        return true;
      })
      .catch(() => {
        // A session that was in force and can no longer be refreshed has ended (idle lock, ended
        // elsewhere, lifetime); a browser that had none is simply signed out.
        this.drop(this.state.status === 'signed-in' ? 'expired' : undefined);
        return false;
      })
      .finally(() => {
        this.refreshing = null;
      });
    return this.refreshing;
  }

  async signIn(email: string, password: string): Promise<SignInStep> {
    try {
      const data = await postGraphQL<{ login: Payload }>(
        `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { ${PAYLOAD} } }`,
        { email, password },
      );
      this.accept(data.login);
      return { kind: 'done' };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'MFA_REQUIRED' && typeof error.extensions.challenge === 'string') {
        return { kind: 'mfa', challenge: error.extensions.challenge };
      }
      throw error;
    }
  }

  async verifyMfa(challenge: string, code: string): Promise<void> {
    const data = await postGraphQL<{ verifyMfa: Payload }>(
      `mutation($challenge: String!, $code: String!) { verifyMfa(challenge: $challenge, code: $code) { ${PAYLOAD} } }`,
      { challenge, code },
    );
    this.accept(data.verifyMfa);
  }

  /** After an agency's single sign-on: the one-time code from the callback page. */
  async exchangeSignInCode(code: string): Promise<SignInStep> {
    try {
      const data = await postGraphQL<{ exchangeSignInCode: Payload }>(
        `mutation($code: String!) { exchangeSignInCode(code: $code) { ${PAYLOAD} } }`,
        { code },
      );
      this.accept(data.exchangeSignInCode);
      return { kind: 'done' };
    } catch (error) {
      if (error instanceof ApiError && error.code === 'MFA_REQUIRED' && typeof error.extensions.challenge === 'string') {
        return { kind: 'mfa', challenge: error.extensions.challenge };
      }
      throw error;
    }
  }

  /** Signs out here (the API ends the session and clears its cookies); the page forgets everything. */
  async signOut(reason: SignOutReason = 'signed-out'): Promise<void> {
    const token = this.token;
    this.drop(reason);
    if (token) await postGraphQL(`mutation { logout }`, {}, token).catch(() => undefined);
  }

  /** Ends every other session of the account (other browsers, devices), keeping this one. */
  async endOtherSessions(): Promise<number> {
    const data = await postGraphQL<{ endOtherSessions: number }>(`mutation { endOtherSessions }`, {}, await this.accessToken());
    return data.endOtherSessions;
  }

  /** After enrolling a second factor or changing the password: the account's requirements are met. */
  cleared(requirement: 'mfa' | 'password'): void {
    if (this.state.status !== 'signed-in') return;
    this.set({
      ...this.state,
      mfaEnrollmentRequired: requirement === 'mfa' ? false : this.state.mfaEnrollmentRequired,
      passwordChangeRequired: requirement === 'password' ? false : this.state.passwordChangeRequired,
    });
  }

  idleMinutes(): number {
    return idleMinutes();
  }

  private accept(payload: Payload): void {
    this.token = payload.accessToken;
    this.expiresAt = Date.parse(payload.accessTokenExpiresAt);
    const { user } = payload;
    this.set({
      status: 'signed-in',
      mfaEnrollmentRequired: payload.mfaEnrollmentRequired,
      passwordChangeRequired: payload.passwordChangeRequired,
      viewer: {
        id: user.id,
        displayName: user.displayName,
        role: user.role,
        agencyId: user.agencyId,
        agencyName: user.agency?.name ?? null,
        agencyType: user.agency?.type ?? null,
        jurisdictionId: user.agency?.jurisdictionId ?? null,
      },
    });
  }

  private drop(reason: SignOutReason | undefined): void {
    this.token = null;
    this.expiresAt = 0;
    if (this.state.status !== 'signed-out') this.set(reason ? { status: 'signed-out', reason } : { status: 'signed-out' });
  }

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export const session = new Session();
