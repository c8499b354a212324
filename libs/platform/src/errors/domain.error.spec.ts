import { BadInputError, lifecycleRefusal } from './domain.error';
import { ErrorCode } from './error-codes';

describe('BadInputError', () => {
  it('lists each field path once, in first-seen order, joining distinct messages', () => {
    const error = new BadInputError([
      { path: 'input.child.dateOfBirth', message: 'must be a date as YYYY-MM-DD' },
      { path: 'input.child.legalName', message: 'must be 1 to 160 characters' },
      { path: 'input.child.dateOfBirth', message: 'must be a date as YYYY-MM-DD' },
      { path: 'input.child.legalName', message: 'must be one line of visible text' },
    ]);
    expect(error.fields).toEqual([
      { path: 'input.child.dateOfBirth', message: 'must be a date as YYYY-MM-DD' },
      { path: 'input.child.legalName', message: 'must be 1 to 160 characters; must be one line of visible text' },
    ]);
    expect(error.details).toEqual({ fields: error.fields });
    expect(error.code).toBe(ErrorCode.BAD_USER_INPUT);
  });

  it('field() names one path', () => {
    expect(BadInputError.field('expectedVersion', 'must be 1 or more').fields).toEqual([{ path: 'expectedVersion', message: 'must be 1 or more' }]);
  });
});

describe('lifecycleRefusal', () => {
  it('reads right whatever the status starts with', () => {
    expect(lifecycleRefusal('referral', 'ACCEPTED', 'accepted')).toBe('This referral is ACCEPTED and cannot be accepted');
    expect(lifecycleRefusal('case', 'OPEN', 'closed')).toBe('This case is OPEN and cannot be closed');
    expect(lifecycleRefusal('handoff', 'REQUESTED', 'cancelled')).not.toMatch(/\bA [AEIOU]/);
  });
});
