import { createHash } from 'node:crypto';
import { DataScope } from '@tandem/authz';
import { RiskLevel } from '@tandem/cases';
import { ServiceType } from '@tandem/referrals';
import { z } from 'zod';
import { AnswerType, InstrumentDefinition, ScreeningMode, ScreeningRespondent } from './screening.types';

/** A problem with a definition: where (a dotted path, `items.3.text.es`) and what. */
export interface DefinitionProblem {
  path: string;
  message: string;
}

export type ParsedInstrument = { ok: true; definition: InstrumentDefinition } | { ok: false; problems: DefinitionProblem[] };

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;
const LANGUAGE = /^[a-z]{2}(-[A-Z]{2})?$/;
const text = z.string().trim().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters');
const code = z.string().regex(CODE, 'must be 1 to 40 letters, digits, or _.- (starting with a letter or digit)');
const texts = z.record(z.string().regex(LANGUAGE, 'must be a language code such as en or es'), text);
const points = z.number().finite().min(0, 'must not be negative').max(1000, 'must be at most 1000');

const item = z
  .object({
    id: code,
    text: texts,
    answerType: z.enum(AnswerType),
    weight: points.default(1),
    required: z.boolean().default(true),
    min: z.number().int().min(0).max(100).optional(),
    max: z.number().int().min(1).max(100).optional(),
    options: z.array(z.object({ code, points, text: texts }).strict()).min(2).max(20).optional(),
  })
  .strict();

const threshold = z
  .object({
    id: code,
    label: texts,
    minScore: z.number().finite().min(0).optional(),
    anyYesOf: z.array(code).min(1).optional(),
    outcome: z
      .object({
        riskLevel: z.enum(RiskLevel).optional(),
        positive: z.boolean(),
        recommendedAction: texts,
        followUp: z.object({ withinHours: z.number().int().min(1).max(720), serviceTypes: z.array(z.enum(ServiceType)).min(1) }).strict().optional(),
      })
      .strict(),
  })
  .strict();

const definition = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2 to 63 lower-case letters, digits or hyphens'),
    version: z.string().regex(/^[0-9]{1,4}(\.[0-9]{1,4}){0,2}$/, 'must be a version number such as 1, 2.0 or 1.2.3'),
    title: texts,
    languages: z.array(z.string().regex(LANGUAGE, 'must be a language code such as en or es')).min(1),
    practice: z.boolean(),
    scope: z.enum([DataScope.SERVICES, DataScope.CLINICAL]),
    modes: z.array(z.enum(ScreeningMode)).min(1),
    respondents: z.array(z.enum(ScreeningRespondent)).min(1),
    license: z.object({ name: text, url: z.url().optional(), redistributable: z.boolean(), terms: text.optional() }).strict(),
    citation: text,
    items: z.array(item).min(1).max(200),
    scoring: z.object({ method: z.literal('WEIGHTED_SUM'), maxMissing: z.number().int().min(0).optional() }).strict(),
    thresholds: z.array(threshold).min(1).max(20),
  })
  .strict();

const blank = (value: unknown) => typeof value !== 'string' || value.trim() === '';

/**
 * Reads an instrument definition and says everything wrong with it, by path. Without a license and
 * a citation a definition is refused before anything else is looked at: an agency loads only what
 * it may use, and says where it comes from.
 */
export function parseInstrument(raw: unknown): ParsedInstrument {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, problems: [{ path: '(definition)', message: 'must be a JSON object' }] };
  const given = raw as Record<string, unknown>;
  const license = given.license as Record<string, unknown> | undefined;
  const refusals: DefinitionProblem[] = [];
  if (!license || typeof license !== 'object') refusals.push({ path: 'license', message: 'is missing: name the license under which you hold this instrument (license.name, license.redistributable)' });
  else if (blank(license.name)) refusals.push({ path: 'license.name', message: 'is missing: name the license under which you hold this instrument' });
  if (blank(given.citation)) refusals.push({ path: 'citation', message: 'is missing: cite the instrument\'s authors and publication, so that its results can be traced to it' });
  if (refusals.length) return { ok: false, problems: refusals };

  const parsed = definition.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: parsed.error.issues.map((issue) => ({ path: issue.path.join('.') || '(definition)', message: issue.message })) };
  const problems = consistency(parsed.data as InstrumentDefinition);
  return problems.length ? { ok: false, problems } : { ok: true, definition: parsed.data as InstrumentDefinition };
}

/** What the schema alone cannot say: languages covered, ids unique, each answer type's fields, thresholds that can be reached. */
function consistency(d: InstrumentDefinition): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const covers = (path: string, value: Record<string, string>) => {
    for (const language of d.languages) if (!value[language]) add(`${path}.${language}`, `is missing: the instrument is given in ${d.languages.join(', ')}`);
  };
  if (!d.languages.includes('en')) add('languages', 'must include en');
  covers('title', d.title);
  if (!d.modes.length) add('modes', 'must name at least one mode');
  const ids = new Set<string>();
  d.items.forEach((it, i) => {
    const at = `items.${i}`;
    if (ids.has(it.id)) add(`${at}.id`, `repeats the item id ${it.id}`);
    ids.add(it.id);
    covers(`${at}.text`, it.text);
    if (it.answerType === AnswerType.SCALE) {
      if (it.min === undefined || it.max === undefined) add(at, 'a SCALE item needs min and max');
      else if (it.min >= it.max) add(`${at}.max`, 'must be greater than min');
    } else if (it.min !== undefined || it.max !== undefined) add(at, 'only a SCALE item has min and max');
    if (it.answerType === AnswerType.CHOICE) {
      if (!it.options) add(`${at}.options`, 'a CHOICE item needs at least two options');
      const codes = new Set<string>();
      it.options?.forEach((option, j) => {
        if (codes.has(option.code)) add(`${at}.options.${j}.code`, `repeats the option code ${option.code}`);
        codes.add(option.code);
        covers(`${at}.options.${j}.text`, option.text);
      });
    } else if (it.options) add(`${at}.options`, 'only a CHOICE item has options');
  });
  const yesNo = new Set(d.items.filter((it) => it.answerType === AnswerType.YES_NO).map((it) => it.id));
  const thresholdIds = new Set<string>();
  d.thresholds.forEach((t, i) => {
    const at = `thresholds.${i}`;
    if (thresholdIds.has(t.id)) add(`${at}.id`, `repeats the threshold id ${t.id}`);
    thresholdIds.add(t.id);
    covers(`${at}.label`, t.label);
    covers(`${at}.outcome.recommendedAction`, t.outcome.recommendedAction);
    if (t.minScore === undefined && !t.anyYesOf) add(at, 'a threshold needs minScore, anyYesOf or both');
    t.anyYesOf?.forEach((id, j) => {
      if (!yesNo.has(id)) add(`${at}.anyYesOf.${j}`, `does not name a YES_NO item (${id})`);
    });
    if (t.outcome.followUp && !t.outcome.positive) add(`${at}.outcome.followUp`, 'only a positive result has a follow-up');
  });
  return problems;
}

/** Keys sorted at every level: one text per definition, whatever order its file wrote them in. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The SHA-256 of a definition's canonical form: the same version loaded twice must carry the same digest. */
export function digestOf(definition: InstrumentDefinition): string {
  return createHash('sha256').update(canonicalJson(definition)).digest('hex');
}

/** A text in the language asked for, else in English. */
export function inLanguage(texts: Record<string, string>, language: string | null | undefined): string {
  return (language && texts[language]) || texts.en || Object.values(texts)[0] || '';
}
