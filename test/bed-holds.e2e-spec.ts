import { Role } from '@tandem/authz';
import { Actor, policyCast, signedIn } from './support/case-fixtures';
import { ACCEPT, bedHoldWorld, Cast, COMPLETE, CREATE_REFERRAL, DECLINE, FAIL, START, WITHDRAW } from './support/bed-hold-fixtures';
import { directorySite, figureOf, historyOf } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';

// Shelter referrals that name a site hold a bed when accepted, in the acceptance's transaction, and
// give it back at their end (docs/design.md, "Bed holds and suggestions"). Each end of a held bed,
// through the real moves and clocks: test/bed-holds-release.e2e-spec.ts.

describe('bed holds', () => {
  let t: TestApp;
  let cast: Cast;
  let world: ReturnType<typeof bedHoldWorld>;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    world = bedHoldWorld(t, cast);
  });
  afterAll(() => t.close());

  it('10 parallel acceptances on 3 beds: 3 holds and 7 CONFLICT with reason NO_CAPACITY that change nothing', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 3, maximum: 3 });
    const referrals: string[] = [];
    for (let i = 0; i < 10; i += 1) referrals.push(await world.referTo(site));
    // Each acceptance by a user of its own, as ten shelter workers would.
    const acceptors: Actor[] = [];
    for (let i = 0; i < 10; i += 1) acceptors.push(await signedIn(t, Role.STAFF, cast.agencies.SH.id));
    const answers = await Promise.all(referrals.map((id, i) => t.gql.query(ACCEPT, { id }, acceptors[i]!.token)));

    const accepted = referrals.filter((_, i) => !answers[i]!.errors?.length);
    const refused = referrals.filter((_, i) => answers[i]!.errors?.length);
    expect(accepted).toHaveLength(3);
    expect(refused).toHaveLength(7);
    for (const answer of answers.filter((a) => a.errors?.length)) {
      expect(answer.errors[0]!.extensions).toMatchObject({ code: 'CONFLICT', reason: 'NO_CAPACITY' });
    }
    expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 0, maximum: 3, version: 4 });
    expect(await historyOf(t, site.capacityId!)).toEqual(['HOLD', 'HOLD', 'HOLD']);
    const holds = await t.db.query(`SELECT referral_id, referring_agency_id FROM directory.bed_hold WHERE service_at_location_id = $1`, [site.serviceAtLocationId]);
    expect(holds.map((h: { referral_id: string }) => h.referral_id).sort()).toEqual([...accepted].sort());
    expect(new Set(holds.map((h: { referring_agency_id: string }) => h.referring_agency_id))).toEqual(new Set([cast.agencies.CW.id]));
    // The seven refused are as they were: still requested, the shelter no member of their cases, no one assigned.
    const left = await t.db.query(
      `SELECT r.status, (SELECT count(*)::int FROM membership m WHERE m.case_id = r.case_id AND m.agency_id = $2) AS memberships,
              (SELECT count(*)::int FROM assignment a WHERE a.case_id = r.case_id AND a.agency_id = $2) AS assignments,
              r.responded_by
         FROM referral r WHERE r.id = ANY($1::uuid[])`,
      [refused, cast.agencies.SH.id],
    );
    expect(left).toEqual(refused.map(() => ({ status: 'REQUESTED', memberships: 0, assignments: 0, responded_by: null })));
    const audited = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE subject_id = ANY($1::text[]) AND action = 'REFERRAL_ACCEPT'`, [refused]);
    expect(audited[0].n).toBe(0);
  });

  it('completing and failing an accepted referral give the bed back, once, stamped with the end', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 2, maximum: 2 });
    const [one, two] = [await world.referTo(site), await world.referTo(site)];
    const sh = cast.people.sh1;
    await t.gql.ok(ACCEPT, { id: one }, sh.token);
    await t.gql.ok(ACCEPT, { id: two }, sh.token);
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);

    await t.gql.ok(START, { id: one }, sh.token);
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);
    await t.gql.ok(COMPLETE, { id: one }, sh.token);
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);
    expect(await world.holdOf(one)).toMatchObject({ release_reason: 'COMPLETED', released_at: expect.any(Date) });

    await t.gql.ok(FAIL, { id: two }, sh.token);
    expect((await figureOf(t, site.capacityId!)).available).toBe(2);
    expect(await world.holdOf(two)).toMatchObject({ release_reason: 'FAILED' });
    expect(await historyOf(t, site.capacityId!)).toEqual(['HOLD', 'HOLD', 'RELEASE', 'RELEASE']);
    const released = await t.db.query(`SELECT updated_by FROM directory.capacity_history WHERE capacity_id = $1 AND reason = 'RELEASE'`, [site.capacityId]);
    expect(released.map((row: { updated_by: string }) => row.updated_by)).toEqual([sh.id, sh.id]);
  });

  it('gives a bed back no higher than the maximum its staff set meanwhile', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 4, maximum: 4 });
    const id = await world.referTo(site);
    await t.gql.ok(ACCEPT, { id }, cast.people.sh1.token);
    // The shelter counts its beds again: 2 of 2, the held one among them.
    await t.gql.ok(`mutation($s: ID!) { updateCapacity(serviceAtLocationId: $s, unit: "bed", available: 2, maximum: 2) { version } }`, { s: site.serviceAtLocationId }, cast.people.shSup.token);
    await t.gql.ok(COMPLETE, { id }, cast.people.sh1.token);
    expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 2, maximum: 2 });
    expect(await historyOf(t, site.capacityId!)).toEqual(['HOLD', 'UPDATE', 'RELEASE']);
  });

  it('holds a bed, not another unit the site also counts', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 1 });
    await t.db.query(`INSERT INTO directory.unit (id, name) VALUES ('crib', 'crib') ON CONFLICT (id) DO NOTHING`);
    // Its id sorts first: only the unit decides which figure a hold takes.
    await t.db.query(
      `INSERT INTO directory.service_capacity (id, service_id, unit_id, available, maximum, updated, service_at_location_id) VALUES ('00000000-cribs-' || $1, $2, 'crib', 4, 4, now(), $1)`,
      [site.serviceAtLocationId, site.serviceId],
    );
    const id = await world.referTo(site);
    await t.gql.ok(ACCEPT, { id }, cast.people.sh1.token);
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);
    expect((await figureOf(t, `00000000-cribs-${site.serviceAtLocationId}`)).available).toBe(4);
  });

  it('a withdrawn or expired referral was never accepted: it held no bed and gives none back', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 2 });
    const withdrawn = await world.referTo(site);
    await t.gql.ok(WITHDRAW, { id: withdrawn }, cast.people.cw1.token);

    const expiring = await world.referTo(site);
    await world.runClockPastDue(expiring, 'REFERRAL_RESPONSE');
    expect(await world.statusOf(expiring)).toBe('EXPIRED');
    expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 1, version: 1 });
    expect(await historyOf(t, site.capacityId!)).toEqual([]);
    expect(await world.holdOf(withdrawn)).toBeUndefined();
    expect(await world.holdOf(expiring)).toBeUndefined();
  });

  it('declining for want of capacity marks the site full and stamps it; another reason leaves it as it was', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 2, maximum: 5, updated: new Date(t.clock.now().getTime() - 6 * 3600_000) });
    const other = await world.referTo(site);
    await t.gql.ok(DECLINE, { id: other, reason: 'NOT_ELIGIBLE' }, cast.people.sh2.token);
    expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 2, version: 1 });

    const full = await world.referTo(site);
    await t.gql.ok(DECLINE, { id: full, reason: 'NO_CAPACITY' }, cast.people.sh2.token);
    const figure = await figureOf(t, site.capacityId!);
    expect(figure).toMatchObject({ available: 0, maximum: 5, version: 2, updated_by: cast.people.sh2.id });
    expect(figure.updated.getTime()).toBe(t.clock.now().getTime());
    expect(await historyOf(t, site.capacityId!)).toEqual(['DECLINED_NO_CAPACITY']);
  });

  it('a referral names only a shelter site in service of the receiving agency, and only for EMERGENCY_SHELTER: anything else is bad input and sends nothing', async () => {
    const mine = await directorySite(t, cast.agencies.SH.id, { available: 1 });
    const elsewhere = await directorySite(t, cast.agencies.CO.id, { available: 1 });
    const counseling = await directorySite(t, cast.agencies.SH.id, { serviceType: 'COUNSELING', available: null });
    const retired = await directorySite(t, cast.agencies.SH.id, { available: 1 });
    await t.db.query(`UPDATE directory.service SET status = 'inactive' WHERE id = $1`, [retired.serviceId]);
    const caseId = await world.newCase();
    const base = { caseId, toAgencyId: cast.agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'URGENT', scopes: [], reason: 'A bed' };
    const cases: [Record<string, unknown>, string][] = [
      [{ serviceAtLocationId: elsewhere.serviceAtLocationId }, 'does not name a site of the receiving agency'],
      [{ serviceAtLocationId: 'no-such-site' }, 'does not name a site of the receiving agency'],
      [{ serviceAtLocationId: counseling.serviceAtLocationId }, 'does not name an emergency shelter'],
      [{ serviceAtLocationId: retired.serviceAtLocationId }, 'names a site no longer in service'],
      [{ serviceAtLocationId: mine.serviceAtLocationId, serviceType: 'HOUSING' }, 'is only for EMERGENCY_SHELTER referrals'],
    ];
    for (const [change, message] of cases) {
      const answer = await t.gql.query(CREATE_REFERRAL, { input: { ...base, ...change } }, cast.people.cw1.token);
      expect(answer.errors[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.serviceAtLocationId', message }] });
    }
    expect(await t.world.count('referral', 'case_id = $1', [caseId])).toBe(0);
  });
});
