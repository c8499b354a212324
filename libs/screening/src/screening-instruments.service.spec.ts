import { readFileSync } from 'node:fs';
import { AuditService } from '@tandem/audit';
import { AppConfig, Clock, Transactions } from '@tandem/platform';
import { ScreeningInstruments, shippedInstrumentFiles } from './screening-instruments.service';
import { ScreeningRepository } from './screening.repository';

describe('loading instruments', () => {
  const practice = JSON.parse(readFileSync(shippedInstrumentFiles()[0]!, 'utf8')) as Record<string, unknown>;
  const loader = (isProduction: boolean) => {
    const transactions = { run: jest.fn(async () => ({ ok: true, loaded: true })) };
    const service = new ScreeningInstruments(
      transactions as unknown as Transactions,
      {} as ScreeningRepository,
      {} as AuditService,
      { now: () => new Date() } as Clock,
      { isProduction } as AppConfig,
    );
    return { service, transactions };
  };

  it('refuses the practice instrument in production, before touching the database', async () => {
    const { service, transactions } = loader(true);
    expect(await service.load(practice)).toEqual({ ok: false, problems: [{ path: 'practice', message: expect.stringContaining('never loaded in production') }] });
    expect(transactions.run).not.toHaveBeenCalled();
  });

  it('takes an agency-held instrument in production, and the practice one elsewhere', async () => {
    expect((await loader(true).service.load({ ...practice, practice: false })).ok).toBe(true);
    expect((await loader(false).service.load(practice)).ok).toBe(true);
  });

  it('refuses a definition without a license before touching the database', async () => {
    const { service, transactions } = loader(false);
    const { license: _license, ...bare } = practice;
    expect((await service.load(bare)).ok).toBe(false);
    expect(transactions.run).not.toHaveBeenCalled();
  });
});
