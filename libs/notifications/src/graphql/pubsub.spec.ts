import { announcedNotification } from './pubsub';

describe('announcedNotification', () => {
  const announced = {
    id: 'n-1',
    recipientId: 'u-1',
    kind: 'REFERRAL_RESPONSE_REMINDER',
    caseId: 'c-1',
    caseNumber: 'TC-2025-0001',
    deadlineId: null,
    text: 'Referral awaits a response',
    createdAt: '2025-03-01T10:00:00.000Z',
    readAt: null,
  };

  it('turns what the worker publishes back into a notification, with dates', () => {
    expect(announcedNotification(JSON.parse(JSON.stringify(announced)))).toEqual({
      ...announced,
      createdAt: new Date('2025-03-01T10:00:00.000Z'),
      readAt: null,
    });
  });

  it('fills absent optional fields with null', () => {
    const { caseId: _caseId, caseNumber: _caseNumber, deadlineId: _deadlineId, readAt: _readAt, ...bare } = announced;
    expect(announcedNotification(bare)).toMatchObject({ caseId: null, caseNumber: null, deadlineId: null, readAt: null });
  });

  it.each([
    ['a string', 'not json'],
    ['null', null],
    ['no recipient', { ...announced, recipientId: undefined }],
    ['no date', { ...announced, createdAt: undefined }],
    ['a bad date', { ...announced, createdAt: 'yesterday' }],
    ['a numeric case id', { ...announced, caseId: 7 }],
    ['no text', { ...announced, text: undefined }],
  ])('drops %s', (_what, message) => {
    expect(announcedNotification(message)).toBeNull();
  });
});
