import { Injectable } from '@nestjs/common';
import { AuditService, SYSTEM } from '@tandem/audit';
import { Clock, Transactions } from '@tandem/platform';
import { DeadlineAlerts } from './deadline-alerts';
import { DeadlineEffects } from './deadline-effect';
import { DEADLINE_RULES, stageTime } from './deadline.rules';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineService } from './deadline.service';
import { DeadlineStatus } from './deadline.types';

/**
 * Runs a deadline's stages: reminders and escalations at their times, the due stage with its effect.
 * PostgreSQL is the truth: a stage runs only while its row, locked, says it is due and not done,
 * so a job that runs twice, late, or after the deadline was met changes nothing.
 */
@Injectable()
export class DeadlineStages {
  constructor(
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    private readonly repository: DeadlineRepository,
    private readonly deadlines: DeadlineService,
    private readonly alerts: DeadlineAlerts,
    private readonly effects: DeadlineEffects,
    private readonly audit: AuditService,
  ) {}

  /**
   * Runs every stage of the deadline that is due by now, in order, in one transaction.
   * Returns when the next stage is due, or `null` when none is.
   */
  async runDue(deadlineId: string): Promise<Date | null> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const deadline = await this.repository.lockForStage(tx, deadlineId);
      if (!deadline || deadline.status !== DeadlineStatus.PENDING || !deadline.nextAt) return null;
      const rule = DEADLINE_RULES[deadline.kind];
      const caseNumber = await this.repository.caseNumber(tx, deadline.caseId);
      let stage = deadline.stage;
      let at = stageTime(deadline, stage);
      let status: DeadlineStatus = DeadlineStatus.PENDING;
      while (at && at <= now && status === DeadlineStatus.PENDING) {
        const current = rule.stages[stage]!;
        // Whom to alert is settled before the due stage's effect changes the case.
        const to = await this.alerts.audience(tx, deadline, current.to);
        if (current.due) {
          status = DeadlineStatus.BREACHED;
          await this.effects.onDue(tx, deadline, now);
        }
        await this.alerts.send(tx, deadline, stage, current, caseNumber, to, now);
        stage += 1;
        at = current.due ? null : stageTime(deadline, stage);
      }
      if (stage === deadline.stage) return deadline.nextAt;
      await this.repository.advance(tx, deadline.id, stage, at, status, now);
      if (status === DeadlineStatus.BREACHED) {
        await this.audit.record(tx, {
          actor: SYSTEM,
          action: 'DEADLINE_BREACHED',
          caseId: deadline.caseId,
          subjectType: 'Deadline',
          subjectId: deadline.id,
          details: { kind: deadline.kind, subjectType: deadline.subjectType, subjectId: deadline.subjectId },
        });
        if (rule.repeatEveryMs) {
          const startedAt = deadline.dueAt;
          await this.deadlines.start(tx, { ...deadline, startedAt, dueAt: new Date(startedAt.getTime() + rule.repeatEveryMs) });
        }
      }
      return at;
    });
  }
}
