import { DataScope } from '@tandem/authz';

/** What the renderer reads of a timeline entry: its kind and its stored ids and codes. */
export interface TimelineFacts {
  kind: string;
  actorAgencyId: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
}

export interface TimelineChangeText {
  field: string;
  from: string | null;
  to: string | null;
  /** The agency the change is about (whose scopes were withdrawn), when it is one. */
  agencyId: string | null;
}

export interface TimelineText {
  summary: string;
  fromAgencyId: string | null;
  toAgencyId: string | null;
  changes: TimelineChangeText[];
}

/** Names the renderer may print: agencies and users, both shown elsewhere to whoever sees the case. */
export interface TimelineNames {
  agency(id: string): string | null;
  user(id: string): string | null;
}

/** The scope each updatable case field is read with (UpdateCaseInput). */
const FIELD_SCOPES: Record<string, DataScope> = {
  riskLevel: DataScope.SUMMARY,
  legalName: DataScope.IDENTITY,
  aliases: DataScope.IDENTITY,
  dateOfBirth: DataScope.IDENTITY,
  sex: DataScope.IDENTITY,
  identifyingMarks: DataScope.IDENTITY,
  placement: DataScope.LOCATION,
  guardianContacts: DataScope.LOCATION,
};

/** Fields whose values are codes, never personal data, so a change may show them. */
const CODED_FIELDS = new Set(['riskLevel']);

const FIELD_WORDS: Record<string, string> = {
  riskLevel: 'risk level',
  legalName: 'legal name',
  dateOfBirth: 'date of birth',
  identifyingMarks: 'identifying marks',
  guardianContacts: 'guardian contacts',
};

const REFERRAL_STATUS_WORDS: Record<string, string> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  CANCELLED: 'withdrawn',
  IN_PROGRESS: 'started',
  COMPLETED: 'completed',
  FAILED: 'failed',
  EXPIRED: 'expired unanswered',
};

const HANDOFF_STATUS_WORDS: Record<string, string> = {
  ACCEPTED: 'accepted',
  DECLINED: 'declined',
  CANCELLED: 'cancelled',
  EXPIRED: 'expired unanswered',
};

const SIMPLE: Record<string, string> = {
  CASE_CREATED: 'Case opened',
  CASE_CLOSED: 'Case closed',
  CASE_REOPENED: 'Case reopened',
  CASE_REVIEWED: 'Case reviewed',
  BREAK_GLASS: 'Emergency access opened (break glass)',
  MISSING_EPISODE: 'Missing episode recorded',
  MISSING_RETURNED: 'Return from missing recorded',
  VICTIM_REPORTED: 'Trafficking victim report to law enforcement recorded',
  TIP_LINKED: 'Anonymous community tip linked to the case',
};

const STATUS_CHANGES: Record<string, [string, string]> = {
  CASE_CLOSED: ['ACTIVE', 'CLOSED'],
  CASE_REOPENED: ['CLOSED', 'ACTIVE'],
};

/** The report a share by mandated reporting followed (SharingReport), as the sentence says it. */
const REPORT_WORDS: Record<string, string> = {
  MISSING_REPORT: 'a missing-child report',
  VICTIM_REPORT: 'a trafficking-victim report',
};

/** Reports whose very existence is INVESTIGATION content: their own timeline entry is of that scope. */
const INVESTIGATION_REPORTS = new Set(['VICTIM_REPORT']);

const text = (value: unknown): string | null => (typeof value === 'string' && value.length > 0 ? value : null);
const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const words = (code: string) => code.toLowerCase().replace(/_/g, ' ');
const sentence = (phrase: string) => phrase.charAt(0).toUpperCase() + phrase.slice(1);
const fieldWords = (field: string) => FIELD_WORDS[field] ?? field;

/** The sender and the receiver an entry is about; older entries only stored the receiver. */
export function timelineAgencies(facts: TimelineFacts): { fromAgencyId: string | null; toAgencyId: string | null; others: string[] } {
  // A missing report to a law-enforcement agency on Tandem names it as its receiver, and so does
  // an event about one other agency (a share) that stores it as agencyId.
  const toAgencyId = text(facts.data.toAgencyId) ?? text(facts.data.receivingAgencyId) ?? text(facts.data.agencyId);
  const requested = facts.kind === 'REFERRAL_REQUESTED' || facts.kind === 'HANDOFF_REQUESTED';
  const fromAgencyId = text(facts.data.fromAgencyId) ?? (requested ? facts.actorAgencyId : null);
  const others = withdrawals(facts).map((w) => w.agencyId);
  return { fromAgencyId, toAgencyId, others };
}

/** Every agency id the entry's text may name, for one batched load per page. */
export function timelineAgencyIds(facts: TimelineFacts): string[] {
  const { fromAgencyId, toAgencyId, others } = timelineAgencies(facts);
  return [...new Set([fromAgencyId, toAgencyId, ...others].filter((id): id is string => id !== null))];
}

