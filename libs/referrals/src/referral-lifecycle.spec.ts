import { ConflictError, ErrorCode } from '@tandem/platform';
import { HandoffMove, HandoffStatus, handoffTransition, ReferralMove, ReferralStatus, referralTransition } from './referrals.types';

/** The moves of the lifecycles of docs/design.md, written from its tables: state, move, where it goes. */
const REFERRAL_DRAWN: Partial<Record<ReferralStatus, Partial<Record<ReferralMove, ReferralStatus>>>> = {
  REQUESTED: { accept: ReferralStatus.ACCEPTED, decline: ReferralStatus.DECLINED, withdraw: ReferralStatus.CANCELLED, expire: ReferralStatus.EXPIRED },
  ACCEPTED: { start: ReferralStatus.IN_PROGRESS, complete: ReferralStatus.COMPLETED, fail: ReferralStatus.FAILED },
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
