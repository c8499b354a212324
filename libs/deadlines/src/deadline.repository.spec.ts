import { Tx } from '@tandem/platform';
import { DeadlineRepository } from './deadline.repository';
import { DeadlineKind } from './deadline.types';

function answering(answer: { records?: unknown[]; affected?: number }): Tx {
  return { queryRunner: { query: () => Promise.resolve(answer), release: () => Promise.resolve() } } as unknown as Tx;
}

describe('DeadlineRepository', () => {
  const deadlines = new DeadlineRepository();
  const kind = Object.values(DeadlineKind)[0] as DeadlineKind;

  it('answers every clock it ended (the UPDATE ... RETURNING rows), none when none ran', async () => {
    const ended = [{ id: 'd1' }, { id: 'd2' }];
    expect(await deadlines.markMet(answering({ records: ended, affected: 2 }), [kind], 's', 'u', new Date())).toEqual(ended);
    expect(await deadlines.markCancelled(answering({ records: [], affected: 0 }), [kind], 's', new Date())).toEqual([]);
  });

  it('answers null when a clock of the kind already runs on the subject', async () => {
    const input = { kind, caseId: 'c', subjectType: 'referral', subjectId: 's', agencyId: 'a', startedAt: new Date(), dueAt: new Date(), nextAt: new Date(), data: {} };
    expect(await deadlines.insertPending(answering({ records: [], affected: 0 }), input)).toBeNull();
  });
});
