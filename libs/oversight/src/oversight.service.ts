import { Injectable } from '@nestjs/common';
import {
  actorOf,
  AuditEventKey,
  AuditEventQuery,
  AuditEventRecord,
  AuditQueryService,
  AuditReadAction,
  auditReaderOf,
  AuditReportRecord,
  AuditService,
  AuditVerifier,
  ReadLog,
  VerifyReport,
} from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { CaseRepository } from '@tandem/cases';
import { BadInputError, Clock, Transactions } from '@tandem/platform';
import { AuditEventPolicy } from './audit-event.policies';
import { auditCsv } from './audit-csv';

/** The longest period one report covers: a quarter and a bit, so that it stays one quick query. */
export const REPORT_MAX_DAYS = 93;
/** Rows of one report at most; more asks for a shorter period or one agency. */
export const REPORT_MAX_ROWS = 10_000;
/** Events in one export at most; more asks for a narrower filter. */
export const EXPORT_MAX_ROWS = 50_000;

const DAY_MS = 86_400_000;

export interface AuditCsvExport {
  filename: string;
  contentType: string;
  rowCount: number;
  csv: string;
}

/** How a refused access log answers: `NOT_FOUND` keeps a case's existence hidden; `FORBIDDEN` for a case already shown. */
type LogRefusal = 'NOT_FOUND' | 'FORBIDDEN';

/** The filter as an audit detail: only the conditions set, times as ISO text. */
function described(query: AuditEventQuery): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue;
    out[name] = value instanceof Date ? value.toISOString() : String(value);
  }
  return out;
}

/** A filter as the query service takes it, with ids in lower case; `from` after `to` is refused with its path. */
export function checkedQuery(filter: AuditEventQuery | null | undefined, path: string): AuditEventQuery {
  const query: AuditEventQuery = {
    actorUserId: filter?.actorUserId?.toLowerCase() ?? null,
    actorAgencyId: filter?.actorAgencyId?.toLowerCase() ?? null,
    caseId: filter?.caseId?.toLowerCase() ?? null,
    action: filter?.action ?? null,
    outcome: filter?.outcome ?? null,
    from: filter?.from ?? null,
    to: filter?.to ?? null,
  };
  if (query.from && query.to && query.from.getTime() > query.to.getTime()) {
    throw BadInputError.field(`${path}.to`, 'must not be before from');
  }
  return query;
}

/**
 * Reading the audit trail (docs/access-policy.md, "read audit events"). Every read is itself audited, as
 * `AUDIT_VIEW` (or `EXPORT`), so the record of who looked exists before anything leaves the server:
 * in the transaction that reads, or, for a page of events, with the operation's reads (readAuditPlugin).
 */
@Injectable()
export class OversightService {
  constructor(
    private readonly transactions: Transactions,
    private readonly audit: AuditService,
    private readonly queries: AuditQueryService,
    private readonly cases: CaseRepository,
    private readonly clock: Clock,
    private readonly verifier: AuditVerifier,
  ) {}

  /** Up to `limit + 1` visible events after `key`, newest first (the extra one tells whether a next page exists). */
  async events(viewer: Viewer, query: AuditEventQuery, key: AuditEventKey | null, limit: number, log: ReadLog): Promise<AuditEventRecord[]> {
    const reader = auditReaderOf(viewer);
    // One statement reads the page: it needs no transaction, and its AUDIT_VIEW goes with the
    // operation's other reads, written before the answer leaves (readAuditPlugin).
    const rows = await this.queries.page(this.transactions.manager, reader, query, key, limit + 1);
    log({
      actor: actorOf(viewer),
      action: AuditReadAction.AUDIT_VIEW,
      caseId: query.caseId ?? null,
      details: { view: 'auditEvents', filter: described(query), page: key ? 'next' : 'first', returned: Math.min(rows.length, limit) },
    });
    return rows;
  }

