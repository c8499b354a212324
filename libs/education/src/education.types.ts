import { registerEnumType } from '@nestjs/graphql';

/** Who an item speaks to. Hospitality (hotels, restaurants) and transport (airlines, buses, trucking, rideshare) are apart: their sources are. */
export enum EducationAudience {
  EDUCATORS = 'EDUCATORS',
  PARENTS = 'PARENTS',
  HEALTHCARE = 'HEALTHCARE',
  HOSPITALITY = 'HOSPITALITY',
  TRANSPORT = 'TRANSPORT',
  YOUTH = 'YOUTH',
}

/** The languages items are written in. The GraphQL names are the codes in capitals; files and tables use the codes. */
export enum ContentLanguage {
  EN = 'en',
  ES = 'es',
}

/**
 * The language an item falls back to when it has no text in the one asked for: the language its
 * sources are in (docs/design.md, "Warning-signs education", which language an answer is in).
 */
export const FALLBACK_LANGUAGE = ContentLanguage.EN;

export enum EducationKind {
  /** One sign that a child may be trafficked or exploited. */
  WARNING_SIGN = 'WARNING_SIGN',
  /** A short guide: what someone in this role can learn or do, in a few sentences. */
  GUIDE = 'GUIDE',
  /** A step to take on seeing a sign; it may link to a tip, the hotlines, or an emergency call. */
  WHAT_TO_DO = 'WHAT_TO_DO',
}

/** Where a what-to-do step leads. */
export enum StepLinkKind {
  /** The tip form: anyone, no account (`submitTip`). */
  SUBMIT_TIP = 'SUBMIT_TIP',
  /** The directory's public hotlines (`publicResources` with service type HOTLINE). */
  HOTLINES = 'HOTLINES',
  /** An emergency call (911 in the United States). */
  EMERGENCY_CALL = 'EMERGENCY_CALL',
}

/**
 * Each link as a client follows it: a stable route of the public pages, and the operation behind it.
 * The route is the contract, so that the page and the tip form can change code without breaking it.
 */
export const STEP_LINKS: Record<StepLinkKind, { route: string; operation: string | null; serviceType: string | null; phone: string | null }> = {
  [StepLinkKind.SUBMIT_TIP]: { route: '/tips/new', operation: 'submitTip', serviceType: null, phone: null },
  [StepLinkKind.HOTLINES]: { route: '/resources?serviceType=HOTLINE', operation: 'publicResources', serviceType: 'HOTLINE', phone: null },
  [StepLinkKind.EMERGENCY_CALL]: { route: 'tel:911', operation: null, serviceType: null, phone: '911' },
};

/** The id of content loaded from files: lower-case words joined by dots (at least two), hyphens inside words. An agency's local addition has a uuid. */
export const CONTENT_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+(?:-[a-z0-9]+)*)+$/;
/** Ids of the content Tandem ships: loaded at start-up, and no file of an operator may use them. */
export const SHIPPED_PREFIX = 'tandem.';

for (const [value, name] of [
  [EducationAudience, 'EducationAudience'],
  [EducationKind, 'EducationKind'],
  [StepLinkKind, 'StepLinkKind'],
] as const) {
  registerEnumType(value, { name });
}
registerEnumType(ContentLanguage, { name: 'ContentLanguage', description: 'EN: English; ES: Spanish' });

/** One language's text of an item. */
export interface ItemText {
  title: string;
  body: string;
}

/** An item as content files and local additions give it, before it is stored. */
export interface ContentItem {
  id: string;
  kind: EducationKind;
  audiences: EducationAudience[];
  position: number;
  link: StepLinkKind | null;
  source: { publisher: string; title: string; url: string | null };
  license: string;
  /** YYYY-MM-DD: when the item was written from its source, or last checked against it. */
  date: string;
  texts: Partial<Record<ContentLanguage, ItemText>>;
}

/** A stored item, every language's text with it. */
export interface ItemRecord extends ContentItem {
  agencyId: string | null;
  publishedBy: string | null;
  publishedAt: Date;
  retractedAt: Date | null;
}

/** An item as an answer gives it: one text, in the language asked when it has one (`fallback` false), else another. */
export interface ItemView {
  id: string;
  kind: EducationKind;
  audiences: EducationAudience[];
  position: number;
  link: StepLinkKind | null;
  source: { publisher: string; title: string; url: string | null };
  license: string;
  date: string;
  language: ContentLanguage;
  fallback: boolean;
  title: string;
  body: string;
  agencyId: string | null;
  retractedAt: Date | null;
}
