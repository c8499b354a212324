import { AlertSubject, plannedAlerts } from './referral-alerts.rules';

const referral: AlertSubject = {
  type: 'referral',
  id: 'r-1',
  status: 'REQUESTED',
  caseId: 'case-1',
  caseNumber: 'STL-2026-000042',
  fromAgencyId: 'cw',
  fromAgencyName: 'County Child Welfare',
  toAgencyId: 'sh',
  toAgencyName: 'Harbor Shelter',
  senderId: 'sender',
  serviceType: 'EMERGENCY_SHELTER',
  urgency: 'EMERGENCY',
  scopes: ['IDENTITY', 'LOCATION'],
  declineReason: null,
  responseDueAt: new Date('2026-12-06T14:05:00.000Z'),
};
const handoff: AlertSubject = { ...referral, type: 'handoff', id: 'h-1', serviceType: null, urgency: null, scopes: [] };
const event = (status: string, actorId: string | null = 'someone', emergencyShare = false) => ({ status, actorId, emergencyShare });
const plan = (subject: AlertSubject, status: string, actorId?: string | null, emergencyShare?: boolean) =>
  plannedAlerts(subject, event(status, actorId, emergencyShare)).map((alert) => [alert.key, alert.kind, alert.to.join('+')]);

describe('referral alerts', () => {
  it('tells the receiving staff and supervisors of a new referral, with the case number, the service and the time due', () => {
    const [alert, ...rest] = plannedAlerts({ ...referral, urgency: 'URGENT' }, event('REQUESTED', 'sender'));
    expect(rest).toEqual([]);
    expect(alert).toEqual({
      key: 'REQUESTED',
      kind: 'REFERRAL_REQUESTED',
      to: ['RECEIVING_STAFF'],
      text: 'Case STL-2026-000042: new URGENT referral from County Child Welfare for emergency shelter. An answer is due by 2026-12-06 14:05 UTC.',
    });
  });

  it('tells both agencies\u2019 supervisors of an emergency share first, then the receiving staff of the request', () => {
    expect(plan(referral, 'REQUESTED', 'sender', true)).toEqual([
      ['EMERGENCY_SHARE', 'REFERRAL_EMERGENCY_SHARE', 'SENDING_SUPERVISORS+RECEIVING_SUPERVISORS'],
      ['REQUESTED', 'REFERRAL_REQUESTED', 'RECEIVING_STAFF'],
    ]);
    const [share] = plannedAlerts(referral, event('REQUESTED', 'sender', true));
    expect(share!.text).toBe(
      'Case STL-2026-000042: an EMERGENCY referral from County Child Welfare to Harbor Shelter for emergency shelter shared IDENTITY, LOCATION without consent (justified and audited). An answer is due by 2026-12-06 14:05 UTC.',
    );
  });

  it('announces no request that was answered or withdrawn before its event was handled, but still the emergency share', () => {
    expect(plan({ ...referral, status: 'ACCEPTED' }, 'REQUESTED')).toEqual([]);
    expect(plan({ ...referral, status: 'CANCELLED' }, 'REQUESTED', 'sender', true)).toEqual([['EMERGENCY_SHARE', 'REFERRAL_EMERGENCY_SHARE', 'SENDING_SUPERVISORS+RECEIVING_SUPERVISORS']]);
  });

  it('tells the sender of every answer, by the state the event announced even when the referral moved on since', () => {
    const moved = { ...referral, status: 'COMPLETED', declineReason: 'NO_CAPACITY' };
    for (const status of ['ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED', 'FAILED']) {
      expect(plan(moved, status)).toEqual([[status, `REFERRAL_${status}`, 'SENDER']]);
    }
    expect(plannedAlerts(moved, event('DECLINED'))[0]!.text).toBe(
      'Case STL-2026-000042: your referral to Harbor Shelter for emergency shelter was declined (no capacity): choose another provider.',
    );
  });

  it('on a withdrawal, tells the sender only when someone else withdrew, and whoever was told of the request', () => {
    expect(plan(referral, 'CANCELLED', 'sender')).toEqual([['CANCELLED', 'REFERRAL_CANCELLED', 'TOLD_OF_REQUEST']]);
    expect(plan(referral, 'CANCELLED', 'supervisor')).toEqual([
      ['CANCELLED', 'REFERRAL_CANCELLED', 'SENDER'],
      ['CANCELLED', 'REFERRAL_CANCELLED', 'TOLD_OF_REQUEST'],
    ]);
  });

  it('leaves expiry to the response deadline, which already told the sender', () => {
    expect(plan(referral, 'EXPIRED', null)).toEqual([]);
    expect(plan(handoff, 'EXPIRED', null)).toEqual([]);
  });

  it('tells only the receiving supervisors of a handoff, and the requester of its answer or of a cancellation by someone else', () => {
    expect(plan(handoff, 'REQUESTED', 'sender')).toEqual([['REQUESTED', 'HANDOFF_REQUESTED', 'RECEIVING_SUPERVISORS']]);
    expect(plan({ ...handoff, status: 'DECLINED' }, 'REQUESTED', 'sender')).toEqual([]);
    expect(plan(handoff, 'ACCEPTED')).toEqual([['ACCEPTED', 'HANDOFF_ACCEPTED', 'SENDER']]);
    expect(plan(handoff, 'DECLINED')).toEqual([['DECLINED', 'HANDOFF_DECLINED', 'SENDER']]);
    expect(plan(handoff, 'CANCELLED', 'sender')).toEqual([['CANCELLED', 'HANDOFF_CANCELLED', 'TOLD_OF_REQUEST']]);
    expect(plan(handoff, 'CANCELLED', 'supervisor').map((alert) => alert[2])).toEqual(['SENDER', 'TOLD_OF_REQUEST']);
  });

  it('writes nothing but the case number, agency names, codes and times', () => {
    const statuses = ['REQUESTED', 'ACCEPTED', 'IN_PROGRESS', 'COMPLETED', 'DECLINED', 'FAILED', 'CANCELLED'];
    for (const subject of [referral, handoff]) {
      for (const status of statuses) {
        for (const alert of plannedAlerts(subject, event(status, 'someone', subject.type === 'referral'))) {
          expect(alert.text.startsWith('Case STL-2026-000042: ')).toBe(true);
          expect(alert.text).not.toMatch(/undefined|null| {2}/);
        }
      }
    }
  });
});
