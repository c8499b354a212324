import { AgencyType } from '@tandem/authz';
import { ADD_NOTE, policyCast, RECORD_CONSENT } from './support/case-fixtures';
import { createTestApp, TestApp } from './support/test-app';

/*
 * "record or revoke consent | lead agency users who see the case"; "add a note | users who see the
 * case". Both check who leads on the case's locked row, as updateCase does, so that a handoff being
 * committed at the same time is waited for instead of slipping between the check and the write.
 */

const WAIT_MS = 2000;

describe('acts of the lead agency while a handoff moves the lead', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Runs `act` while an accepted handoff to a new child welfare agency holds the case row, not yet committed. */
  async function duringHandoff(caseId: string, toAgencyId: string, act: () => Promise<unknown>): Promise<'done' | 'waited'> {
    const handoff = t.db.createQueryRunner();
    await handoff.connect();
    await handoff.startTransaction();
    try {
      await handoff.query(`UPDATE case_file SET lead_agency_id = $2, version = version + 1 WHERE id = $1`, [caseId, toAgencyId]);
      const pending = act();
      const outcome = await Promise.race([pending.then(() => 'done' as const), new Promise<'waited'>((resolve) => setTimeout(() => resolve('waited'), WAIT_MS))]);
      await handoff.commitTransaction();
      await pending;
      return outcome;
    } finally {
      await handoff.release();
    }
  }

  it('a consent is not recorded by an agency that stopped leading the case while the consent was being recorded', async () => {
    const { K, agencies, people } = await policyCast(t);
    const CW2 = await t.world.agency(AgencyType.CHILD_WELFARE, agencies.CW.jurisdictionId);
    const outcome = await duringHandoff(K.id, CW2.id, () =>
      t.gql.query(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', purpose: 'Counseling intake', scopes: ['SERVICES'], agencyIds: [agencies.CO.id] } }, people.cw1.token),
    );
    const consents = await t.world.count('consent', 'case_id = $1', [K.id]);
    expect({ outcome, consents }).toEqual({ outcome: 'waited', consents: 0 });
  });

  it('a note is not added by an agency that stopped leading the case while the note was being added', async () => {
    const { K, agencies, people } = await policyCast(t);
    const CW2 = await t.world.agency(AgencyType.CHILD_WELFARE, agencies.CW.jurisdictionId);
    const outcome = await duringHandoff(K.id, CW2.id, () => t.gql.query(ADD_NOTE, { input: { caseId: K.id, category: 'INVESTIGATION', body: 'Suspect named by the child' } }, people.cw1.token));
    const notes = await t.world.count('note', 'case_id = $1', [K.id]);
    expect({ outcome, notes }).toEqual({ outcome: 'waited', notes: 0 });
  });
});
