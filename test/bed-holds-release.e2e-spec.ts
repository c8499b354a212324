import { CapacityTopic } from '@tandem/directory';
import { policyCast } from './support/case-fixtures';
import { ACCEPT, bedHoldWorld, Cast, COMPLETE, DECLINE, FAIL, START, WITHDRAW } from './support/bed-hold-fixtures';
import { directorySite, figureOf, historyOf } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';

// A bed held for an accepted shelter referral comes back at every end the referral can reach from a
// held bed, through the real moves and clocks (docs/design.md, "Bed holds and suggestions"): the
// sender withdraws before the child arrives, the bed-hold clock expires a referral whose child never
// arrived, the shelter completes or fails it. Nothing else gives it back.

const HOUR = 3600_000;

describe('bed holds end with their referral', () => {
  let t: TestApp;
  let cast: Cast;
  let world: ReturnType<typeof bedHoldWorld>;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    world = bedHoldWorld(t, cast);
  });
  afterAll(() => t.close());

  /** The changes of a figure announced to the caseworkers following capacity (capacityChanged), by reason, oldest first. */
  const announced = async (capacityId: string): Promise<string[]> =>
    (await t.db.query(`SELECT payload->>'reason' AS reason FROM outbox WHERE topic = $1 AND payload->>'capacityId' = $2 ORDER BY created_at`, [CapacityTopic.CHANGED, capacityId])).map(
      (row: { reason: string }) => row.reason,
    );

  it('an acceptance that holds a bed starts the bed-hold clock: six hours for the child to arrive, run for the shelter, telling the sender at its end', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 1 });
    const plain = await world.newCase();
    const id = await world.acceptedAt(site);
    const [clock] = await t.db.query(`SELECT status, agency_id, started_at, due_at, data FROM deadline WHERE subject_id = $1 AND kind = 'BED_HOLD'`, [id]);
    expect(clock).toMatchObject({ status: 'PENDING', agency_id: cast.agencies.SH.id, data: { notifyUserId: cast.people.cw1.id, notifyAgencyId: cast.agencies.CW.id } });
    expect(new Date(clock.due_at).getTime() - new Date(clock.started_at).getTime()).toBe(6 * HOUR);
    // A shelter referral that names no site holds no bed and starts no such clock.
    const unnamed = (await t.gql.ok(
      `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`,
      { input: { caseId: plain, toAgencyId: cast.agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: [], reason: 'A bed tonight' } },
      cast.people.cw1.token,
    )).createReferral.id;
    await t.gql.ok(ACCEPT, { id: unnamed }, cast.people.sh1.token);
    expect(await world.clockOf(unnamed, 'BED_HOLD')).toBeUndefined();
  });

  it('the sender withdraws an accepted referral before the child arrives: the bed comes back, the clock is cancelled, the bed can be held again', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 1 });
    const id = await world.acceptedAt(site);
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);

    // Only the sending side withdraws; the shelter's staff cannot.
    const refused = await t.gql.query(WITHDRAW, { id }, cast.people.sh1.token);
    expect(refused.errors[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);

    expect((await t.gql.ok(WITHDRAW, { id }, cast.people.cw1.token)).withdrawReferral.status).toBe('CANCELLED');
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);
    expect(await world.holdOf(id)).toMatchObject({ release_reason: 'CANCELLED', released_at: expect.any(Date), arrived_at: null });
    expect((await world.clockOf(id, 'BED_HOLD'))?.status).toBe('CANCELLED');
    const released = await t.db.query(`SELECT updated_by FROM directory.capacity_history WHERE capacity_id = $1 AND reason = 'RELEASE'`, [site.capacityId]);
    expect(released).toEqual([{ updated_by: cast.people.cw1.id }]);

    const next = await world.acceptedAt(site);
    expect(await world.holdOf(next)).toMatchObject({ released_at: null });
    expect(await historyOf(t, site.capacityId!)).toEqual(['HOLD', 'RELEASE', 'HOLD']);
    expect(await announced(site.capacityId!)).toEqual(['HOLD', 'RELEASE', 'HOLD']);
  });

  it('a child who never arrives: the bed-hold clock expires the accepted referral through the deadline job, gives the bed back and tells the sender', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 2, maximum: 2 });
    const id = await world.acceptedAt(site);
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);

    await world.runClockPastDue(id, 'BED_HOLD');
    expect(await world.statusOf(id)).toBe('EXPIRED');
    expect((await figureOf(t, site.capacityId!)).available).toBe(2);
    expect(await world.holdOf(id)).toMatchObject({ release_reason: 'EXPIRED', released_at: expect.any(Date) });
    expect((await world.clockOf(id, 'BED_HOLD'))?.status).toBe('BREACHED');
    // The clock, not a user, gave the bed back.
    const released = await t.db.query(`SELECT updated_by FROM directory.capacity_history WHERE capacity_id = $1 AND reason = 'RELEASE'`, [site.capacityId]);
    expect(released).toEqual([{ updated_by: null }]);
    expect(await announced(site.capacityId!)).toEqual(['HOLD', 'RELEASE']);
    // The shelter's acceptor was reminded at half time; the sender is told the bed went.
    const told = await t.db.query(`SELECT recipient_id, kind FROM notification WHERE deadline_id = $1 ORDER BY kind`, [(await world.clockOf(id, 'BED_HOLD'))!.id]);
    expect(told).toEqual([{ recipient_id: cast.people.cw1.id, kind: 'BED_HOLD_OVERDUE' }, { recipient_id: cast.people.sh1.id, kind: 'BED_HOLD_REMINDER' }]);
    const audited = await t.db.query(`SELECT action FROM audit_event WHERE subject_id = $1 AND action = 'REFERRAL_EXPIRE'`, [id]);
    expect(audited).toHaveLength(1);
    // An expired referral is ended: the shelter can no longer start it.
    expect((await t.gql.query(START, { id }, cast.people.sh1.token)).errors[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('a child who arrived (the referral started) keeps the bed: the clock is met and never expires it; failing it then gives the bed back', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 1 });
    const id = await world.acceptedAt(site);
    await t.gql.ok(START, { id }, cast.people.sh1.token);
    expect(await world.holdOf(id)).toMatchObject({ released_at: null, arrived_at: expect.any(Date) });
    expect((await world.clockOf(id, 'BED_HOLD'))?.status).toBe('MET');

    await world.runClockPastDue(id, 'BED_HOLD');
    expect(await world.statusOf(id)).toBe('IN_PROGRESS');
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);
    // Once the child is there, the referral is no longer withdrawn: it completes or fails.
    expect((await t.gql.query(WITHDRAW, { id }, cast.people.cw1.token)).errors[0]?.extensions?.code).toBe('CONFLICT');

    await t.gql.ok(FAIL, { id }, cast.people.sh1.token);
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);
    expect(await world.holdOf(id)).toMatchObject({ release_reason: 'FAILED' });
  });

  it('completing an accepted referral meets the clock and gives the bed back', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 1 });
    const id = await world.acceptedAt(site);
    await t.gql.ok(COMPLETE, { id }, cast.people.sh1.token);
    expect((await world.clockOf(id, 'BED_HOLD'))?.status).toBe('MET');
    expect((await figureOf(t, site.capacityId!)).available).toBe(1);
    expect(await world.holdOf(id)).toMatchObject({ release_reason: 'COMPLETED' });
  });

  it('a response clock whose job runs late ends only a request: an accepted referral and its bed stay as they are', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 1 });
    const id = await world.acceptedAt(site);
    // As if the response clock's job had been taken before the acceptance met it.
    await t.db.query(`UPDATE deadline SET status = 'PENDING', met_at = NULL, next_at = due_at WHERE subject_id = $1 AND kind = 'REFERRAL_RESPONSE'`, [id]);
    await world.runClockPastDue(id, 'REFERRAL_RESPONSE');
    expect(await world.statusOf(id)).toBe('ACCEPTED');
    expect(await world.holdOf(id)).toMatchObject({ released_at: null });
    expect((await figureOf(t, site.capacityId!)).available).toBe(0);
  });

  it('an accepted referral is not declined: the answer was given, and the bed stays held', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { available: 1, maximum: 1 });
    const id = await world.acceptedAt(site);
    const answer = await t.gql.query(DECLINE, { id, reason: 'NO_CAPACITY' }, cast.people.sh1.token);
    expect(answer.errors[0]?.extensions?.code).toBe('CONFLICT');
    expect(await figureOf(t, site.capacityId!)).toMatchObject({ available: 0, version: 2 });
    expect(await world.holdOf(id)).toMatchObject({ released_at: null });
  });
});
