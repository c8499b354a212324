import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getMetadataStorage } from 'class-validator';
import { buildSchema, getNamedType, isInputObjectType } from 'graphql';
import { createTestApp, TestApp } from './support/test-app';

/**
 * Every String field of every input type of the schema says what it may hold: one line of
 * visible text (`@SingleLineText`), a format (pattern, id, email, date, code), or it is free text
 * named here on purpose (which keeps its line breaks, under the rule every argument has). A new
 * input field of any name fails this test until it is given one of them.
 */
const FORMATS = new Set(['singleLineText', 'matches', 'isUuid', 'isAccountEmail', 'isIso8601', 'isIn', 'isEnum']);
const FREE_TEXT = [
  'AddNoteInput.body',
  'ChildInput.identifyingMarks',
  'UpdateCaseInput.identifyingMarks',
  'CreateReferralInput.reason',
  'CreateReferralInput.emergencyJustification',
  'RequestHandoffInput.reason',
  'RecordConsentInput.purpose',
  // A service's eligibility as its provider words it, in paragraphs (HSDS eligibility_description).
  'UpdateServiceInput.eligibilityDescription',
  // A directory package's file, CSV or JSON, read by the import's own parser.
  'DirectoryFileInput.content',
  // A tipster's own words, in paragraphs if they like; how to reach them, as they put it; a triager's reason.
  'SubmitTipInput.whatSeen',
  'SubmitTipInput.howKnown',
  'SubmitTipInput.contact',
  'TipPersonInput.description',
  'AddToTipInput.information',
  'AddToTipInput.contact',
  'TriageTipInput.reason',
  // A warning sign or guide in a few sentences, as the agency words it.
  'EducationTextInput.body',
  // A secret: any character a password manager produces, never shown.
  'CreateUserInput.password',
];

describe('text rules of input fields', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The app is built, so every input class has registered its validation rules.
    t = await createTestApp();
  }, 60_000);
  afterAll(() => t.close());

  it('every String field of every input type is single-line, formatted, or free text on purpose', () => {
    const schema = buildSchema(readFileSync(join(__dirname, '..', 'schema.graphql'), 'utf8'));
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<{ name: string }, { name?: string; propertyName: string }[]> };
    const rules = new Map<string, Set<string>>();
    for (const [target, list] of storage.validationMetadatas) {
      for (const rule of list) {
        const field = `${target.name}.${rule.propertyName}`;
        if (!rules.has(field)) rules.set(field, new Set());
        if (rule.name) rules.get(field)!.add(rule.name);
      }
    }
    // An input class that extends another is validated with its parent's rules too (class-validator walks the prototype chain).
    for (const target of storage.validationMetadatas.keys()) {
      for (let parent = Object.getPrototypeOf(target); parent && parent !== Function.prototype; parent = Object.getPrototypeOf(parent)) {
        for (const rule of storage.validationMetadatas.get(parent) ?? []) {
          const field = `${target.name}.${rule.propertyName}`;
          if (!rules.has(field)) rules.set(field, new Set());
          if (rule.name) rules.get(field)!.add(rule.name);
        }
      }
    }
    const textFields = Object.values(schema.getTypeMap())
      .filter(isInputObjectType)
      .flatMap((type) => Object.values(type.getFields()).filter((field) => getNamedType(field.type).name === 'String').map((field) => `${type.name}.${field.name}`));
    expect(textFields.length).toBeGreaterThan(30);
    const unruled = textFields.filter((field) => !FREE_TEXT.includes(field) && ![...(rules.get(field) ?? [])].some((rule) => FORMATS.has(rule)));
    expect(unruled).toEqual([]);
    // Free text is bounded, and the list names only fields that exist.
    expect(FREE_TEXT.filter((field) => !textFields.includes(field) || !rules.get(field)?.has('isLength'))).toEqual([]);
  });
});
