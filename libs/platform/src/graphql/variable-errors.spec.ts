import { variableProblem } from './variable-errors';

describe('variableProblem', () => {
  it('reads the path and a reason that never repeats the value', () => {
    expect(variableProblem('Variable "$input" got invalid value { legalName: "Jo; at \\"x\\"" } at "input.child"; Field "dateOfBirth" of required type "String!" was not provided.')).toEqual({
      path: 'input.child.dateOfBirth',
      message: 'is required (String!)',
    });
    expect(variableProblem('Variable "$input" got invalid value 5 at "input.child.guardianContacts[0].phone"; String cannot represent a non string value: 5')).toEqual({
      path: 'input.child.guardianContacts.0.phone',
      message: 'must be a String',
    });
    expect(variableProblem('Variable "$v" got invalid value "x"; Int cannot represent non-integer value: "x"')).toEqual({ path: 'v', message: 'must be an Int' });
    expect(variableProblem('Variable "$input" got invalid value "NOPE" at "input.riskLevel"; Value "NOPE" does not exist in "RiskLevel" enum. Did you mean the enum value "LOW"?')).toEqual({
      path: 'input.riskLevel',
      message: 'must be a RiskLevel value',
    });
    expect(variableProblem('Variable "$v" of required type "Int!" was not provided.')).toEqual({ path: 'v', message: 'is required (Int!)' });
    expect(variableProblem('Variable "$input" got invalid value "secret" at "input.when"; Some scalar said secret')).toEqual({ path: 'input.when', message: 'is not a valid value' });
  });

  it('leaves other messages alone', () => {
    expect(variableProblem('Cannot query field "x" on type "Query".')).toBeNull();
  });
});
