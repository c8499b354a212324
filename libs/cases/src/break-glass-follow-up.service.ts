import { Injectable } from '@nestjs/common';
import { Role, Viewer } from '@tandem/authz';
import { DeadlineKind, DeadlineService } from '@tandem/deadlines';
import { UserRepository } from '@tandem/identity';
import { NotificationService } from '@tandem/notifications';
import { OutboxService, Tx } from '@tandem/platform';
import { CaseTopic } from './case-topics';

/**
 * What follows a break glass, in its transaction: the 72-hour review clock, the alert to both
 * agencies' supervisors (docs/access-policy.md, "break glass"), and the security event; and the clock met by the review.
 */
@Injectable()
export class BreakGlassFollowUp {
  constructor(
    private readonly deadlines: DeadlineService,
    private readonly users: UserRepository,
    private readonly notifications: NotificationService,
    private readonly outbox: OutboxService,
  ) {}

  async granted(
    tx: Tx,
    viewer: Viewer,
    grant: { id: string; caseId: string; caseNumber: string; leadAgencyId: string; grantedAt: Date; expiresAt: Date },
  ): Promise<void> {
    const { id, caseId, caseNumber, leadAgencyId, grantedAt, expiresAt } = grant;
    await this.deadlines.start(tx, { kind: DeadlineKind.BREAK_GLASS_REVIEW, caseId, subjectType: 'AccessGrant', subjectId: id, agencyId: viewer.agencyId!, startedAt: grantedAt });
    const supervisors = (await this.users.activeIdsWithRoleIn(tx, Role.SUPERVISOR, [viewer.agencyId, leadAgencyId])).filter((userId) => userId !== viewer.userId);
    await this.notifications.notify(tx, {
      ledgerKey: `break-glass:${id}`,
      kind: 'BREAK_GLASS',
      caseId,
      caseNumber,
      text: `Case ${caseNumber}: a user broke the glass for emergency access until ${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC. Its review is due within 72 hours.`,
      recipientIds: supervisors,
      createdAt: grantedAt,
    });
    await this.outbox.publish(tx, {
      topic: CaseTopic.BREAK_GLASS,
      payload: { grantId: id, caseId, userId: viewer.userId, agencyId: viewer.agencyId, leadAgencyId, expiresAt: expiresAt.toISOString() },
    });
  }

  async reviewed(tx: Tx, grantId: string, reviewerId: string, at: Date): Promise<void> {
    await this.deadlines.meet(tx, [DeadlineKind.BREAK_GLASS_REVIEW], grantId, reviewerId, at);
  }
}
