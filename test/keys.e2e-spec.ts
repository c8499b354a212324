import { randomBytes } from 'node:crypto';
import { ChildRecords } from '@tandem/cases';
import { AppConfig } from '@tandem/platform';
import { createTestApp } from './support/test-app';
import { CASE, policyCast } from './support/case-fixtures';

describe('keys:rotate', () => {
  it('re-encrypts children under the new key and keeps every record readable', async () => {
    const oldKey = `old${randomBytes(2).toString('hex')}:${randomBytes(32).toString('base64')}`;
    const newKey = `new${randomBytes(2).toString('hex')}:${randomBytes(32).toString('base64')}`;
    const oldId = oldKey.split(':')[0]!;
    const newId = newKey.split(':')[0]!;

    const before = await createTestApp({ PII_ENCRYPTION_KEY: oldKey });
    let caseId: string;
    let token: string;
    try {
      const cast = await policyCast(before);
      caseId = cast.K.id;
      token = cast.people.cw1.token;
      const [row] = await before.db.query(`SELECT key_id FROM child WHERE case_id = $1`, [caseId]);
      expect(row.key_id).toBe(oldId);
    } finally {
      await before.close();
    }

    const rotating = await createTestApp({ PII_ENCRYPTION_KEY: `${newKey},${oldKey}` });
    try {
      expect(AppConfig.fromEnv({ PII_ENCRYPTION_KEY: `${newKey},${oldKey}` }).values.PII_ENCRYPTION_KEY[0]!.id).toBe(newId);
      // Other suites share this database under the development key: rotate away from the old key only.
      expect(await rotating.app.get(ChildRecords).rotateKeys([oldId])).toBeGreaterThanOrEqual(1);
      const [row] = await rotating.db.query(`SELECT key_id, identity_sealed FROM child WHERE case_id = $1`, [caseId]);
      expect(row.key_id).toBe(newId);
      expect(row.identity_sealed).toContain(`.${newId}.`);
      const [left] = await rotating.db.query(`SELECT count(*)::int AS n FROM child WHERE key_id = $1`, [oldId]);
      expect(left.n).toBe(0);
    } finally {
      await rotating.close();
    }

    // The old key is gone: the record still reads, with the new key alone.
    const after = await createTestApp({ PII_ENCRYPTION_KEY: newKey });
    try {
      const seen = await after.gql.ok(CASE, { id: caseId }, token);
      expect(seen.case.child.legalName).toBe('Jordan Avery Example');
      expect(seen.case.child.placement.address).toBe('12 Hidden Lane');
    } finally {
      await after.close();
    }
  });
});
