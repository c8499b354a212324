import { Injectable } from '@nestjs/common';
import { execute, firstRow, rows, Tx } from '@tandem/platform';
import { ContentItem, ContentLanguage, EducationAudience, EducationKind, ItemRecord, ItemText, SHIPPED_PREFIX, StepLinkKind } from './education.types';

interface ItemRow {
  id: string;
  kind: EducationKind;
  audiences: EducationAudience[];
  position: number;
  link: StepLinkKind | null;
  sourcePublisher: string;
  sourceTitle: string;
  sourceUrl: string | null;
  license: string;
  date: string;
  agencyId: string | null;
  publishedBy: string | null;
  publishedAt: Date;
  retractedAt: Date | null;
  texts: { language: ContentLanguage; title: string; body: string }[];
}

const ITEM_COLUMNS = `i.id, i.kind, i.audiences, i.position, i.link, i.source_publisher AS "sourcePublisher", i.source_title AS "sourceTitle",
  i.source_url AS "sourceUrl", i.license, to_char(i.content_date, 'YYYY-MM-DD') AS date, i.agency_id AS "agencyId",
  i.published_by AS "publishedBy", i.published_at AS "publishedAt", i.retracted_at AS "retractedAt",
  coalesce((SELECT json_agg(json_build_object('language', t.language, 'title', t.title, 'body', t.body) ORDER BY t.language)
              FROM education.item_text t WHERE t.item_id = i.id), '[]'::json) AS texts`;

function recordOf(row: ItemRow): ItemRecord {
  const texts: Partial<Record<ContentLanguage, ItemText>> = {};
  for (const text of row.texts) texts[text.language] = { title: text.title, body: text.body };
  return {
    id: row.id,
    kind: row.kind,
    audiences: row.audiences,
    position: row.position,
    link: row.link,
    source: { publisher: row.sourcePublisher, title: row.sourceTitle, url: row.sourceUrl },
    license: row.license,
    date: row.date,
    texts,
    agencyId: row.agencyId,
    publishedBy: row.publishedBy,
    publishedAt: row.publishedAt,
    retractedAt: row.retractedAt,
  };
}

/** What a load compares a file's item with. */
export interface StoredItem {
  id: string;
  contentHash: string;
  retracted: boolean;
}

/** A local addition as its agency's supervisor publishes it. */
export interface LocalItem extends ContentItem {
  agencyId: string;
  publishedBy: string;
}

/** The education tables (schema `education`): items and their texts per language. */
@Injectable()
export class EducationRepository {
  /** One load at a time: two processes loading the same files wait for each other instead of racing. */
  async lockLoads(tx: Tx): Promise<void> {
    await execute(tx, `SELECT pg_advisory_xact_lock(hashtext('tandem:education-load'))`);
  }

  /** The loaded items of these ids as stored. */
  async stored(tx: Tx, ids: readonly string[]): Promise<Map<string, StoredItem>> {
    if (!ids.length) return new Map();
    const found = await rows<StoredItem>(
      tx,
      `SELECT id, content_hash AS "contentHash", retracted_at IS NOT NULL AS retracted FROM education.item WHERE id = ANY($1::text[]) AND agency_id IS NULL`,
      [ids],
    );
    return new Map(found.map((row) => [row.id, row]));
  }

  /** Writes a loaded item, new or changed, with its texts (those it no longer has are removed); in force again if it was retired. */
  async upsertLoaded(tx: Tx, item: ContentItem, contentHash: string, via: string, at: Date): Promise<void> {
    await execute(
      tx,
      `INSERT INTO education.item (id, kind, audiences, position, link, source_publisher, source_title, source_url, license, content_date, loaded_via, content_hash, published_at)
       VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9, $10::date, $11, $12, $13)
       ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, audiences = EXCLUDED.audiences, position = EXCLUDED.position, link = EXCLUDED.link,
         source_publisher = EXCLUDED.source_publisher, source_title = EXCLUDED.source_title, source_url = EXCLUDED.source_url,
         license = EXCLUDED.license, content_date = EXCLUDED.content_date, loaded_via = EXCLUDED.loaded_via, content_hash = EXCLUDED.content_hash,
         published_at = EXCLUDED.published_at, retracted_at = NULL, retracted_by = NULL, retraction_reason = NULL
       WHERE education.item.agency_id IS NULL`,
      [item.id, item.kind, item.audiences, item.position, item.link, item.source.publisher, item.source.title, item.source.url, item.license, item.date, via, contentHash, at],
    );
    await this.replaceTexts(tx, item.id, item.texts);
  }

