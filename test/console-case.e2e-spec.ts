import { NOTE_TEXT } from '@tandem/cases';
import { PiiCipher } from '@tandem/crypto';
import type { Page } from 'playwright-core';
import { ADD_NOTE, assignDirectly, CREATE_CASE, makePartner, policyCast, RECORD_CONSENT } from './support/case-fixtures';
import { browserTraces, ConsoleHarness, DESKTOP, eventually, journey, PHONE, seriousViolations, startConsole } from './support/console';

const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id } }`;
const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id } }`;
const WITHDRAW = `mutation($id: ID!, $reason: String!) { withdrawReferral(id: $id, reason: $reason) { id status } }`;
const RECORD_EPISODE = `mutation($input: RecordMissingEpisodeInput!) { recordMissingEpisode(input: $input) { id } }`;
const RECORD_REPORT = `mutation($input: RecordMissingReportInput!) { recordMissingReport(input: $input) { id } }`;

/** What the page marks withheld: each field's path and the reason it gives. */
async function withheldOnPage(page: Page): Promise<Record<string, string>> {
  const marks = page.locator('[data-withheld]');
  const out: Record<string, string> = {};
  for (const mark of await marks.all()) out[(await mark.getAttribute('data-withheld'))!] = ((await mark.textContent()) ?? '').replace(/^Withheld: /, '');
  return out;
}

async function openCase(h: ConsoleHarness, caseId: string, user: Parameters<ConsoleHarness['signIn']>[1], viewport = DESKTOP) {
  const opened = await h.open('/sign-in', viewport);
  await h.signIn(opened.page, user);
  await opened.page.goto(`/cases/${caseId}`);
  await opened.page.getByTestId('section-timeline').getByRole('cell').first().waitFor();
  return opened;
}

