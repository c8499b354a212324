import { ConflictError, ErrorCode } from '@tandem/platform';
import { HandoffMove, HandoffStatus, handoffTransition, REFERRAL_BED_EFFECTS, REFERRAL_EXPIRY_FROM, REFERRAL_TRANSITIONS, ReferralMove, ReferralStatus, referralTransition } from './referrals.types';

/** The moves of the lifecycles of docs/design.md, written from its tables: state, move, where it goes. */
const REFERRAL_DRAWN: Partial<Record<ReferralStatus, Partial<Record<ReferralMove, ReferralStatus>>>> = {
  REQUESTED: { accept: ReferralStatus.ACCEPTED, decline: ReferralStatus.DECLINED, withdraw: ReferralStatus.CANCELLED, expire: ReferralStatus.EXPIRED },
  // Accepted, a bed may be held for a child who has not arrived: the sender may withdraw, and the bed-hold clock expires it.
  ACCEPTED: { start: ReferralStatus.IN_PROGRESS, complete: ReferralStatus.COMPLETED, fail: ReferralStatus.FAILED, withdraw: ReferralStatus.CANCELLED, expire: ReferralStatus.EXPIRED },
  IN_PROGRESS: { complete: ReferralStatus.COMPLETED, fail: ReferralStatus.FAILED },
};

const HANDOFF_DRAWN: Partial<Record<HandoffStatus, Partial<Record<HandoffMove, HandoffStatus>>>> = {
  REQUESTED: { accept: HandoffStatus.ACCEPTED, decline: HandoffStatus.DECLINED, cancel: HandoffStatus.CANCELLED, expire: HandoffStatus.EXPIRED },
};

const REFERRAL_DONE: Record<ReferralMove, string> = {
  accept: 'accepted',
  decline: 'declined',
  withdraw: 'withdrawn',
  start: 'started',
  complete: 'completed',
  fail: 'failed',
  expire: 'expired',
};
const HANDOFF_DONE: Record<HandoffMove, string> = { accept: 'accepted', decline: 'declined', cancel: 'cancelled', expire: 'expired' };

function refusal(move: () => unknown): { code: string; message: string } | null {
  try {
    move();
    return null;
  } catch (error) {
    expect(error).toBeInstanceOf(ConflictError);
    return { code: (error as ConflictError).code, message: (error as ConflictError).message };
  }
}

describe('the referral lifecycle', () => {
  const cases = Object.values(ReferralStatus).flatMap((status) => (Object.keys(REFERRAL_DONE) as ReferralMove[]).map((move) => [status, move] as const));

  it('has every state and every move in the table', () => {
    expect(cases).toHaveLength(8 * 7);
  });

  it.each(cases)('%s, %s', (status, move) => {
    const to = REFERRAL_DRAWN[status]?.[move];
    if (to) {
      expect(referralTransition(status, move).to).toBe(to);
      expect(referralTransition(status, move).from).toContain(status);
    } else {
      expect(refusal(() => referralTransition(status, move))).toEqual({ code: ErrorCode.CONFLICT, message: `This referral is ${status} and cannot be ${REFERRAL_DONE[move]}` });
    }
  });
});

describe('the handoff lifecycle', () => {
  const cases = Object.values(HandoffStatus).flatMap((status) => (Object.keys(HANDOFF_DONE) as HandoffMove[]).map((move) => [status, move] as const));

  it('has every state and every move in the table', () => {
    expect(cases).toHaveLength(5 * 4);
  });

  it.each(cases)('%s, %s', (status, move) => {
    const to = HANDOFF_DRAWN[status]?.[move];
    if (to) {
      expect(handoffTransition(status, move).to).toBe(to);
      expect(handoffTransition(status, move).from).toContain(status);
    } else {
      expect(refusal(() => handoffTransition(status, move))).toEqual({ code: ErrorCode.CONFLICT, message: `This handoff is ${status} and cannot be ${HANDOFF_DONE[move]}` });
    }
  });
});

describe('what each move does to a held bed', () => {
  const ends = new Set<ReferralStatus>([ReferralStatus.COMPLETED, ReferralStatus.FAILED, ReferralStatus.CANCELLED, ReferralStatus.EXPIRED]);

  it('gives the bed back on every move to an end state a held bed can reach, holds it on acceptance, marks the arrival on start, and touches it on no other move', () => {
    for (const [move, transition] of Object.entries(REFERRAL_TRANSITIONS) as [ReferralMove, (typeof REFERRAL_TRANSITIONS)[ReferralMove]][]) {
      const effect = REFERRAL_BED_EFFECTS[move];
      if (move === 'accept') expect(effect).toBe('HOLD');
      else if (move === 'start') expect(effect).toBe('ARRIVE');
      else if (ends.has(transition.to)) expect([move, effect]).toEqual([move, 'RELEASE']);
      else if (transition.to === ReferralStatus.DECLINED) expect(effect).toBe('MARK_FULL_IF_NO_CAPACITY');
      else expect([move, effect]).toEqual([move, null]);
    }
  });

  it('holds the bed from acceptance until an end: no move out of ACCEPTED or IN_PROGRESS keeps it but start', () => {
    const fromHeld = (Object.entries(REFERRAL_TRANSITIONS) as [ReferralMove, (typeof REFERRAL_TRANSITIONS)[ReferralMove]][]).filter(([, t]) =>
      t.from.some((state) => state === ReferralStatus.ACCEPTED || state === ReferralStatus.IN_PROGRESS),
    );
    expect(fromHeld.map(([move]) => move).sort()).toEqual(['complete', 'expire', 'fail', 'start', 'withdraw']);
    for (const [move, transition] of fromHeld) expect(REFERRAL_BED_EFFECTS[move]).toBe(transition.to === ReferralStatus.IN_PROGRESS ? 'ARRIVE' : 'RELEASE');
  });

  it('expires a referral by one clock per state: the response clock a request, the bed-hold clock an accepted referral, each a state the expire move draws', () => {
    expect(REFERRAL_EXPIRY_FROM).toEqual({ REFERRAL_RESPONSE: ReferralStatus.REQUESTED, BED_HOLD: ReferralStatus.ACCEPTED });
    for (const from of Object.values(REFERRAL_EXPIRY_FROM)) expect(REFERRAL_TRANSITIONS.expire.from).toContain(from);
    expect(REFERRAL_TRANSITIONS.expire.from).toHaveLength(Object.keys(REFERRAL_EXPIRY_FROM).length);
  });
});
