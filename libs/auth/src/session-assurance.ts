import { Injectable } from '@nestjs/common';
import { Tx } from '@tandem/platform';

/** What a sign-in proved beyond its first factor, as the lib that opened the session records it. */
export interface SessionMfa {
  /** Who vouched for the second factor: `PROVIDER` when the agency's identity provider asserted it. */
  source: 'PROVIDER';
  /** The authentication methods asserted (`amr`, e.g. `pwd`, `mfa`, `otp`, `hwk`). */
  methods: readonly string[];
  /** The authentication context class asserted (`acr`), if any. */
  contextClass: string | null;
}

/** A lib that opens sessions by other means than a password, and says what each of its sessions proved. */
export interface SessionMfaSource {
  mfaOf(tx: Tx, sessionId: string): Promise<SessionMfa | null>;
}

/**
 * Whether a session's sign-in satisfied multi-factor authentication by other means than a code
 * checked here: each lib that opens sessions otherwise (agency single sign-on) registers itself,
 * so that the rule requiring a second factor asks one place without knowing those libs.
 */
@Injectable()
export class SessionAssurance {
  private readonly sources: SessionMfaSource[] = [];

  register(source: SessionMfaSource): void {
    this.sources.push(source);
  }

  /** The second factor a trusted party vouched for at the session's sign-in, or null when none did. */
  async mfaOf(tx: Tx, sessionId: string): Promise<SessionMfa | null> {
    for (const source of this.sources) {
      const mfa = await source.mfaOf(tx, sessionId);
      if (mfa) return mfa;
    }
    return null;
  }
}
