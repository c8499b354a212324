import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { importProblems, readPicked, UPLOAD_LIMIT_BYTES } from './directory-upload';

const file = (name: string, content: string) => ({ name, size: Buffer.byteLength(content), text: () => Promise.resolve(content) });

describe('the files of a directory import', () => {
  it('are read as text with their names', async () => {
    expect(await readPicked([file('organizations.csv', 'id,name\n'), file('services.csv', 'id\n')])).toEqual({
      ok: true,
      files: [
        { name: 'organizations.csv', content: 'id,name\n' },
        { name: 'services.csv', content: 'id\n' },
      ],
      bytes: 11,
    });
  });

  it('are refused when none is picked, or when together they exceed what the console sends, saying the size', async () => {
    expect(await readPicked([])).toEqual({ ok: false, reason: 'Choose the files of the package first.' });
    const big = file('services.json', 'x'.repeat(UPLOAD_LIMIT_BYTES - 10));
    expect((await readPicked([big])).ok).toBe(true);
    expect(await readPicked([big, file('more.csv', 'y'.repeat(11))])).toEqual({
      ok: false,
      reason: 'The package is 91 KB; the console sends up to 90 KB. Import it from the command line instead (below).',
    });
  });
});

describe('the problems of a refused package', () => {
  const refusal = (extensions: Record<string, unknown>) => new CombinedError({ graphQLErrors: [new GraphQLError('The package has 2 problem(s); nothing was imported', { extensions })] });

  it('are the list the API gave, with the count of all of them', () => {
    expect(importProblems(refusal({ code: 'BAD_USER_INPUT', problems: ['services.csv:2 [service_type]: not a type', 'x.csv: y'], problemCount: 240 }))).toEqual({
      problems: ['services.csv:2 [service_type]: not a type', 'x.csv: y'],
      count: 240,
    });
  });

  it('are none for another error, or bad input without a list', () => {
    expect(importProblems(undefined)).toBeNull();
    expect(importProblems(refusal({ code: 'FORBIDDEN' }))).toBeNull();
    expect(importProblems(refusal({ code: 'BAD_USER_INPUT', fields: [{ path: 'input.files', message: 'x' }] }))).toBeNull();
  });
});
