import { AgencyType, Role } from '@tandem/authz';
import { AgencyRecord, AgencyRepository, UserRepository, UserWithSecret } from '@tandem/identity';
import { Transactions } from '@tandem/platform';
import { DemoViewers } from './demo-viewer';

const user: UserWithSecret = {
  id: 'u1',
  email: 'cw.staff1@stl.tandem.demo',
  displayName: 'STL CW Staff One',
  agencyId: 'a1',
  role: Role.STAFF,
  active: true,
  failedLoginCount: 0,
  lockedUntil: null,
  passwordChangeRequired: false,
  createdAt: new Date(0),
  passwordHash: 'hash',
};
const agency: AgencyRecord = {
  id: 'a1',
  name: "St. Louis Children's Division",
  type: AgencyType.CHILD_WELFARE,
  jurisdictionId: 'j1',
  contactEmail: null,
  contactPhone: null,
  active: true,
  createdAt: new Date(0),
};

function viewers(found: UserWithSecret | null) {
  const users = { findByEmailWithSecret: (_db: unknown, email: string) => Promise.resolve(found && found.email === email ? found : null) } as unknown as UserRepository;
  const agencies = { findById: (_db: unknown, id: string) => Promise.resolve(id === agency.id ? agency : null) } as unknown as AgencyRepository;
  return new DemoViewers({ manager: {} } as unknown as Transactions, users, agencies);
}

describe('DemoViewers', () => {
  it('signs a demo user in as the services see a viewer, with their agency type and jurisdiction', async () => {
    expect(await viewers(user).of(user.email)).toEqual({
      userId: 'u1',
      sessionId: 'demo-seed',
      email: user.email,
      displayName: 'STL CW Staff One',
      role: Role.STAFF,
      agencyId: 'a1',
      agencyType: AgencyType.CHILD_WELFARE,
      jurisdictionId: 'j1',
    });
  });

  it('signs in a user of no agency with no agency type or jurisdiction', async () => {
    const auditor = { ...user, email: 'auditor@stl.tandem.demo', role: Role.AUDITOR, agencyId: null };
    expect(await viewers(auditor).of(auditor.email)).toMatchObject({ agencyId: null, agencyType: null, jurisdictionId: null, role: Role.AUDITOR });
  });

  it('refuses a demo user that does not exist', async () => {
    await expect(viewers(null).of('nobody@stl.tandem.demo')).rejects.toThrow('demo user nobody@stl.tandem.demo is missing');
  });
});
