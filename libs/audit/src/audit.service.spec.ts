import { AppConfig, Transactions, Tx } from '@tandem/platform';
import { AuditRepository, ChainAppend, ChainHead } from './audit.repository';
import { AuditService } from './audit.service';

/** A trail in memory whose append is a compare and swap on the chain's head, as the real statement's. */
function trail() {
  const heads = new Map<string, number>();
  const stats = { appends: 0, headReads: 0, busy: new Map<string, number>(), mostAtOnce: 0 };
  const repository = {
    readHead: async (_tx: Tx, key: string): Promise<ChainHead> => {
      stats.headReads += 1;
      return { seq: heads.get(key) ?? 0, hash: Buffer.alloc(32), at: new Date(0) };
    },
    append: async (_tx: Tx, append: ChainAppend): Promise<number> => {
      stats.appends += 1;
      const busy = (stats.busy.get(append.key) ?? 0) + 1;
      stats.busy.set(append.key, busy);
      stats.mostAtOnce = Math.max(stats.mostAtOnce, busy);
      // The statement's round trip: others may start meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 2));
      stats.busy.set(append.key, busy - 1);
      if ((heads.get(append.key) ?? 0) !== append.fromSeq) return 0;
      heads.set(append.key, append.toSeq);
      return append.columns[0]!.length;
    },
  } as unknown as AuditRepository;
  const config = { values: { AUDIT_HASH_KEY: 'test-key' } } as AppConfig;
  const transactions = { manager: {} as Tx, run: () => Promise.reject(new Error('no transaction expected')) } as unknown as Transactions;
  return { stats, heads, audit: new AuditService(config, repository, transactions) };
}

describe('AuditService.recordNow', () => {
  it("takes turns on a chain inside one process: 40 concurrent reads of one agency are 40 appends, none lost to a race, one head read per lane", async () => {
    const { stats, heads, audit } = trail();
    const entry = { actor: { type: 'USER' as const, userId: 'u-1', agencyId: 'a-1' }, action: 'CASE_VIEW' };
    await Promise.all(Array.from({ length: 40 }, () => audit.recordNow(entry)));
    expect(stats.appends).toBe(40);
    expect(stats.mostAtOnce).toBe(1);
    expect(stats.headReads).toBe(heads.size);
    expect([...heads.values()].reduce((sum, seq) => sum + seq, 0)).toBe(40);
  });

  it('goes on with the next turn when an append fails', async () => {
    const { audit } = trail();
    const failing = audit as unknown as { append: (...args: unknown[]) => Promise<void> };
    const original = failing.append.bind(audit);
    let calls = 0;
    failing.append = async (...args: unknown[]) => {
      calls += 1;
      if (calls === 1) throw new Error('connection lost');
      return original(...args);
    };
    const entry = { actor: { type: 'USER' as const, userId: 'u-1', agencyId: 'a-1' }, action: 'CASE_VIEW' };
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => audit.recordNow(entry)));
    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
  });
});