  /**
   * The accounting of disclosures of one case: every event on it. Read by auditors, and by the
   * supervisors of the agency that leads it now; anyone else is refused (and the attempt audited).
   */
  async caseLog(viewer: Viewer, caseId: string, key: AuditEventKey | null, limit: number, refusal: LogRefusal): Promise<AuditEventRecord[]> {
    const view = refusal === 'NOT_FOUND' ? 'caseAccessLog' : 'Case.accessLog';
    const policy = refusal === 'NOT_FOUND' ? AuditEventPolicy.readCaseLog : AuditEventPolicy.readCaseLogOnCase;
    return this.transactions.run(async (tx) => {
      const [record] = await this.cases.findCases(tx, [caseId]);
      authorize(policy, viewer, { leadAgencyId: record?.leadAgencyId ?? null }, { caseId, details: { view } });
      const page = await this.queries.page(tx, auditReaderOf(viewer), { caseId }, key, limit + 1);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditReadAction.AUDIT_VIEW,
        caseId,
        subjectType: 'Case',
        subjectId: caseId,
        details: { view, page: key ? 'next' : 'first', returned: Math.min(page.length, limit) },
      });
      return page;
    });
  }

  /** Per user and day, in [from, to]: a supervisor's own agency, an auditor's every agency or the one named. */
  async report(viewer: Viewer, from: Date, to: Date, agencyId: string | null): Promise<AuditReportRecord[]> {
    const reader = auditReaderOf(viewer);
    if (from.getTime() > to.getTime()) throw BadInputError.field('to', 'must not be before from');
    if (to.getTime() - from.getTime() > REPORT_MAX_DAYS * DAY_MS) throw BadInputError.field('to', `must be at most ${REPORT_MAX_DAYS} days after from`);
    authorize(AuditEventPolicy.report, viewer, { agencyId }, { details: { view: 'auditReport', agencyId } });
    return this.transactions.run(async (tx) => {
      const rows = await this.queries.report(tx, reader, { from, to, agencyId }, REPORT_MAX_ROWS + 1);
      if (rows.length > REPORT_MAX_ROWS) {
        throw BadInputError.field('to', `the report would have more than ${REPORT_MAX_ROWS} rows; shorten the period or name an agency`);
      }
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditReadAction.AUDIT_VIEW,
        details: { view: 'auditReport', from: from.toISOString(), to: to.toISOString(), ...(agencyId ? { agencyId } : {}), returned: rows.length },
      });
      return rows;
    });
  }

  /**
   * Recomputes every hash chain of the trail (as `audit:verify` does), for auditors; the check is
   * audited as `AUDIT_VERIFY` with its figures, written before the answer leaves.
   */
  async verifyChains(viewer: Viewer): Promise<VerifyReport & { checkedAt: Date }> {
    authorize(AuditEventPolicy.verifyChains, viewer, undefined);
    const checkedAt = this.clock.now();
    const report = await this.verifier.verify();
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor: actorOf(viewer),
        action: 'AUDIT_VERIFY',
        subjectType: 'AuditEvent',
        details: { view: 'auditChainVerification', chains: report.chains, events: report.events, broken: report.problems.length },
      }),
    );
    return { ...report, checkedAt };
  }

  /** Every event matching the filter that the reader may list, as CSV; refused when more than {@link EXPORT_MAX_ROWS} match. */
  async exportCsv(viewer: Viewer, query: AuditEventQuery): Promise<AuditCsvExport> {
    authorize(AuditEventPolicy.export, viewer, undefined);
    const reader = auditReaderOf(viewer);
    const now = this.clock.now();
    const rows = await this.transactions.run(async (tx) => {
      // Counted before reading, so an oversized export costs a count, not fifty thousand rows.
      if ((await this.queries.countUpTo(tx, reader, query, EXPORT_MAX_ROWS + 1)) > EXPORT_MAX_ROWS) {
        throw BadInputError.field('filter', `matches more than ${EXPORT_MAX_ROWS} events; narrow it (from, to, action, actor or case)`);
      }
      const events = await this.queries.all(tx, reader, query, EXPORT_MAX_ROWS);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditReadAction.EXPORT,
        caseId: query.caseId ?? null,
        subjectType: 'AuditEvent',
        details: { view: 'exportAuditEvents', filter: described(query), rowCount: events.length },
      });
      return events;
    });
    const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    return { filename: `audit-events-${stamp}.csv`, contentType: 'text/csv', rowCount: rows.length, csv: auditCsv(rows) };
  }
}

