import { createMongoAbility, MongoAbility, MongoQuery, subject as tag } from '@casl/ability';
import { CaseFacts, REPORT_CLOCK } from './case-facts';
import { BREAK_GLASS_SCOPES, CONSENTED_SCOPES, DataScope, LEAD_SCOPES } from './scopes';
import { seesCaseContent, Viewer } from './viewer';
import { AgencyType, Role } from './vocabulary';

export type CaseAbility = MongoAbility<[ 'read', 'Case' | (CaseFacts & { __caslSubjectType__?: 'Case' }) ], MongoQuery>;

const INVESTIGATIVE: readonly (AgencyType | null)[] = [AgencyType.LAW_ENFORCEMENT, AgencyType.PROSECUTION];

/**
 * The access contract of docs/access-policy.md ("Who sees a case") as CASL rules over {@link CaseFacts}. The same rules are
 * evaluated in memory (`ability.can`) and turned into SQL for lists, so the two cannot drift.
 * Field names are data scopes: `can('read', case, 'LOCATION')`.
 */
export function defineCaseAbility(viewer: Viewer, now: Date): CaseAbility {
  const rules: { action: 'read'; subject: 'Case'; fields: string[]; conditions: MongoQuery }[] = [];
  const allow = (fields: readonly DataScope[], conditions: MongoQuery) =>
    rules.push({ action: 'read', subject: 'Case', fields: [...fields], conditions });

  if (seesCaseContent(viewer) && viewer.agencyId) {
    const agencyId = viewer.agencyId;
    const at = now.getTime();
    // Rules 1 to 3: a member agency's supervisor, or its staff when assigned to the case. Rule 6:
    // staff of a law-enforcement member also while the NCIC clock that a report to it started is
    // open, so that the liaison it alerts can make the entry without waiting to be assigned.
    const membership = (extra: MongoQuery): MongoQuery => ({ memberships: { $elemMatch: { agencyId, active: true, ...extra } } });
    const member = (extra: MongoQuery = {}): MongoQuery[] => {
      if (viewer.role === Role.SUPERVISOR) return [membership(extra)];
      const paths: MongoQuery[] = [{ ...membership(extra), assignments: { $elemMatch: { userId: viewer.userId, agencyId, active: true } } }];
      if (viewer.agencyType === AgencyType.LAW_ENFORCEMENT) paths.push({ ...membership(extra), clocks: { $elemMatch: { agencyId, kind: REPORT_CLOCK } } });
      return paths;
    };
    const allowMember = (fields: readonly DataScope[], extra: MongoQuery, more: MongoQuery = {}) => {
      for (const conditions of member(extra)) allow(fields, { ...conditions, ...more });
    };

    allowMember([DataScope.SUMMARY], {});
    // The lead's other scopes (its SUMMARY is the rule above: one rule per fact keeps the SQL lean).
    allowMember(LEAD_SCOPES.filter((scope) => scope !== DataScope.SUMMARY), { role: 'LEAD' });
    for (const scope of CONSENTED_SCOPES) {
      // Held on no consent (law enforcement, emergency referral, former lead): the scope is not among those resting on consent.
      allowMember([scope], { role: 'PARTNER', scopes: scope, consentScopes: { $ne: scope } });
      // Held on consent: only while an active consent covers this agency (by id or by type) and scope.
      const covering = { scopes: scope, revoked: false, effectiveAt: { $lte: at }, expiresAt: { $gt: at } };
      for (const covers of [{ agencyIds: agencyId }, { agencyTypes: viewer.agencyType }]) {
        allowMember([scope], { role: 'PARTNER', scopes: scope, consentScopes: scope }, { consents: { $elemMatch: { ...covering, ...covers } } });
      }
    }
    if (INVESTIGATIVE.includes(viewer.agencyType)) allowMember([DataScope.INVESTIGATION], { role: 'PARTNER' });

    // Rule 4: the inbox view of a pending referral or handoff: SUMMARY and what it shares.
    allow([DataScope.SUMMARY], { inbox: { $elemMatch: { agencyId } } });
    for (const scope of CONSENTED_SCOPES) {
      allow([scope], { inbox: { $elemMatch: { agencyId, consentRequired: false, scopes: scope } } });
      for (const covers of [{ agencyIds: agencyId }, { agencyTypes: viewer.agencyType }]) {
        allow([scope], {
          inbox: { $elemMatch: { agencyId, consentRequired: true, scopes: scope } },
          consents: { $elemMatch: { scopes: scope, revoked: false, effectiveAt: { $lte: at }, expiresAt: { $gt: at }, ...covers } },
        });
      }
    }

    // Rule 5: an unexpired break-glass grant, made for the agency the user still belongs to.
    allow(BREAK_GLASS_SCOPES, { grants: { $elemMatch: { userId: viewer.userId, agencyId, revoked: false, expiresAt: { $gt: at } } } });
  }
  return createMongoAbility<CaseAbility>(rules as never);
}

/** The scopes of one case that the ability discloses (SUMMARY first when the case is visible at all). */
export function scopesOf(ability: CaseAbility, facts: CaseFacts): DataScope[] {
  const subject = tag('Case', { ...facts });
  if (!ability.can('read', subject, DataScope.SUMMARY)) return [];
  return LEAD_SCOPES.filter((scope) => ability.can('read', subject, scope));
}

export function canSee(ability: CaseAbility, facts: CaseFacts): boolean {
  return ability.can('read', tag('Case', { ...facts }), DataScope.SUMMARY);
}
