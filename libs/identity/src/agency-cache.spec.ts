import { Transactions } from '@tandem/platform';
import { AGENCY_KEPT_MS, AgencyCache } from './agency-cache';
import { AgencyRepository } from './agency.repository';
import { AgencyRecord } from './identity.types';

const agency = (id: string, name = `Agency ${id}`): AgencyRecord =>
  ({ id, name, type: 'SHELTER', jurisdictionId: 'j-1', contactEmail: null, contactPhone: null, active: true, createdAt: new Date(0) }) as unknown as AgencyRecord;

function cacheOver(stored: Map<string, AgencyRecord>) {
  const asked: string[][] = [];
  const repository = {
    findByIds: async (_tx: unknown, ids: readonly string[]) => {
      asked.push([...ids]);
      return ids.flatMap((id) => (stored.has(id) ? [stored.get(id)!] : []));
    },
  } as unknown as AgencyRepository;
  return { asked, cache: new AgencyCache({ manager: {} } as unknown as Transactions, repository) };
}

describe('AgencyCache', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers in the order asked, null for an id that names no agency, and reads only what it does not keep', async () => {
    const stored = new Map([['a', agency('a')], ['b', agency('b')]]);
    const { asked, cache } = cacheOver(stored);
    expect((await cache.byIds(['b', 'x', 'a'])).map((found) => found?.id ?? null)).toEqual(['b', null, 'a']);
    expect((await cache.byIds(['a', 'x'])).map((found) => found?.id ?? null)).toEqual(['a', null]);
    // The unknown id is asked again (a new agency may have it by now); the kept one is not.
    expect(asked).toEqual([['b', 'x', 'a'], ['x']]);
  });

  it('reads an agency again once it has been kept for AGENCY_KEPT_MS, and then shows its change', async () => {
    const stored = new Map([['a', agency('a', 'Old name')]]);
    const { asked, cache } = cacheOver(stored);
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    expect((await cache.byIds(['a']))[0]?.name).toBe('Old name');
    stored.set('a', agency('a', 'New name'));
    now.mockReturnValue(1_000_000 + AGENCY_KEPT_MS - 1);
    expect((await cache.byIds(['a']))[0]?.name).toBe('Old name');
    now.mockReturnValue(1_000_000 + AGENCY_KEPT_MS);
    expect((await cache.byIds(['a']))[0]?.name).toBe('New name');
    expect(asked).toEqual([['a'], ['a']]);
  });
});
