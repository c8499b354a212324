import { policyCast } from './support/case-fixtures';
import { ACCEPT, bedHoldWorld, Cast, COMPLETE, DECLINE } from './support/bed-hold-fixtures';
import { directorySite } from './support/directory-fixtures';
import { createTestApp, TestApp } from './support/test-app';

// A confidential site (a safe house) is located by its own agency and by the agencies that had a
// referral to it accepted (docs/access-policy.md): here through the real referral moves, not a hold
// written by hand. A referral only sent, or declined, locates nothing; an accepted one keeps its
// agency informed after it ends.

const RESOURCE = `query($id: ID!) { resource(id: $id) { location { latitude address { address1 city } } } }`;

describe('who locates a confidential shelter, by its referrals', () => {
  let t: TestApp;
  let cast: Cast;
  let world: ReturnType<typeof bedHoldWorld>;

  beforeAll(async () => {
    t = await createTestApp();
    cast = await policyCast(t);
    world = bedHoldWorld(t, cast);
  });
  afterAll(() => t.close());

  const seenBy = async (person: keyof Cast['people'], id: string) => (await t.gql.ok(RESOURCE, { id }, cast.people[person].token)).resource.location;
  const hidden = { latitude: null, address: { address1: null, city: 'St. Louis' } };
  const located = { latitude: 38.61, address: { address1: '7 Quiet Court', city: 'St. Louis' } };

  it('a referral sent or declined locates nothing; an accepted one locates it for its agency, even after it ends; other agencies never', async () => {
    const site = await directorySite(t, cast.agencies.SH.id, { confidential: true, available: 2, maximum: 2, latitude: 38.61, address: '7 Quiet Court' });
    const id = site.serviceAtLocationId;
    expect(await seenBy('sh1', id)).toEqual(located);
    expect(await seenBy('cw1', id)).toEqual(hidden);

    const declined = await world.referTo(site);
    expect(await seenBy('cw1', id)).toEqual(hidden);
    await t.gql.ok(DECLINE, { id: declined, reason: 'NOT_ELIGIBLE' }, cast.people.sh1.token);
    expect(await seenBy('cw1', id)).toEqual(hidden);

    const accepted = await world.referTo(site);
    await t.gql.ok(ACCEPT, { id: accepted }, cast.people.sh1.token);
    for (const person of ['cw1', 'cw2', 'cwSup'] as const) expect([person, await seenBy(person, id)]).toEqual([person, located]);
    for (const person of ['pd1', 'co1'] as const) expect([person, await seenBy(person, id)]).toEqual([person, hidden]);

    await t.gql.ok(COMPLETE, { id: accepted }, cast.people.sh1.token);
    expect(await seenBy('cw1', id)).toEqual(located);
    expect(await seenBy('pd1', id)).toEqual(hidden);
  });
});
