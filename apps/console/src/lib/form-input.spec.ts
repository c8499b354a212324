import { codeWords, fieldErrors, fieldProblems, isoFromLocal, localFromDate, optional } from './form-input';

const badInput = (fields: unknown) => ({ graphQLErrors: [{ message: 'input.child.dateOfBirth: must be a date', extensions: { code: 'BAD_USER_INPUT', fields } }] });

describe('form input', () => {
  it('places the API field problems by the path below the input, as sentences, both when a field has two', () => {
    const error = badInput([
      { path: 'input.child.dateOfBirth', message: 'must be a date as YYYY-MM-DD' },
      { path: 'input.child.placement.phone', message: 'must be a phone number' },
      { path: 'input.child.placement.phone', message: 'must be shorter' },
      { path: 'expectedVersion', message: 'must be at least 1' },
    ]);
    expect(fieldErrors(error)).toEqual({
      'child.dateOfBirth': 'Must be a date as YYYY-MM-DD',
      'child.placement.phone': 'Must be a phone number; must be shorter',
      expectedVersion: 'Must be at least 1',
    });
  });

  it('finds no field problems in another error, or in a field list it does not understand', () => {
    expect(fieldProblems({ graphQLErrors: [{ message: 'no', extensions: { code: 'FORBIDDEN', fields: [{ path: 'a', message: 'b' }] } }] })).toEqual([]);
    expect(fieldProblems(badInput('not a list'))).toEqual([]);
    expect(fieldProblems(badInput([{ path: 3 }, { path: 'input.x', message: 'bad' }]))).toEqual([{ path: 'input.x', message: 'bad' }]);
    expect(fieldProblems(undefined)).toEqual([]);
  });

  it('reads a datetime-local value in the browser zone, and writes one back to the minute', () => {
    const time = new Date(2026, 11, 7, 9, 5, 42);
    const local = localFromDate(time);
    expect(local).toBe('2026-12-07T09:05');
    expect(isoFromLocal(local)).toBe(new Date(2026, 11, 7, 9, 5).toISOString());
    expect(isoFromLocal('')).toBeNull();
    expect(isoFromLocal('yesterday')).toBeNull();
  });

  it('says codes as words and blank text as absent', () => {
    expect(codeWords('EMERGENCY_SHELTER')).toBe('Emergency shelter');
    expect(codeWords('NCIC')).toBe('NCIC');
    expect(codeWords('MISSING_REPORT_NCMEC')).toBe('Missing report NCMEC');
    expect(optional('  ')).toBeNull();
    expect(optional(' Foster home ')).toBe('Foster home');
  });
});
