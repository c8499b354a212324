import { Injectable } from '@nestjs/common';
import { rows, Tx } from '@tandem/platform';
import { WindowEvent } from './anomaly.rules';

export interface BreakGlassEvent {
  id: string;
  userId: string;
  agencyId: string | null;
  at: Date;
  caseId: string | null;
  caseNumber: string | null;
  leadAgencyId: string | null;
}

export interface AccountStateEvent {
  userId: string;
  agencyId: string | null;
  at: Date;
  state: 'LOCKED' | 'DISABLED';
}

/**
 * The audit trail as the anomaly rules read it: recent events only (`occurred_at >= since`, so
 * partitions are pruned and the time and action indexes answer), sorted by user and time.
 */
@Injectable()
export class AnomalyRepository {
  /** Case views of users who viewed more than `limit` distinct cases since then: only they can be over it in any hour. */
  async caseViewsOfHeavyReaders(db: Tx, since: Date, limit: number): Promise<WindowEvent[]> {
    return rows<WindowEvent>(
      db,
      `WITH heavy AS (
         SELECT actor_user_id FROM audit_event
          WHERE action = 'CASE_VIEW' AND outcome = 'ALLOWED' AND occurred_at >= $1 AND actor_user_id IS NOT NULL AND case_id IS NOT NULL
          GROUP BY actor_user_id HAVING count(DISTINCT case_id) > $2)
       SELECT e.actor_user_id AS "userId", e.actor_agency_id AS "agencyId", e.occurred_at AS at, e.case_id::text AS key
         FROM audit_event e JOIN heavy h ON h.actor_user_id = e.actor_user_id
        WHERE e.action = 'CASE_VIEW' AND e.outcome = 'ALLOWED' AND e.occurred_at >= $1 AND e.case_id IS NOT NULL
        ORDER BY e.actor_user_id, e.occurred_at, e.id`,
      [since, limit],
    );
  }

  /** Refusals of users refused at least `atLeast` times since then; each counts once (its key is its id). */
  async denialsOfFrequentlyRefused(db: Tx, since: Date, atLeast: number): Promise<WindowEvent[]> {
    return rows<WindowEvent>(
      db,
      `WITH heavy AS (
         SELECT actor_user_id FROM audit_event
          WHERE outcome = 'DENIED' AND occurred_at >= $1 AND actor_user_id IS NOT NULL
          GROUP BY actor_user_id HAVING count(*) >= $2)
       SELECT e.actor_user_id AS "userId", e.actor_agency_id AS "agencyId", e.occurred_at AS at, e.id::text AS key
         FROM audit_event e JOIN heavy h ON h.actor_user_id = e.actor_user_id
        WHERE e.outcome = 'DENIED' AND e.occurred_at >= $1
        ORDER BY e.actor_user_id, e.occurred_at, e.id`,
      [since, atLeast],
    );
  }

  /** Granted break-glass accesses, with the case's number and lead agency. */
  async breakGlass(db: Tx, since: Date): Promise<BreakGlassEvent[]> {
    return rows<BreakGlassEvent>(
      db,
      `SELECT e.id, e.actor_user_id AS "userId", e.actor_agency_id AS "agencyId", e.occurred_at AS at,
              c.id AS "caseId", c.case_number AS "caseNumber", c.lead_agency_id AS "leadAgencyId"
         FROM audit_event e LEFT JOIN case_file c ON c.id = e.case_id
        WHERE e.action = 'BREAK_GLASS' AND e.outcome = 'ALLOWED' AND e.occurred_at >= $1 AND e.actor_user_id IS NOT NULL
        ORDER BY e.occurred_at, e.id`,
      [since],
    );
  }

  /** Refusals that the sign-in and token checks marked with the account's state (`details.accountState`). */
  async refusalsOfLockedOrDisabled(db: Tx, since: Date): Promise<AccountStateEvent[]> {
    return rows<AccountStateEvent>(
      db,
      `SELECT actor_user_id AS "userId", actor_agency_id AS "agencyId", occurred_at AS at, details->>'accountState' AS state
         FROM audit_event
        WHERE outcome = 'DENIED' AND occurred_at >= $1 AND actor_user_id IS NOT NULL AND details->>'accountState' IN ('LOCKED', 'DISABLED')
        ORDER BY actor_user_id, occurred_at, id`,
      [since],
    );
  }

  /**
   * Refused access tokens from client addresses that presented at least `atLeast` since then, as
   * window events keyed by the address (a refused token names no user). Expired tokens are left
   * out: every client presents one now and then before it refreshes.
   */
  async refusedTokensOfFrequentProbers(db: Tx, since: Date, atLeast: number): Promise<WindowEvent[]> {
    return rows<WindowEvent>(
      db,
      `WITH refused AS (
         SELECT id, occurred_at, client_address FROM audit_event
          WHERE action = 'TOKEN_REFUSED' AND occurred_at >= $1 AND client_address IS NOT NULL AND reason IS DISTINCT FROM 'expired'),
       heavy AS (SELECT client_address FROM refused GROUP BY client_address HAVING count(*) >= $2)
       SELECT r.client_address AS "userId", NULL::uuid AS "agencyId", r.occurred_at AS at, r.id::text AS key
         FROM refused r JOIN heavy h ON h.client_address = r.client_address
        ORDER BY r.client_address, r.occurred_at, r.id`,
      [since, atLeast],
    );
  }
}