/** Every user id the entry's text may name. */
export function timelineUserIds(facts: TimelineFacts): string[] {
  return (facts.kind === 'USER_ASSIGNED' || facts.kind === 'USER_UNASSIGNED') && facts.subjectId ? [facts.subjectId] : [];
}

function withdrawals(facts: TimelineFacts): { agencyId: string; scopes: string[] }[] {
  const raw = facts.data.withdrawn;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap((item: unknown) => {
    const row = item as { agencyId?: unknown; scopes?: unknown } | null;
    const agencyId = text(row?.agencyId);
    return agencyId ? [{ agencyId, scopes: list(row?.scopes) }] : [];
  });
}

/**
 * A timeline entry as a sentence and a list of changes, for a viewer holding `scopes`. It prints
 * only codes, agency and user names and field names, never a value of the child's identity or
 * location: an update shows the value of a coded SUMMARY field (risk level), the names of the
 * identity and location fields only to a viewer holding their scope, and otherwise only that
 * identity or location details changed (what the stored scopes already said).
 */
export function describeTimelineEntry(facts: TimelineFacts, scopes: readonly DataScope[], names: TimelineNames): TimelineText {
  const { fromAgencyId, toAgencyId } = timelineAgencies(facts);
  const agency = (id: string | null) => (id ? (names.agency(id) ?? 'another agency') : 'another agency');
  const base = { fromAgencyId, toAgencyId, changes: [] as TimelineChangeText[] };
  const kind = facts.kind;
  const data = facts.data;

  if (SIMPLE[kind]) {
    const status = STATUS_CHANGES[kind];
    return { ...base, summary: SIMPLE[kind], changes: status ? [{ field: 'status', from: status[0], to: status[1], agencyId: null }] : [] };
  }
  if (kind === 'CASE_UPDATED') return { ...base, ...describeUpdate(data, scopes) };
  if (kind === 'FLAG_SET' || kind === 'FLAG_CLEARED') {
    const flag = text(data.flag) ?? 'a flag';
    const set = kind === 'FLAG_SET';
    const why = set && text(data.deadlineId) ? ' (a reporting deadline passed)' : '';
    return { ...base, summary: `Flag ${flag} ${set ? 'set' : 'cleared'}${why}`, changes: [{ field: 'flags', from: set ? null : flag, to: set ? flag : null, agencyId: null }] };
  }
  if (kind === 'USER_ASSIGNED' || kind === 'USER_UNASSIGNED') {
    const who = (facts.subjectId && names.user(facts.subjectId)) ?? 'A user';
    const role = text(data.role);
    return { ...base, summary: kind === 'USER_ASSIGNED' ? `${who} assigned${role ? ` as ${role}` : ''}` : `${who} unassigned` };
  }
  if (kind === 'NOTE_ADDED') return { ...base, summary: `${text(data.category) ?? 'A'} note added` };
  if (kind === 'CONSENT_RECORDED') {
    const covered = list(data.scopes);
    return { ...base, summary: `Consent recorded${covered.length ? ` for ${covered.join(', ')}` : ''}` };
  }
  if (kind === 'CONSENT_REVOKED' || kind === 'CONSENT_EXPIRED') {
    const gone = withdrawals(facts);
    const head = kind === 'CONSENT_REVOKED' ? 'Consent revoked' : 'Consent expired';
    const tail = gone.length ? `: ${gone.map((w) => `${w.scopes.join(', ')} withdrawn from ${agency(w.agencyId)}`).join('; ')}` : '';
    return { ...base, summary: head + tail, changes: gone.map((w) => ({ field: 'scopesWithdrawn', from: null, to: w.scopes.join(', '), agencyId: w.agencyId })) };
  }
  if (kind === 'REFERRAL_REQUESTED') {
    const what = [text(data.serviceType), text(data.urgency)].filter(Boolean).join(', ');
    return { ...base, summary: `Referral to ${agency(toAgencyId)} requested${what ? ` (${what})` : ''}`, changes: [{ field: 'status', from: null, to: 'REQUESTED', agencyId: null }] };
  }
  if (kind.startsWith('REFERRAL_') && REFERRAL_STATUS_WORDS[kind.slice('REFERRAL_'.length)]) {
    const status = kind.slice('REFERRAL_'.length);
    return { ...base, summary: `Referral to ${agency(toAgencyId)} ${REFERRAL_STATUS_WORDS[status]}`, changes: [{ field: 'status', from: text(data.from), to: status, agencyId: null }] };
  }
  if (kind === 'HANDOFF_REQUESTED') {
    return { ...base, summary: `Handoff of the lead to ${agency(toAgencyId)} requested`, changes: [{ field: 'status', from: null, to: 'REQUESTED', agencyId: null }] };
  }
  if (kind.startsWith('HANDOFF_') && HANDOFF_STATUS_WORDS[kind.slice('HANDOFF_'.length)]) {
    const status = kind.slice('HANDOFF_'.length);
    return { ...base, summary: `Handoff of the lead to ${agency(toAgencyId)} ${HANDOFF_STATUS_WORDS[status]}`, changes: [{ field: 'status', from: 'REQUESTED', to: status, agencyId: null }] };
  }
  if (kind === 'SHARED_BY_REPORT') {
    const report = reportShown(data, scopes);
    const granted = list(data.scopes).join(', ');
    const how = `by ${(report && REPORT_WORDS[report]) ?? 'a report to law enforcement'} (mandated reporting)`;
    return {
      ...base,
      summary: `Case shared with ${agency(toAgencyId)} ${how}${granted ? `: ${granted}` : ''}`,
      changes: [{ field: 'scopesGranted', from: null, to: granted || null, agencyId: toAgencyId }],
    };
  }
  if (kind === 'MISSING_REPORTED') {
    return { ...base, summary: `Missing report made to ${text(data.reportedTo) ?? 'an authority'}${toAgencyId ? ` (${agency(toAgencyId)})` : ''}` };
  }
  if (kind === 'SCREENING_DONE') {
    const instrument = [text(data.instrumentId), text(data.version) ? `v${text(data.version)}` : null].filter(Boolean).join(' ');
    const outcome = text(data.outcome);
    return { ...base, summary: `Screening done${instrument ? ` (${instrument})` : ''}${outcome ? `: ${words(outcome)}` : ''}` };
  }
  if (kind === 'SCREENED_POSITIVE') {
    const from = text(data.riskFrom);
    const to = text(data.riskTo);
    const risk = from && to && from !== to ? `; risk level ${from} → ${to}` : to ? `; risk level stays ${to}${text(data.suggested) && text(data.suggested) !== to ? ` (the screening suggested ${text(data.suggested)})` : ''}` : '';
    return {
      ...base,
      summary: `Screened positive${risk}; follow-up referral due`,
      changes: [
        { field: 'flags', from: null, to: 'SCREENED_POSITIVE', agencyId: null },
        ...(from && to && from !== to ? [{ field: 'riskLevel', from, to, agencyId: null }] : []),
      ],
    };
  }
  if (kind === 'RETURN_INTERVIEWED') {
    const screened = data.screeningDone === true ? ', with screening' : data.screeningDone === false ? ', without screening' : '';
    return { ...base, summary: `Return interview done${screened}` };
  }
  // A kind this renderer does not know yet reads as its words, naming its receiving agency if it has one.
  return { ...base, summary: sentence(words(kind)) + (toAgencyId ? `: ${agency(toAgencyId)}` : '') };
}

