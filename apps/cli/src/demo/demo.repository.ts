import { Injectable } from '@nestjs/common';
import { execute, firstRow, Tx } from '@tandem/platform';

/** How many demo rows a table holds already. */
interface CountRow {
  n: number;
}

/** A partner agency admitted to a demo case, with one of its staff assigned. */
export interface DemoPartner {
  caseId: string;
  agencyId: string;
  userId: string;
  scopes: readonly string[];
  consentRequired: boolean;
}

/**
 * The demo data set's own statements: whether a part of it is in place already (rows made by
 * demo accounts, `*.tandem.demo`), and the rows the domains' services have no operation for
 * (a partner admitted without a share request, referrals and handoffs set back in time or closed
 * as the deadline sweep would leave them).
 */
@Injectable()
export class DemoRepository {
  /** Serialises demo seeds for the rest of the transaction, so that two runs at once make one data set. */
  async lockSeed(tx: Tx): Promise<void> {
    await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('tandem:demo-seed'))`);
  }

  /** How many cases demo accounts created. */
  async demoCaseCount(db: Tx): Promise<number> {
    const row = await firstRow<CountRow>(db, `SELECT count(*)::int AS n FROM case_file c JOIN app_user u ON u.id = c.created_by WHERE u.email LIKE '%.tandem.demo'`);
    return row!.n;
  }

  /** How many referrals demo accounts sent. */
  async demoReferralCount(db: Tx): Promise<number> {
    const row = await firstRow<CountRow>(db, `SELECT count(*)::int AS n FROM referral r JOIN app_user u ON u.id = r.sent_by WHERE u.email LIKE '%.tandem.demo'`);
    return row!.n;
  }

  /** How many missing episodes demo accounts recorded. */
  /** Statistics releases published by a demo user. */
  async demoReleaseCount(db: Tx): Promise<number> {
    const row = await firstRow<CountRow>(db, `SELECT count(*)::int AS n FROM statistics.release r JOIN app_user u ON u.id = r.made_by WHERE u.email LIKE '%.tandem.demo'`);
    return row!.n;
  }

  async demoEpisodeCount(db: Tx): Promise<number> {
    const row = await firstRow<CountRow>(
      db,
      `SELECT count(*)::int AS n FROM missing_episode e JOIN app_user u ON u.id = e.recorded_by WHERE u.email LIKE '%.tandem.demo'`,
    );
    return row!.n;
  }

  /** How many screenings demo accounts administered. */
  async demoScreeningCount(db: Tx): Promise<number> {
    const row = await firstRow<CountRow>(db, `SELECT count(*)::int AS n FROM screening s JOIN app_user u ON u.id = s.administered_by WHERE u.email LIKE '%.tandem.demo'`);
    return row!.n;
  }

  /** Admits the partner agency to the case (shared, with its scopes), assigns its staff member SECONDARY and makes the case ACTIVE. */
  async admitPartner(tx: Tx, partner: DemoPartner): Promise<void> {
    await execute(
      tx,
      `INSERT INTO membership (case_id, agency_id, role, scopes, granted_via, consent_scopes)
       VALUES ($1, $2, 'PARTNER', $3, 'SHARE', CASE WHEN $4 THEN array(SELECT s FROM unnest($3::text[]) s WHERE s IN ('IDENTITY','LOCATION','SERVICES')) ELSE '{}' END)`,
      [partner.caseId, partner.agencyId, partner.scopes, partner.consentRequired],
    );
    await execute(tx, `INSERT INTO assignment (case_id, user_id, agency_id, role) VALUES ($1, $2, $3, 'SECONDARY')`, [partner.caseId, partner.userId, partner.agencyId]);
    await execute(tx, `UPDATE case_file SET status = 'ACTIVE' WHERE id = $1`, [partner.caseId]);
  }

  /** Moves a referral and its response clock back in time by whole hours, as if sent that long ago. */
  async backdateReferral(db: Tx, referralId: string, hours: number): Promise<void> {
    const shift = `interval '${Math.trunc(hours)} hours'`;
    await execute(db, `UPDATE referral SET created_at = created_at - ${shift}, response_due_at = response_due_at - ${shift} WHERE id = $1`, [referralId]);
    await execute(db, `UPDATE deadline SET started_at = started_at - ${shift}, due_at = due_at - ${shift}, next_at = next_at - ${shift} WHERE subject_id = $1`, [referralId]);
  }

  /** Leaves a referral EXPIRED and its response clock BREACHED, as the deadline sweep would. */
  async expireReferral(db: Tx, referralId: string): Promise<void> {
    await execute(db, `UPDATE referral SET status = 'EXPIRED', closed_at = now() WHERE id = $1`, [referralId]);
    await execute(db, `UPDATE deadline SET status = 'BREACHED', stage = 2, escalation_level = 2, next_at = NULL, breached_at = now() WHERE subject_id = $1`, [referralId]);
  }

  /** Leaves a handoff EXPIRED, as the deadline sweep would. */
  async expireHandoff(db: Tx, handoffId: string): Promise<void> {
    await execute(db, `UPDATE handoff SET status = 'EXPIRED', responded_at = now() WHERE id = $1`, [handoffId]);
  }
}
