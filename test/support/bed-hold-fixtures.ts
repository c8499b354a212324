import { DeadlineEngine } from '@tandem/deadlines';
import { Actor, CREATE_CASE, policyCast } from './case-fixtures';
import { Site } from './directory-fixtures';
import { TestApp } from './test-app';

export const CREATE_REFERRAL = `mutation($input: CreateReferralInput!) { createReferral(input: $input) { id status serviceAtLocationId } }`;
export const ACCEPT = `mutation($id: ID!) { acceptReferral(id: $id) { id status } }`;
export const START = `mutation($id: ID!) { startReferral(id: $id) { id status } }`;
export const COMPLETE = `mutation($id: ID!) { completeReferral(id: $id, outcome: "placed") { id status } }`;
export const FAIL = `mutation($id: ID!) { failReferral(id: $id, reason: "youth left") { id status } }`;
export const WITHDRAW = `mutation($id: ID!) { withdrawReferral(id: $id, reason: "found another bed") { id status } }`;
export const DECLINE = `mutation($id: ID!, $reason: DeclineReason!) { declineReferral(id: $id, reason: $reason) { id status } }`;

export type Cast = Awaited<ReturnType<typeof policyCast>>;

/** A referral's bed hold as stored, or undefined when it holds none. */
export interface HoldRow {
  released_at: Date | null;
  release_reason: string | null;
  arrived_at: Date | null;
}

/**
 * The shelter referrals of the bed-hold suites: the policy cast (CW refers, SH shelters), a new case
 * per referral, a referral to a site, and the clocks run as the worker would when they are due.
 */
export function bedHoldWorld(t: TestApp, cast: Cast) {
  async function newCase(by: Actor = cast.people.cw1): Promise<string> {
    const created = await t.gql.ok(CREATE_CASE, { input: { child: { legalName: 'Robin Shelter Example', dateOfBirth: '2011-03-01', sex: 'F' } } }, by.token);
    return created.createCase.id;
  }

  /** An EMERGENCY_SHELTER referral from CW to SH naming the site, REQUESTED. */
  async function referTo(site: Site, by: Actor = cast.people.cw1): Promise<string> {
    const input = { caseId: await newCase(by), toAgencyId: cast.agencies.SH.id, serviceType: 'EMERGENCY_SHELTER', urgency: 'EMERGENCY', scopes: [], reason: 'A bed tonight', serviceAtLocationId: site.serviceAtLocationId };
    const created = (await t.gql.ok(CREATE_REFERRAL, { input }, by.token)).createReferral;
    expect(created).toMatchObject({ status: 'REQUESTED', serviceAtLocationId: site.serviceAtLocationId });
    return created.id;
  }

  /** A referral to the site, accepted by the shelter: a bed held. */
  async function acceptedAt(site: Site, by: Actor = cast.people.sh1): Promise<string> {
    const id = await referTo(site);
    await t.gql.ok(ACCEPT, { id }, by.token);
    return id;
  }

  const holdOf = async (referralId: string): Promise<HoldRow | undefined> =>
    (await t.db.query(`SELECT released_at, release_reason, arrived_at FROM directory.bed_hold WHERE referral_id = $1`, [referralId]))[0];

  const statusOf = async (referralId: string): Promise<string> => (await t.db.query(`SELECT status FROM referral WHERE id = $1`, [referralId]))[0].status;

  /** The referral's clock of a kind, as stored. */
  const clockOf = async (referralId: string, kind: string): Promise<{ id: string; due_at: Date; status: string } | undefined> =>
    (await t.db.query(`SELECT id, due_at, status FROM deadline WHERE subject_id = $1 AND kind = $2`, [referralId, kind]))[0];

  /** Runs the referral's clock of a kind a minute after it is due, as the deadline job does, then puts the time back. */
  async function runClockPastDue(referralId: string, kind: string): Promise<void> {
    const deadline = await clockOf(referralId, kind);
    if (!deadline) throw new Error(`no ${kind} clock for the referral`);
    const before = t.clock.now();
    t.clock.set(new Date(new Date(deadline.due_at).getTime() + 60_000));
    try {
      await t.app.get(DeadlineEngine).runDue(deadline.id);
    } finally {
      t.clock.set(before);
    }
  }

  return { newCase, referTo, acceptedAt, holdOf, statusOf, clockOf, runClockPastDue };
}
