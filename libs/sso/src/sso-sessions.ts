import { Injectable, OnModuleInit } from '@nestjs/common';
import { SessionAssurance, SessionMfa, SessionMfaSource } from '@tandem/auth';
import { Tx } from '@tandem/platform';
import { SsoRepository } from './sso.repository';

/**
 * Tells the sign-in rules whether a session opened through an agency's provider satisfied
 * multi-factor authentication: the provider asserted an accepted second factor and the agency
 * trusts it. A session whose provider asserted none, or is not trusted, answers null.
 */
@Injectable()
export class SsoSessions implements SessionMfaSource, OnModuleInit {
  constructor(
    private readonly assurance: SessionAssurance,
    private readonly sso: SsoRepository,
  ) {}

  onModuleInit(): void {
    this.assurance.register(this);
  }

  async mfaOf(tx: Tx, sessionId: string): Promise<SessionMfa | null> {
    const session = await this.sso.findSession(tx, sessionId);
    if (!session?.mfaSatisfied) return null;
    return { source: 'PROVIDER', methods: session.amr, contextClass: session.acr };
  }
}
