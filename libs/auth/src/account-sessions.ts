import { Injectable, OnModuleInit } from '@nestjs/common';
import { AccountEffects } from '@tandem/identity';
import { SessionRepository } from './session.repository';

/** A disabled account's sessions end with it, in the transaction that disables it. */
@Injectable()
export class AccountSessions implements OnModuleInit {
  constructor(
    private readonly effects: AccountEffects,
    private readonly sessions: SessionRepository,
  ) {}

  onModuleInit(): void {
    this.effects.whenDisabled((tx, userId) => this.sessions.revokeUserSessions(tx, userId, 'USER_DISABLED'));
  }
}
