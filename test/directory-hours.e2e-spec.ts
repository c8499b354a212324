import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/**
 * The opening-hours rules of docs/design.md ("The resource directory", opening hours), as the
 * database evaluates them for `openNow`: one schedule at a time (`directory.schedule_open_at`), and
 * which schedules apply to a site (`directory.site_open_at`). 2026-12-07 is a Monday.
 */
describe('directory opening hours', () => {
  let db: Client;

  beforeAll(async () => {
    db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
  });
  afterAll(() => db.end());

  const open = async (schedule: Record<string, unknown>, at: string): Promise<boolean> =>
    (await db.query(`SELECT directory.schedule_open_at(jsonb_populate_record(NULL::directory.schedule, $1::jsonb), $2::timestamptz) AS open`, [
      JSON.stringify({ id: 'x', freq: 'WEEKLY', timezone: 'America/Chicago', ...schedule }),
      at,
    ])).rows[0].open;

  const weekdays = { byday: 'MO,TU,WE,TH,FR', opens_at: '09:00', closes_at: '17:00' };

  it.each([
    ['Monday 10:00 local', '2026-12-07T10:00:00-06:00', true],
    ['Monday 09:00 local, the opening minute', '2026-12-07T09:00:00-06:00', true],
    ['Monday 08:59 local', '2026-12-07T08:59:00-06:00', false],
    ['Monday 17:00 local, closed from that minute', '2026-12-07T17:00:00-06:00', false],
    ['Saturday 10:00 local', '2026-12-12T10:00:00-06:00', false],
    ['Monday 10:00 UTC, 04:00 local', '2026-12-07T10:00:00Z', false],
    ['a July Monday, 09:30 daylight time', '2026-07-06T09:30:00-05:00', true],
  ])('weekdays 9 to 5 in Chicago: %s → %s', async (_when, at, expected) => {
    expect(await open(weekdays, at)).toBe(expected);
  });

  it('runs past midnight into the next day, on the days listed only', async () => {
    const fridayNights = { byday: 'FR', opens_at: '20:00', closes_at: '08:00' };
    expect(await open(fridayNights, '2026-12-11T21:00:00-06:00')).toBe(true);
    expect(await open(fridayNights, '2026-12-12T02:00:00-06:00')).toBe(true);
    expect(await open(fridayNights, '2026-12-12T08:00:00-06:00')).toBe(false);
    expect(await open(fridayNights, '2026-12-11T02:00:00-06:00')).toBe(false);
  });

  it('is open all day with no hours, with opens_at equal to closes_at, and to the end of the day with 23:59', async () => {
    expect(await open({ byday: 'SA,SU' }, '2026-12-13T03:00:00-06:00')).toBe(true);
    expect(await open({ byday: 'SA,SU' }, '2026-12-14T03:00:00-06:00')).toBe(false);
    expect(await open({ opens_at: '00:00', closes_at: '00:00' }, '2026-12-09T23:59:59-06:00')).toBe(true);
    expect(await open({ freq: null, opens_at: '00:00', closes_at: '23:59' }, '2026-12-09T23:59:30-06:00')).toBe(true);
  });

  it('reads a UTC offset in hours as well as an IANA name', async () => {
    expect(await open({ ...weekdays, timezone: '-6' }, '2026-12-07T16:30:00Z')).toBe(true);
    expect(await open({ ...weekdays, timezone: '-06:00' }, '2026-12-07T16:30:00Z')).toBe(true);
    expect(await open({ ...weekdays, timezone: '+5.5' }, '2026-12-07T04:00:00Z')).toBe(true);
    expect(await open({ ...weekdays, timezone: '+5.5' }, '2026-12-07T03:00:00Z')).toBe(false);
  });

  it('is never open without a timezone, with one PostgreSQL does not know, or with only one of its hours', async () => {
    expect(await open({ ...weekdays, timezone: null }, '2026-12-07T16:00:00Z')).toBe(false);
    expect(await open({ ...weekdays, timezone: 'Mars/Olympus_Mons' }, '2026-12-07T16:00:00Z')).toBe(false);
    expect(await open({ ...weekdays, closes_at: null }, '2026-12-07T16:00:00Z')).toBe(false);
  });

  it('takes MONTHLY days of the month (negative from its end) and ordinal weekdays', async () => {
    expect(await open({ freq: 'MONTHLY', bymonthday: '1,15' }, '2026-12-15T12:00:00-06:00')).toBe(true);
    expect(await open({ freq: 'MONTHLY', bymonthday: '1,15' }, '2026-12-16T12:00:00-06:00')).toBe(false);
    expect(await open({ freq: 'MONTHLY', bymonthday: '-1' }, '2026-12-31T12:00:00-06:00')).toBe(true);
    // December 2026 begins on a Tuesday.
    expect(await open({ freq: 'MONTHLY', byday: '2TU' }, '2026-12-01T12:00:00-06:00')).toBe(false);
    expect(await open({ freq: 'MONTHLY', byday: '2TU' }, '2026-12-08T12:00:00-06:00')).toBe(true);
    expect(await open({ freq: 'MONTHLY', byday: '2TU' }, '2026-12-15T12:00:00-06:00')).toBe(false);
    expect(await open({ freq: 'MONTHLY', byday: '-1FR' }, '2026-12-25T12:00:00-06:00')).toBe(true);
    expect(await open({ freq: 'MONTHLY', byday: '-1FR' }, '2026-12-18T12:00:00-06:00')).toBe(false);
    expect(await open({ freq: 'MONTHLY' }, '2026-12-18T12:00:00-06:00')).toBe(false);
  });

  it('counts an interval of weeks from dtstart, and keeps within valid_from, valid_to and until', async () => {
    const fortnightly = { byday: 'MO', interval: 2, dtstart: '2026-11-30' };
    expect(await open(fortnightly, '2026-12-07T12:00:00-06:00')).toBe(false);
    expect(await open(fortnightly, '2026-12-14T12:00:00-06:00')).toBe(true);
    expect(await open({ valid_from: '2026-12-08' }, '2026-12-07T12:00:00-06:00')).toBe(false);
    expect(await open({ valid_to: '2026-12-06' }, '2026-12-07T12:00:00-06:00')).toBe(false);
    expect(await open({ until: '2026-12-07' }, '2026-12-07T12:00:00-06:00')).toBe(true);
    expect(await open({ until: '2026-12-06' }, '2026-12-07T12:00:00-06:00')).toBe(false);
  });

  it("applies a site's own schedules when it has any, else its service's, else its location's, and none is closed", async () => {
    const p = `h${randomBytes(4).toString('hex')}`;
    await db.query(`INSERT INTO directory.organization (id, name) VALUES ($1, 'Hours Org')`, [p]);
    await db.query(`INSERT INTO directory.service (id, organization_id, name, status, service_type) VALUES ($1, $2, 'S', 'active', 'COUNSELING')`, [`${p}-s`, p]);
    await db.query(`INSERT INTO directory.location (id, organization_id, location_type) VALUES ($1, $2, 'physical'), ($3, $2, 'physical')`, [`${p}-l1`, p, `${p}-l2`]);
    await db.query(`INSERT INTO directory.service_at_location (id, service_id, location_id) VALUES ($1, $2, $3), ($4, $2, $5)`, [`${p}-a`, `${p}-s`, `${p}-l1`, `${p}-b`, `${p}-l2`]);
    const siteOpen = async (site: string, location: string) =>
      (await db.query(`SELECT directory.site_open_at($1, $2, $3, '2026-12-07T12:00:00-06:00') AS open`, [site, `${p}-s`, location])).rows[0].open as boolean;
    expect(await siteOpen(`${p}-a`, `${p}-l1`)).toBe(false);
    // The location is open at noon on Mondays: with nothing more specific, both sites are open.
    await db.query(`INSERT INTO directory.schedule (id, location_id, freq, byday, timezone) VALUES ($1, $2, 'WEEKLY', 'MO', 'America/Chicago'), ($3, $4, 'WEEKLY', 'MO', 'America/Chicago')`, [`${p}-h1`, `${p}-l1`, `${p}-h2`, `${p}-l2`]);
    expect(await siteOpen(`${p}-a`, `${p}-l1`)).toBe(true);
    // The service keeps Tuesdays only: it overrides the locations.
    await db.query(`INSERT INTO directory.schedule (id, service_id, freq, byday, timezone) VALUES ($1, $2, 'WEEKLY', 'TU', 'America/Chicago')`, [`${p}-h3`, `${p}-s`]);
    expect(await siteOpen(`${p}-a`, `${p}-l1`)).toBe(false);
    expect(await siteOpen(`${p}-b`, `${p}-l2`)).toBe(false);
    // Site b has its own Monday hours: they override the service's, for b only.
    await db.query(`INSERT INTO directory.schedule (id, service_at_location_id, freq, byday, timezone) VALUES ($1, $2, 'WEEKLY', 'MO', 'America/Chicago')`, [`${p}-h4`, `${p}-b`]);
    expect(await siteOpen(`${p}-b`, `${p}-l2`)).toBe(true);
    expect(await siteOpen(`${p}-a`, `${p}-l1`)).toBe(false);
  });
});