  /** Retires shipped items that the content Tandem ships no longer has (a newer version dropped them); answers how many. */
  async retireShipped(tx: Tx, keep: readonly string[], at: Date): Promise<number> {
    return execute(
      tx,
      `UPDATE education.item SET retracted_at = $3, retraction_reason = 'no longer shipped'
        WHERE agency_id IS NULL AND starts_with(id, $1) AND NOT (id = ANY($2::text[])) AND retracted_at IS NULL`,
      [SHIPPED_PREFIX, keep, at],
    );
  }

  async insertLocal(tx: Tx, id: string, item: LocalItem, contentHash: string, at: Date): Promise<ItemRecord> {
    await execute(
      tx,
      `INSERT INTO education.item (id, kind, audiences, position, link, source_publisher, source_title, source_url, license, content_date, agency_id, published_by, published_at, content_hash)
       VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9, $10::date, $11, $12, $13, $14)`,
      [id, item.kind, item.audiences, item.position, item.link, item.source.publisher, item.source.title, item.source.url, item.license, item.date, item.agencyId, item.publishedBy, at, contentHash],
    );
    await this.replaceTexts(tx, id, item.texts);
    return (await this.item(tx, id))!;
  }

  /** An item as its retraction needs it, locked until the transaction ends. */
  async itemForRetract(tx: Tx, id: string): Promise<{ agencyId: string | null; retracted: boolean } | undefined> {
    return firstRow<{ agencyId: string | null; retracted: boolean }>(
      tx,
      `SELECT agency_id AS "agencyId", retracted_at IS NOT NULL AS retracted FROM education.item WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }

  /** Retracts an item of this agency still in force; undefined when there is none. */
  async retract(tx: Tx, id: string, agencyId: string, userId: string, reason: string, at: Date): Promise<ItemRecord | undefined> {
    const count = await execute(
      tx,
      `UPDATE education.item SET retracted_at = $4, retracted_by = $3, retraction_reason = $5 WHERE id = $1 AND agency_id = $2 AND retracted_at IS NULL`,
      [id, agencyId, userId, at, reason],
    );
    return count ? this.item(tx, id) : undefined;
  }

  async item(tx: Tx, id: string): Promise<ItemRecord | undefined> {
    const row = await firstRow<ItemRow>(tx, `SELECT ${ITEM_COLUMNS} FROM education.item i WHERE i.id = $1`, [id]);
    return row && recordOf(row);
  }

  /**
   * The items in force for an audience, of these kinds: loaded content first, then local additions,
   * each by position, then by id (a local addition by when it was published).
   */
  async liveItems(tx: Tx, audience: EducationAudience, kinds: readonly EducationKind[]): Promise<ItemRecord[]> {
    const found = await rows<ItemRow>(
      tx,
      `SELECT ${ITEM_COLUMNS} FROM education.item i
        WHERE i.retracted_at IS NULL AND $1 = ANY(i.audiences) AND i.kind = ANY($2::text[])
        ORDER BY i.agency_id IS NOT NULL, i.position, i.published_at, i.id`,
      [audience, kinds],
    );
    return found.map(recordOf);
  }

  /** How many local additions an agency has published, retracted or not. */
  async countLocal(tx: Tx, agencyId: string): Promise<number> {
    const row = await firstRow<{ n: number }>(tx, `SELECT count(*)::int AS n FROM education.item WHERE agency_id = $1`, [agencyId]);
    return row?.n ?? 0;
  }

  /** How many items are in force, by kind and audience (the demo's and the tests' figures). */
  async countLive(tx: Tx): Promise<{ kind: EducationKind; audience: EducationAudience; languages: ContentLanguage[]; count: number }[]> {
    return rows(
      tx,
      `SELECT i.kind, a.audience, count(*)::int AS count,
              array(SELECT DISTINCT t.language FROM education.item_text t JOIN education.item j ON j.id = t.item_id
                     WHERE j.retracted_at IS NULL AND j.kind = i.kind AND a.audience = ANY(j.audiences) ORDER BY 1) AS languages
         FROM education.item i CROSS JOIN LATERAL unnest(i.audiences) AS a(audience)
        WHERE i.retracted_at IS NULL GROUP BY i.kind, a.audience ORDER BY 1, 2`,
    );
  }

  private async replaceTexts(tx: Tx, id: string, texts: Partial<Record<ContentLanguage, ItemText>>): Promise<void> {
    const languages = Object.keys(texts) as ContentLanguage[];
    await execute(tx, `DELETE FROM education.item_text WHERE item_id = $1 AND NOT (language = ANY($2::text[]))`, [id, languages]);
    for (const language of languages) {
      const text = texts[language]!;
      await execute(
        tx,
        `INSERT INTO education.item_text (item_id, language, title, body) VALUES ($1, $2, $3, $4)
         ON CONFLICT (item_id, language) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body`,
        [id, language, text.title, text.body],
      );
    }
  }
}
