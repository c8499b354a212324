import { Injectable } from '@nestjs/common';
import { firstRow, rows, Tx } from '@tandem/platform';
import { JurisdictionRecord } from './identity.types';

const SELECT = `SELECT id, code, name, created_at AS "createdAt" FROM jurisdiction`;

@Injectable()
export class JurisdictionRepository {
  async insert(tx: Tx, input: { code: string; name: string }): Promise<JurisdictionRecord> {
    const row = await firstRow<JurisdictionRecord>(
      tx,
      `INSERT INTO jurisdiction (code, name) VALUES ($1, $2) RETURNING id, code, name, created_at AS "createdAt"`,
      [input.code, input.name],
    );
    return row!;
  }

  async findById(tx: Tx, id: string): Promise<JurisdictionRecord | null> {
    const row = await firstRow<JurisdictionRecord>(tx, `${SELECT} WHERE id = $1`, [id]);
    return row ?? null;
  }

  async findByIds(tx: Tx, ids: readonly string[]): Promise<JurisdictionRecord[]> {
    return rows<JurisdictionRecord>(tx, `${SELECT} WHERE id = ANY($1::uuid[])`, [ids]);
  }

  async findByCode(tx: Tx, code: string): Promise<JurisdictionRecord | null> {
    const row = await firstRow<JurisdictionRecord>(tx, `${SELECT} WHERE code = $1`, [code]);
    return row ?? null;
  }

  async list(tx: Tx): Promise<JurisdictionRecord[]> {
    return rows<JurisdictionRecord>(tx, `${SELECT} ORDER BY name, id`);
  }
}
