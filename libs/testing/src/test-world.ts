import { randomBytes } from 'node:crypto';
import { AgencyType, Role } from '@tandem/authz';
import { Algorithm, hash } from '@node-rs/argon2';
import { DataSource } from 'typeorm';

export const TEST_PASSWORD = 'Correct-Horse-Battery-9';

let passwordHash: Promise<string> | null = null;
function testPasswordHash(): Promise<string> {
  passwordHash ??= hash(TEST_PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 4096, timeCost: 2, parallelism: 1 });
  return passwordHash;
}

function uniqueCode(): string {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  return Array.from(randomBytes(5), (byte) => letters[byte % 26]).join('');
}

export interface WorldUser {
  id: string;
  email: string;
  role: Role;
  agencyId: string | null;
  password: string;
}

/**
 * Builds the records a test needs straight into the database, each with unique names so tests
 * never see each other's data.
 */
export class TestWorld {
  constructor(private readonly db: DataSource) {}

  async jurisdiction(name = 'Test County'): Promise<{ id: string; code: string }> {
    for (;;) {
      const code = uniqueCode();
      const rows = await this.db.query(
        `INSERT INTO jurisdiction (code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING RETURNING id, code`,
        [code, name],
      );
      if (rows.length) return rows[0];
    }
  }

  async agency(type: AgencyType, jurisdictionId?: string, name?: string): Promise<{ id: string; type: AgencyType; jurisdictionId: string; name: string }> {
    const jurisdiction = jurisdictionId ?? (await this.jurisdiction()).id;
    const agencyName = name ?? `${type} ${randomBytes(4).toString('hex')}`;
    const [row] = await this.db.query(
      `INSERT INTO agency (name, type, jurisdiction_id, contact_email) VALUES ($1, $2, $3, $4)
       RETURNING id, type, jurisdiction_id AS "jurisdictionId", name`,
      [agencyName, type, jurisdiction, `intake-${randomBytes(3).toString('hex')}@agency.test`],
    );
    return row;
  }

  async user(role: Role, agencyId: string | null, options: { active?: boolean } = {}): Promise<WorldUser> {
    const email = `${role.toLowerCase()}-${randomBytes(5).toString('hex')}@tandem.test`;
    const [row] = await this.db.query(
      `INSERT INTO app_user (email, display_name, agency_id, role, password_hash, active)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [email, `${role} ${email.slice(0, 14)}`, agencyId, role, await testPasswordHash(), options.active ?? true],
    );
    return { id: row.id, email, role, agencyId, password: TEST_PASSWORD };
  }

  /** Counts rows of a table matching a condition: the "nothing changed" check of bad-input tests. */
  async count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return row.n;
  }
}
