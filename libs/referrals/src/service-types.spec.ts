import { DirectoryServiceType } from '@tandem/directory';
import { ServiceType } from './referrals.types';

describe('referral service types', () => {
  it('are all service types of the directory, so that a referral can name a site of the directory offering its service', () => {
    const directory = new Set<string>(Object.values(DirectoryServiceType));
    expect(Object.values(ServiceType).filter((type) => !directory.has(type))).toEqual([]);
    expect(Object.keys(ServiceType).length).toBeGreaterThan(0);
  });
});
