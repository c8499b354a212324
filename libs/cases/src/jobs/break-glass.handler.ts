import { Injectable, Logger } from '@nestjs/common';
import { EventHandler, EventPayload, HandlesEvent } from '@tandem/platform';
import { CaseTopic } from '../case-topics';

/**
 * Every break glass is a security event: it is logged at warning level for the security
 * operations' log alerting (ids only). Supervisor alerts and the 72-hour review deadline are
 * added by the notifications and deadlines modules.
 */
@HandlesEvent(CaseTopic.BREAK_GLASS)
@Injectable()
export class BreakGlassHandler implements EventHandler {
  private readonly logger = new Logger('Security');

  async handle(payload: EventPayload): Promise<void> {
    this.logger.warn(
      { event: 'break-glass', grantId: payload.grantId, caseId: payload.caseId, userId: payload.userId, agencyId: payload.agencyId, expiresAt: payload.expiresAt },
      'break-glass access granted',
    );
  }
}