/**
 * The stored data of an entry as the viewer may read it (the deprecated `detail`): an update
 * names only the fields whose scope the viewer holds, as its summary does.
 */
export function timelineDetail(facts: TimelineFacts, scopes: readonly DataScope[]): Record<string, unknown> {
  if (facts.kind === 'SHARED_BY_REPORT' && text(facts.data.report) && !reportShown(facts.data, scopes)) {
    const { report: _report, ...rest } = facts.data;
    return rest;
  }
  if (facts.kind !== 'CASE_UPDATED' || !Array.isArray(facts.data.fields)) return facts.data;
  return { ...facts.data, fields: list(facts.data.fields).filter((field) => FIELD_SCOPES[field] && scopes.includes(FIELD_SCOPES[field])) };
}

/** The report a share followed, or null when the viewer may not learn it (a victim report without INVESTIGATION). */
function reportShown(data: Record<string, unknown>, scopes: readonly DataScope[]): string | null {
  const report = text(data.report);
  if (!report) return null;
  return INVESTIGATION_REPORTS.has(report) && !scopes.includes(DataScope.INVESTIGATION) ? null : report;
}

function describeUpdate(data: Record<string, unknown>, scopes: readonly DataScope[]): { summary: string; changes: TimelineChangeText[] } {
  const fields = list(data.fields).filter((field) => FIELD_SCOPES[field]);
  const changes: TimelineChangeText[] = [];
  const parts: string[] = [];
  for (const field of fields) {
    if (!scopes.includes(FIELD_SCOPES[field]!)) continue;
    const values = CODED_FIELDS.has(field) ? (data[field] as { from?: unknown; to?: unknown } | undefined) : undefined;
    const change = { field, from: text(values?.from), to: text(values?.to), agencyId: null };
    changes.push(change);
    parts.push(change.from || change.to ? `${fieldWords(field)} ${change.from ?? 'none'} → ${change.to ?? 'none'}` : fieldWords(field));
  }
  // Scopes whose fields the viewer may not name, or entries written before fields were stored.
  const named = new Set(changes.map((change) => FIELD_SCOPES[change.field]));
  const unnamed = list(data.scopes).filter((scope) => scope !== DataScope.SUMMARY && !named.has(scope as DataScope));
  if (unnamed.length) parts.push(`${unnamed.map((scope) => words(scope)).join(' and ')} details`);
  return { summary: parts.length ? `Case updated: ${parts.join(', ')}` : 'Case updated', changes };
}
