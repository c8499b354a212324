import { AuditEventRecord } from '@tandem/audit';
import { auditCsv, csvCell } from './audit-csv';

describe('audit CSV', () => {
  it('quotes cells with quotes, commas or line breaks, doubling the quotes', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
    expect(csvCell(null)).toBe('');
  });

  it('neutralises cells a spreadsheet would run as formulas', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell('a=b')).toBe('a=b');
  });

  it('writes a header and one CRLF-ended line per event, hashes in hex', () => {
    const event: AuditEventRecord = {
      id: '00000000-0000-4000-8000-000000000001',
      occurredAt: new Date('2026-01-02T03:04:05.006Z'),
      actorType: 'USER',
      actorUserId: '00000000-0000-4000-8000-000000000002',
      actorAgencyId: null,
      action: 'CASE_VIEW',
      outcome: 'ALLOWED',
      caseId: null,
      subjectType: null,
      subjectId: null,
      scopes: ['SUMMARY', 'IDENTITY'],
      justification: null,
      reason: null,
      requestId: 'r1',
      clientAddress: '::1',
      userAgent: 'jest',
      details: { a: 1 },
      chainKey: 'oversight',
      chainSeq: 7,
      prevHash: Buffer.alloc(32),
      hash: Buffer.from('ab'.repeat(32), 'hex'),
    };
    const [header, line, rest] = auditCsv([event]).split('\r\n');
    expect(header!.split(',')).toHaveLength(21);
    expect(line).toBe(
      `00000000-0000-4000-8000-000000000001,2026-01-02T03:04:05.006Z,USER,00000000-0000-4000-8000-000000000002,,CASE_VIEW,ALLOWED,,,,SUMMARY;IDENTITY,,,r1,::1,jest,"{""a"":1}",oversight,7,${'00'.repeat(32)},${'ab'.repeat(32)}`,
    );
    expect(rest).toBe('');
  });
});
