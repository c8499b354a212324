import { AuditQueryService, AuditService, AuditVerifier, VerifyReport } from '@tandem/audit';
import { Role, Viewer } from '@tandem/authz';
import { CaseRepository } from '@tandem/cases';
import { BadInputError, ErrorCode, ManualClock, Refusal, Transactions } from '@tandem/platform';
import { testViewer } from '@tandem/testing';
import { checkedQuery, EXPORT_MAX_ROWS, OversightService } from './oversight.service';

const viewer = (role: Role, agencyId: string | null = null): Viewer => testViewer(role, { userId: '00000000-0000-4000-8000-00000000000a', agencyId });

const REPORT: VerifyReport = {
  chains: 3,
  events: 120,
  legacyEvents: 0,
  problems: [{ chainKey: 'agency:b', seq: 7, eventId: null, kind: 'GAP', message: 'chain agency:b: events 7 to 8 are missing' }],
  elapsedMs: 4,
};

function service(count: number) {
  const record = jest.fn();
  const verify = jest.fn().mockResolvedValue(REPORT);
  const all = jest.fn().mockResolvedValue([]);
  const queries = { countUpTo: jest.fn().mockResolvedValue(count), all } as unknown as AuditQueryService;
  const transactions = { run: (work: (tx: unknown) => Promise<unknown>) => work({}) } as unknown as Transactions;
  const oversight = new OversightService(
    transactions,
    { record } as unknown as AuditService,
    queries,
    {} as CaseRepository,
    new ManualClock(new Date('2026-03-04T05:06:07.890Z')),
    { verify } as unknown as AuditVerifier,
  );
  return { oversight, record, all, verify };
}

describe('OversightService', () => {
  it('refuses an export of more than the cap before reading any row, asking to narrow the filter', async () => {
    const { oversight, record, all } = service(EXPORT_MAX_ROWS + 1);
    const refused = await oversight.exportCsv(viewer(Role.AUDITOR), {}).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BadInputError);
    expect((refused as BadInputError).fields).toEqual([{ path: 'filter', message: expect.stringMatching(/more than 50000 events; narrow it/) }]);
    expect(all).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it('exports up to the cap and audits the export with its row count', async () => {
    const { oversight, record } = service(EXPORT_MAX_ROWS);
    const file = await oversight.exportCsv(viewer(Role.AUDITOR), { action: 'CASE_VIEW' });
    expect(file).toMatchObject({ filename: 'audit-events-20260304T050607Z.csv', contentType: 'text/csv', rowCount: 0 });
    expect(record).toHaveBeenCalledWith({}, expect.objectContaining({ action: 'EXPORT', details: { view: 'exportAuditEvents', filter: { action: 'CASE_VIEW' }, rowCount: 0 } }));
  });

  it('verifies the chains for an auditor and audits the check with its figures, never for a supervisor', async () => {
    const { oversight, record, verify } = service(0);
    const report = await oversight.verifyChains(viewer(Role.AUDITOR));
    expect(report).toMatchObject({ chains: 3, events: 120, problems: [{ kind: 'GAP', seq: 7 }], checkedAt: new Date('2026-03-04T05:06:07.890Z') });
    expect(record).toHaveBeenCalledWith({}, expect.objectContaining({ action: 'AUDIT_VERIFY', details: { view: 'auditChainVerification', chains: 3, events: 120, broken: 1 } }));
    record.mockClear();
    verify.mockClear();
    await expect(oversight.verifyChains(viewer(Role.SUPERVISOR, '00000000-0000-4000-8000-00000000000b'))).rejects.toBeInstanceOf(Refusal);
    expect(verify).not.toHaveBeenCalled();
    expect(record).not.toHaveBeenCalled();
  });

  it('exports for auditors and supervisors, a supervisor through the same reader as their list', async () => {
    const { oversight, all } = service(0);
    const agencyId = '00000000-0000-4000-8000-00000000000b';
    await oversight.exportCsv(viewer(Role.SUPERVISOR, agencyId), {});
    expect(all).toHaveBeenCalledWith({}, { kind: 'agency', agencyId }, expect.anything(), EXPORT_MAX_ROWS);
    const refused = oversight.exportCsv(viewer(Role.STAFF, agencyId), {});
    await expect(refused).rejects.toBeInstanceOf(Refusal);
    await expect(refused).rejects.toMatchObject({ code: ErrorCode.FORBIDDEN, record: { attempted: 'EXPORT' } });
  });

  it('refuses a report longer than 93 days or running backwards', async () => {
    const { oversight } = service(0);
    const from = new Date('2026-01-01T00:00:00Z');
    await expect(oversight.report(viewer(Role.AUDITOR), from, new Date('2026-04-04T00:00:01Z'), null)).rejects.toMatchObject({ fields: [{ path: 'to' }] });
    await expect(oversight.report(viewer(Role.AUDITOR), from, new Date('2025-12-31T00:00:00Z'), null)).rejects.toMatchObject({ fields: [{ path: 'to' }] });
  });

  it('checks that from is not after to, naming the field under its path', () => {
    expect(() => checkedQuery({ from: new Date(2), to: new Date(1) }, 'filter')).toThrow(BadInputError);
    expect(checkedQuery({ caseId: 'ABCDEF00-0000-4000-8000-000000000001', from: new Date(1), to: new Date(1) }, 'filter').caseId).toBe('abcdef00-0000-4000-8000-000000000001');
  });
});
