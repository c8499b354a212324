import { createHash } from 'node:crypto';
import {
  CONTENT_ID,
  ContentItem,
  ContentLanguage,
  EducationAudience,
  EducationKind,
  FALLBACK_LANGUAGE,
  ItemRecord,
  ItemText,
  ItemView,
  StepLinkKind,
} from './education.types';

/** What is wrong with one item of a content file: the file, where in it, and why. */
export interface ContentProblem {
  file: string;
  /** `items[3].source.url`: the item's place in the file and the field. */
  path: string;
  message: string;
}

export const formatContentProblem = (problem: ContentProblem) => `${problem.file}: ${problem.path}: ${problem.message}`;

/** The lengths the tables hold. */
const LIMITS = { title: 200, body: 2000, publisher: 300, sourceTitle: 300, license: 300, url: 500, id: 120 } as const;
const ITEM_FIELDS = new Set(['id', 'kind', 'audiences', 'position', 'link', 'source', 'license', 'date', 'texts']);
const SOURCE_FIELDS = new Set(['publisher', 'title', 'url']);
const LANGUAGES = Object.values(ContentLanguage) as string[];
const KINDS = Object.values(EducationKind) as string[];
const AUDIENCES = Object.values(EducationAudience) as string[];
const LINKS = Object.values(StepLinkKind) as string[];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** A calendar date written YYYY-MM-DD, not in the future of `today`. */
function validDate(value: string, today: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value && value <= today;
}

/**
 * Reads the items of one content file (`{ "items": [...] }`), each checked whole: an item without a
 * source (publisher, title and URL) or without a license is refused, as is any field Tandem does not
 * know, so that a misspelt field is not silently dropped. Answers the items that pass and a problem
 * per failure, naming the file and the item's path.
 */
export function readContentFile(file: string, parsed: unknown, today: string): { items: ContentItem[]; problems: ContentProblem[] } {
  const problems: ContentProblem[] = [];
  const items: ContentItem[] = [];
  if (!isObject(parsed) || !Array.isArray(parsed.items)) {
    return { items, problems: [{ file, path: '(file)', message: 'must be a JSON object with an "items" array' }] };
  }
  for (const key of Object.keys(parsed)) if (key !== 'items' && key !== 'description') problems.push({ file, path: key, message: 'is not a field of a content file' });
  parsed.items.forEach((raw: unknown, index: number) => {
    const at = `items[${index}]`;
    const before = problems.length;
    const problem = (field: string, message: string) => problems.push({ file, path: field ? `${at}.${field}` : at, message });
    if (!isObject(raw)) {
      problem('', 'must be an object');
      return;
    }
    for (const key of Object.keys(raw)) if (!ITEM_FIELDS.has(key)) problem(key, 'is not a field of an item');
    const text = (field: string, value: unknown, max: number, options: { optional?: boolean; multiLine?: boolean } = {}): string | null => {
      if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
        if (!options.optional) problem(field, 'is required');
        return null;
      }
      if (typeof value !== 'string') {
        problem(field, 'must be text');
        return null;
      }
      const trimmed = value.trim();
      if (trimmed.length > max) problem(field, `must be at most ${max} characters`);
      else if (CONTROL.test(trimmed) || (!options.multiLine && LINE_BREAK.test(trimmed))) problem(field, options.multiLine ? 'must not hold control characters' : 'must be one line of text');
      return trimmed;
    };

    const id = text('id', raw.id, LIMITS.id);
    if (id !== null && !CONTENT_ID.test(id)) problem('id', 'must be lower-case words joined by dots, such as "county.signs.runaway"');
    const kind = raw.kind;
    if (typeof kind !== 'string' || !KINDS.includes(kind)) problem('kind', `must be one of ${KINDS.join(', ')}`);
    const audiences = raw.audiences;
    if (!Array.isArray(audiences) || audiences.length === 0) problem('audiences', `must list one or more of ${AUDIENCES.join(', ')}`);
    else {
      audiences.forEach((audience: unknown, i: number) => {
        if (typeof audience !== 'string' || !AUDIENCES.includes(audience)) problem(`audiences[${i}]`, `must be one of ${AUDIENCES.join(', ')}`);
      });
      if (new Set(audiences).size !== audiences.length) problem('audiences', 'must not name an audience twice');
    }
    const position = raw.position ?? 0;
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position > 10_000) problem('position', 'must be a whole number from 0 to 10000');
    const link = raw.link ?? null;
    if (link !== null && (typeof link !== 'string' || !LINKS.includes(link))) problem('link', `must be one of ${LINKS.join(', ')}`);
    else if (link !== null && kind !== EducationKind.WHAT_TO_DO) problem('link', 'is for WHAT_TO_DO steps only');

    let source: ContentItem['source'] | null = null;
    if (raw.source === undefined || raw.source === null) problem('source', 'is required: the publisher, title and URL the item comes from');
    else if (!isObject(raw.source)) problem('source', 'must be an object with publisher, title and url');
    else {
      for (const key of Object.keys(raw.source)) if (!SOURCE_FIELDS.has(key)) problem(`source.${key}`, 'is not a field of a source');
      const publisher = text('source.publisher', raw.source.publisher, LIMITS.publisher);
      const title = text('source.title', raw.source.title, LIMITS.sourceTitle);
      const url = text('source.url', raw.source.url, LIMITS.url);
      if (url !== null && !/^https:\/\/[^\s/]+\.[^\s]+$/.test(url)) problem('source.url', 'must be an https:// address');
      source = publisher && title && url ? { publisher, title, url } : null;
    }
    const license = text('license', raw.license, LIMITS.license);
    const date = text('date', raw.date, 10);
    if (date !== null && !validDate(date, today)) problem('date', 'must be a date written YYYY-MM-DD, not in the future');

    const texts: ContentItem['texts'] = {};
    if (!isObject(raw.texts) || Object.keys(raw.texts).length === 0) problem('texts', `must give the item's text in one or more of ${LANGUAGES.join(', ')}`);
    else {
      for (const [language, value] of Object.entries(raw.texts)) {
        if (!LANGUAGES.includes(language)) {
          problem(`texts.${language}`, `is not a language of the content (${LANGUAGES.join(', ')})`);
          continue;
        }
        if (!isObject(value)) {
          problem(`texts.${language}`, 'must be an object with title and body');
          continue;
        }
        for (const key of Object.keys(value)) if (key !== 'title' && key !== 'body') problem(`texts.${language}.${key}`, 'is not a field of a text');
        const title = text(`texts.${language}.title`, value.title, LIMITS.title);
        const body = text(`texts.${language}.body`, value.body, LIMITS.body, { multiLine: true });
        if (title && body) texts[language as ContentLanguage] = { title, body };
      }
    }
    if (problems.length === before && id && source && license && date) {
      items.push({ id, kind: kind as EducationKind, audiences: audiences as EducationAudience[], position: position as number, link: link as StepLinkKind | null, source, license, date, texts });
    }
  });
  const seen = new Map<string, number>();
  items.forEach((item) => seen.set(item.id, (seen.get(item.id) ?? 0) + 1));
  const twice = [...seen].filter(([, count]) => count > 1).map(([id]) => id);
  for (const id of twice) {
    const index = (parsed.items as unknown[]).findIndex((raw) => isObject(raw) && raw.id === id);
    problems.push({ file, path: `items[${index}].id`, message: `"${id}" is used by more than one item of the file` });
  }
  return { items: twice.length ? items.filter((item) => !twice.includes(item.id)) : items, problems };
}