describe('console: the case page', () => {
  let h: ConsoleHarness;
  // One cast of agencies and people for the whole file (signing fourteen people in is the slow part);
  // each journey works on a case of its own.
  let cast: Awaited<ReturnType<typeof policyCast>>;

  /** Another case led by CW, cw1 its PRIMARY assignee. */
  async function newCase(): Promise<string> {
    const created = await h.t.gql.ok(
      CREATE_CASE,
      { input: { riskLevel: 'ELEVATED', child: { legalName: 'Jordan Avery Example', dateOfBirth: '2011-04-09', placement: { kind: 'FOSTER_HOME', address: '12 Hidden Lane' } } } },
      cast.people.cw1.token,
    );
    return created.createCase.id as string;
  }

  beforeAll(async () => {
    h = await startConsole();
    cast = await policyCast(h.t);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('shows the same case to the lead caseworker, a shelter partner and a police liaison with three different sets of withheld fields, each with why', async () => {
    const { K, agencies, people } = cast;
    const now = h.t.clock.now().toISOString();
    // The shelter holds IDENTITY and LOCATION on consent; the consent on record covers IDENTITY only.
    await makePartner(h.t, K.id, agencies.SH.id, ['SUMMARY', 'IDENTITY', 'LOCATION'], true);
    await assignDirectly(h.t, K.id, people.sh1);
    await h.t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY'], agencyIds: [agencies.SH.id], purpose: 'shelter intake' } }, people.cw1.token);
    // Counseling is referred with SERVICES on consent, accepts, and writes a clinical note.
    await h.t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'YOUTH', scopes: ['SERVICES'], agencyIds: [agencies.CO.id], purpose: 'counseling' } }, people.cw1.token);
    const referral = await h.t.gql.ok(
      CREATE_REFERRAL,
      { input: { caseId: K.id, toAgencyId: agencies.CO.id, serviceType: 'COUNSELING', urgency: 'ROUTINE', scopes: ['SERVICES'], reason: 'Weekly sessions after the move' } },
      people.cw1.token,
    );
    await h.t.gql.ok(ACCEPT, { id: referral.createReferral.id }, people.co1.token);
    await h.t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'CLINICAL', body: 'Sleeps badly since the move' } }, people.co1.token);
    await h.t.gql.ok(ADD_NOTE, { input: { caseId: K.id, category: 'GENERAL', body: 'Enrolled at the new school' } }, people.cw1.token);
    // The child goes missing; the report to the police makes them a partner (mandated reporting).
    const episode = await h.t.gql.ok(RECORD_EPISODE, { input: { caseId: K.id, missingSince: now, learnedAt: now, lastSeenPlace: 'Bus station, north exit' } }, people.cw1.token);
    await h.t.gql.ok(
      RECORD_REPORT,
      { input: { episodeId: episode.recordMissingEpisode.id, reportedTo: 'LAW_ENFORCEMENT', reportedAt: now, reportNumber: 'PD-2026-4471', receivingAgencyId: agencies.PD.id } },
      people.cw1.token,
    );

    const seen: Record<string, Record<string, string>> = {};
    const forms: Record<string, (string | null)[]> = {};
    for (const [name, user, viewport] of [
      ['lead', people.cw1, DESKTOP],
      ['shelter', people.sh1, PHONE],
      ['police', people.pd1, DESKTOP],
    ] as const) {
      const { page, problems } = await openCase(h, K.id, user, viewport);
      await journey(page, `case-redaction-${name}`, async () => {
        await page.getByTestId('missing-episode').waitFor();
        seen[name] = await withheldOnPage(page);
        forms[name] = await page.getByRole('link', { name: /^(Refer|Screening|Missing episode)$/ }).evaluateAll((links) => links.map((link) => link.getAttribute('href')));
        expect(await page.title()).toBe('Case · Tandem');
        const traces = await browserTraces(page);
        for (const personal of ['Jordan', 'Hidden Lane', 'Bus station', user.email]) expect(traces).not.toContain(personal);
        expect(await seriousViolations(page)).toEqual([]);
      });
      expect(problems).toEqual([]);
    }

    // Each is offered the forms their agency may fill in for the case.
    expect(forms).toEqual({ lead: [`/cases/${K.id}/refer`, `/cases/${K.id}/screening`, `/cases/${K.id}/missing`], shelter: [], police: [`/cases/${K.id}/missing`] });
    // The lead reads everything but the other agency's clinical notes.
    expect(seen.lead).toEqual({ 'notes.CLINICAL': 'clinical: only the agency that wrote it' });
    // The shelter: location without consent, services and investigation never shared with it.
    expect(seen.shelter).toEqual({
      'child.placement': 'no consent on record for your agency',
      'child.guardianContacts': 'no consent on record for your agency',
      'missingEpisodes.0.lastSeenPlace': 'no consent on record for your agency',
      'missingEpisodes.0.lastSeenWith': 'no consent on record for your agency',
      'missingEpisodes.0.reports.0.reportNumber': 'investigation only: law enforcement, prosecution and the lead agency',
      'referrals.0.reason': 'not shared with your agency',
      screenings: 'not shared with your agency',
      consents: 'consents are read by the lead agency only',
      'notes.GENERAL': 'not shared with your agency',
      'notes.INVESTIGATION': 'investigation only: law enforcement, prosecution and the lead agency',
      'notes.CLINICAL': 'clinical: only the agency that wrote it',
    });
    // The police, through mandated reporting: identity, location and investigation; no services.
    expect(seen.police).toEqual({
      'referrals.0.reason': 'not shared with your agency',
      screenings: 'not shared with your agency',
      consents: 'consents are read by the lead agency only',
      'notes.GENERAL': 'not shared with your agency',
      'notes.CLINICAL': 'clinical: only the agency that wrote it',
    });
  }, 120_000);

  it('the lead caseworker adds a note and records and revokes a consent from the page; each is in its table and on the page', async () => {
    const { agencies, people } = cast;
    const K = { id: await newCase() };
    const { page, problems } = await openCase(h, K.id, people.cw1);
    await journey(page, 'case-add-note', async () => {
      const notes = page.getByTestId('section-notes');
      await notes.getByLabel('New note').fill('Met the youth at school; all well');
      await notes.getByRole('button', { name: 'Add note' }).click();
      await notes.getByRole('status').waitFor();
      await notes.getByTestId('note').filter({ hasText: 'Met the youth at school; all well' }).waitFor();
      const rows = await h.t.db.query(`SELECT id, category, body_sealed AS sealed FROM note WHERE case_id = $1 AND author_id = $2`, [K.id, people.cw1.id]);
      expect(rows.map((row: { category: string }) => row.category)).toEqual(['GENERAL']);
      expect(h.t.app.get(PiiCipher).decrypt(rows[0].sealed, NOTE_TEXT.columns.body_sealed!(rows[0].id))).toBe('Met the youth at school; all well');
    });
    await journey(page, 'case-record-consent', async () => {
      const consents = page.getByTestId('section-consents');
      await consents.getByLabel('Given by').click();
      await page.getByRole('option', { name: 'A guardian' }).click();
      await consents.getByLabel('Purpose').fill('Shelter placement');
      await consents.getByLabel('Location').check();
      await consents.getByLabel('With these agencies').fill(agencies.SH.name);
      await page.getByRole('option', { name: agencies.SH.name }).click();
      await page.keyboard.press('Escape');
      await consents.getByRole('button', { name: 'Record consent' }).click();
      await consents.getByRole('status').waitFor();
      const row = consents.getByTestId('consents').getByRole('row').filter({ hasText: 'Shelter placement' });
      await row.waitFor();
      expect(await row.textContent()).toContain(agencies.SH.name);
      const recorded = await h.t.db.query(`SELECT id, scopes, agency_ids AS "agencyIds", granted_by AS "grantedBy", revoked_at AS "revokedAt" FROM consent WHERE case_id = $1`, [K.id]);
      expect(recorded).toEqual([{ id: expect.any(String), scopes: ['LOCATION'], agencyIds: [agencies.SH.id], grantedBy: 'GUARDIAN', revokedAt: null }]);

      await row.getByRole('button', { name: 'Revoke the consent for Shelter placement' }).click();
      await row.getByText('revoked').waitFor();
      const revoked = async () => (await h.t.db.query(`SELECT revoked_at IS NOT NULL AS revoked FROM consent WHERE id = $1`, [recorded[0].id]))[0].revoked as boolean;
      expect(await eventually(revoked, true)).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      // The lead's page, with its forms, on a phone.
      await page.setViewportSize(PHONE);
      expect(await seriousViolations(page)).toEqual([]);
    });
    expect(problems).toEqual([]);
  }, 90_000);

  it('the shelter accepts, starts and completes a referral from the page, and is told to reload when the sender withdrew another meanwhile', async () => {
    const { agencies, people } = cast;
    const K = { id: await newCase() };
    await h.t.gql.ok(RECORD_CONSENT, { input: { caseId: K.id, grantedBy: 'GUARDIAN', scopes: ['IDENTITY', 'LOCATION'], agencyIds: [agencies.SH.id], purpose: 'shelter' } }, people.cw1.token);
    const send = (serviceType: string) =>
      h.t.gql.ok(CREATE_REFERRAL, { input: { caseId: K.id, toAgencyId: agencies.SH.id, serviceType, urgency: 'URGENT', scopes: ['IDENTITY', 'LOCATION'], reason: 'Needs a bed tonight' } }, people.cw1.token);
    const bed = (await send('EMERGENCY_SHELTER')).createReferral.id as string;
    const housing = (await send('HOUSING')).createReferral.id as string;
    const counseling = (await send('COUNSELING')).createReferral.id as string;

    const { page, problems } = await openCase(h, K.id, people.sh1);
    await journey(page, 'case-referral-accept', async () => {
      const card = page.locator(`[data-referral-id="${bed}"]`);
      await card.getByRole('button', { name: 'Accept the emergency shelter referral' }).click();
      await page.locator(`[data-referral-id="${bed}"][data-status="ACCEPTED"]`).waitFor();
      const [row] = await h.t.db.query(`SELECT status, responded_by AS "respondedBy" FROM referral WHERE id = $1`, [bed]);
      expect(row).toEqual({ status: 'ACCEPTED', respondedBy: people.sh1.id });
      const audit = await h.t.db.query(`SELECT outcome, case_id AS "caseId" FROM audit_event WHERE action = 'REFERRAL_ACCEPT' AND subject_id = $1 AND actor_user_id = $2`, [bed, people.sh1.id]);
      expect(audit).toEqual([{ outcome: 'ALLOWED', caseId: K.id }]);

      await card.getByRole('button', { name: 'Start the emergency shelter referral' }).click();
      await page.locator(`[data-referral-id="${bed}"][data-status="IN_PROGRESS"]`).waitFor();
      await card.getByRole('button', { name: 'Complete the emergency shelter referral' }).click();
      await card.getByLabel('Outcome').fill('Placed in the shelter for three nights');
      await card.getByRole('button', { name: 'Complete the referral' }).click();
      await page.locator(`[data-referral-id="${bed}"][data-status="COMPLETED"]`).waitFor();
      const [done] = await h.t.db.query(`SELECT status FROM referral WHERE id = $1`, [bed]);
      expect(done.status).toBe('COMPLETED');
    });
    await journey(page, 'case-referral-decline', async () => {
      const card = page.locator(`[data-referral-id="${counseling}"]`);
      await card.getByRole('button', { name: 'Decline the counseling referral' }).click();
      await card.getByLabel('Why decline').click();
      await page.getByRole('option', { name: 'No capacity' }).click();
      await card.getByLabel('Note to the sending agency (optional)').fill('No counselor free this month');
      await card.getByRole('button', { name: 'Decline the referral' }).click();
      await page.locator(`[data-referral-id="${counseling}"][data-status="DECLINED"]`).waitFor();
      const [row] = await h.t.db.query(`SELECT status, decline_reason AS "declineReason" FROM referral WHERE id = $1`, [counseling]);
      expect(row).toEqual({ status: 'DECLINED', declineReason: 'NO_CAPACITY' });
    });
    await journey(page, 'case-referral-conflict', async () => {
      await h.t.gql.ok(WITHDRAW, { id: housing, reason: 'Found a place with family' }, people.cw1.token);
      await page.locator(`[data-referral-id="${housing}"]`).getByRole('button', { name: 'Accept the housing referral' }).click();
      await page.getByText('Someone changed this at the same time').waitFor();
      await page.getByRole('button', { name: 'Reload the case' }).click();
      await page.locator(`[data-referral-id="${housing}"][data-status="CANCELLED"]`).waitFor();
      const [row] = await h.t.db.query(`SELECT status FROM referral WHERE id = $1`, [housing]);
      expect(row.status).toBe('CANCELLED');
      expect(await seriousViolations(page)).toEqual([]);
    });
    expect(problems).toEqual([]);
  }, 90_000);
});
