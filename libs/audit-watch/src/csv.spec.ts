import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine, readBackCsv, spreadsheetCsvLine, spreadsheetText } from './csv';

describe('csv', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tandem-csv-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('quotes every value, doubles quotes, and writes NULL as an empty unquoted field', () => {
    expect(csvLine(['a', null, '', 'say "hi", then\nleave'])).toBe('"a",,"","say ""hi"", then\nleave"\n');
  });

  it('neutralises what a spreadsheet would run as a formula, and leaves the rest as it is', () => {
    for (const value of ['=HYPERLINK("http://x")', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx']) expect(spreadsheetText(value)).toBe(`'${value}`);
    for (const value of ['St. Louis', '12', '0.25', "O'Hara", 'a=b']) expect(spreadsheetText(value)).toBe(value);
    expect(spreadsheetCsvLine(['=1+2', null, 'ok'])).toBe('"\'=1+2",,"ok"\n');
  });

  it('counts records, not lines, and names the file by its SHA-256', async () => {
    const path = join(dir, 'export.csv');
    await writeFile(path, csvLine(['id', 'text']) + csvLine(['1', 'two\nlines']) + csvLine(['2', 'ünïcode "quoted"']));
    const result = await readBackCsv(path);
    expect(result.records).toBe(3);
    expect(result.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a file cut inside a quoted value', async () => {
    const path = join(dir, 'cut.csv');
    await writeFile(path, '"id"\n"unfinished');
    await expect(readBackCsv(path)).rejects.toThrow('cut short');
  });
});
