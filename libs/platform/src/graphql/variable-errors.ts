import { FieldProblem } from '../errors/domain.error';

/*
 * graphql-js refuses a variable the schema does not accept with a message that prints the whole
 * invalid value ('Variable "$input" got invalid value { legalName: "…", … } at "input.child";
 * Field "dateOfBirth" of required type "String!" was not provided.'): for a child, their name and
 * address. These read such a message back as the field's path and a reason that names types only.
 */
const GOT_INVALID = /^Variable "\$(\w+)" got invalid value .*?(?: at "(\w+(?:\.\w+|\[\d+\])*)")?; ([^;]*)$/s;
const NOT_PROVIDED = /^Variable "\$(\w+)" of (?:required|non-null) type "([^"]+)" (was not provided|must not be null)\.$/;

const REASONS: [RegExp, (path: string, match: RegExpMatchArray) => FieldProblem][] = [
  [/^Field "(\w+)" of required type "([^"]+)" was not provided\./, (path, m) => ({ path: `${path}.${m[1]}`, message: `is required (${m[2]})` })],
  [/^Field "(\w+)" is not defined by type "(\w+)"/, (path, m) => ({ path: `${path}.${m[1]}`, message: `is not a field of ${m[2]}` })],
  [/^Expected non-nullable type "([^"]+)" not to be null\./, (path, m) => ({ path, message: `must not be null (${m[1]})` })],
  [/^Expected type "(\w+)" to be an object\./, (path, m) => ({ path, message: `must be an object (${m[1]})` })],
  [/^Value .* does not exist in "(\w+)" enum\./s, (path, m) => ({ path, message: `must be a ${m[1]} value` })],
  [/^(String|Int|Float|Boolean|ID) cannot represent/, (path, m) => ({ path, message: `must be ${m[1] === 'Int' ? 'an' : 'a'} ${m[1]}` })],
];

/** `input.child.guardianContacts[0].phone` as the other field paths write it: `input.child.guardianContacts.0.phone`. */
const dotted = (path: string) => path.replace(/\[(\d+)\]/g, '.$1');

/**
 * The field and a reason without the value, for a variable coercion message of graphql-js, or
 * null for any other message. A reason it does not know reads "is not a valid value".
 */
export function variableProblem(message: string): FieldProblem | null {
  const missing = NOT_PROVIDED.exec(message);
  if (missing) return { path: missing[1]!, message: missing[3] === 'was not provided' ? `is required (${missing[2]})` : `must not be null (${missing[2]})` };
  const invalid = GOT_INVALID.exec(message);
  if (!invalid) return null;
  const path = dotted(invalid[2] ?? invalid[1]!);
  const reason = invalid[3]!;
  for (const [pattern, problem] of REASONS) {
    const match = reason.match(pattern);
    if (match) return problem(path, match);
  }
  return { path, message: 'is not a valid value' };
}
