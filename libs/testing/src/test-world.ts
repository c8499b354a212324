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
  /** The base32 secret of the user's second factor, when the world enrolled one. */
  totpSecret?: string;
}

/**
 * What the world needs of the app to give users a second factor as enrolment would: seal a secret
 * for a user's row, and say whether the app requires one of an account.
 */
export interface WorldSecondFactor {
  seal(userId: string, secret: string): string;
  required(role: Role, agencyId: string | null): Promise<boolean>;
  newSecret(): string;
}

/**
 * Builds the records a test needs straight into the database, each with unique names so tests
 * never see each other's data.
 */
export class TestWorld {
  private readonly secrets = new Map<string, string>();

  constructor(
    private readonly db: DataSource,
    private readonly secondFactor?: WorldSecondFactor,
  ) {}

  /** Remembers a secret the account enrolled itself (over the API), so that signing it in can answer its codes. */
  rememberSecondFactor(email: string, secret: string): void {
    this.secrets.set(email.toLowerCase(), secret);
  }

  /** The second-factor secret the world gave the account of `email`, if any. */
  totpSecretOf(email: string): string | undefined {
    return this.secrets.get(email.toLowerCase());
  }

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

  /**
   * A user with the test password. An account the app requires a second factor of is enrolled as if
   * its owner had done it (`mfa: false` leaves it to enrol itself; `mfa: true` enrols any account).
   */
  async user(role: Role, agencyId: string | null, options: { active?: boolean; mfa?: boolean } = {}): Promise<WorldUser> {
    const email = `${role.toLowerCase()}-${randomBytes(5).toString('hex')}@tandem.test`;
    const [row] = await this.db.query(
      `INSERT INTO app_user (email, display_name, agency_id, role, password_hash, active)
       VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [email, `${role} ${email.slice(0, 14)}`, agencyId, role, await testPasswordHash(), options.active ?? true],
    );
    const user: WorldUser = { id: row.id, email, role, agencyId, password: TEST_PASSWORD };
    const enrol = options.mfa ?? (this.secondFactor ? await this.secondFactor.required(role, agencyId) : false);
    if (enrol) user.totpSecret = await this.enrolSecondFactor(user.id, email);
    return user;
  }

  /** Gives the user a confirmed second factor (no recovery codes), as enrolment would; answers its secret. */
  async enrolSecondFactor(userId: string, email: string): Promise<string> {
    if (!this.secondFactor) throw new Error('this world cannot enrol a second factor');
    const secret = this.secondFactor.newSecret();
    await this.db.query(
      `INSERT INTO user_mfa (user_id, secret_sealed, confirmed_at) VALUES ($1, $2, now())
       ON CONFLICT (user_id) DO UPDATE SET secret_sealed = EXCLUDED.secret_sealed, confirmed_at = now(), last_used_step = NULL`,
      [userId, this.secondFactor.seal(userId, secret)],
    );
    this.secrets.set(email.toLowerCase(), secret);
    return secret;
  }

  /**
   * Lets the account's next time-based code be taken even in a time step it used already: a test
   * signs the same user in several times without moving the clock, which a person never does.
   */
  async allowCodeAgain(email: string): Promise<void> {
    await this.db.query(`UPDATE user_mfa SET last_used_step = NULL WHERE user_id = (SELECT id FROM app_user WHERE lower(email) = lower($1))`, [email]);
  }

  /** Counts rows of a table matching a condition: the "nothing changed" check of bad-input tests. */
  async count(table: string, where = 'true', params: unknown[] = []): Promise<number> {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`bad table name ${table}`);
    const [row] = await this.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE ${where}`, params);
    return row.n;
  }
}