/** What decides whether a stored item differs from a loaded one: everything the file says of it, in a fixed order. */
export function contentHash(item: ContentItem): string {
  const texts = Object.keys(item.texts)
    .sort()
    .map((language) => [language, item.texts[language as ContentLanguage]!.title, item.texts[language as ContentLanguage]!.body]);
  const canonical = [item.id, item.kind, [...item.audiences].sort(), item.position, item.link, item.source.publisher, item.source.title, item.source.url, item.license, item.date, texts];
  return createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

/**
 * The text an answer gives of an item (docs/design.md, which language an answer is in): the language
 * asked for when the item has it; else English, the language of the sources; else the first language
 * it has. An item is never left out because a translation is missing: a warning sign in English is
 * better than none, and `fallback` says the text is not in the language asked.
 */
export function chooseText(texts: Partial<Record<ContentLanguage, ItemText>>, asked: ContentLanguage): { language: ContentLanguage; text: ItemText } | null {
  const order = [asked, FALLBACK_LANGUAGE, ...(Object.values(ContentLanguage) as ContentLanguage[])];
  for (const language of order) {
    const text = texts[language];
    if (text) return { language, text };
  }
  return null;
}

/** An item as the answer in a language gives it. */
export function viewOf(item: ItemRecord, asked: ContentLanguage): ItemView | null {
  const chosen = chooseText(item.texts, asked);
  if (!chosen) return null;
  return {
    id: item.id,
    kind: item.kind,
    audiences: item.audiences,
    position: item.position,
    link: item.link,
    source: item.source,
    license: item.license,
    date: item.date,
    language: chosen.language,
    fallback: chosen.language !== asked,
    title: chosen.text.title,
    body: chosen.text.body,
    agencyId: item.agencyId,
    retractedAt: item.retractedAt,
  };
}
