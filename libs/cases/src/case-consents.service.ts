import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, SYSTEM } from '@tandem/audit';
import { AgencyType, authorize, DataScope, Viewer } from '@tandem/authz';
import { DeadlineEffect, DeadlineEffectHandler, DeadlineKind, DeadlineRecord, DeadlineService } from '@tandem/deadlines';
import { AgencyRepository } from '@tandem/identity';
import { BadInputError, Clock, ConflictError, Transactions, Tx } from '@tandem/platform';
import { CaseAccess } from './case-access.service';
import { CaseJournal } from './case-journal';
import { CONSENT_RECORD, CONSENT_REVOKE } from './case.policies';
import { authorizeOnCase } from './case-sight';
import { ConsentGrantor, ConsentRecord } from './cases.types';
import { ConsentRepository, WithdrawnScopes } from './consent.repository';

export interface RecordConsentData {
  caseId: string;
  grantedBy: ConsentGrantor;
  scopes: DataScope[];
  agencyIds?: string[] | null;
  agencyTypes?: AgencyType[] | null;
  purpose: string;
  effectiveAt?: Date | null;
  expiresAt?: Date | null;
}

/** Consents (docs/access-policy.md, "Consent"): recorded and revoked by the lead agency; what rested on an ended one is withdrawn at once. */
@Injectable()
export class CaseConsentsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly access: CaseAccess,
    private readonly consents: ConsentRepository,
    private readonly agencies: AgencyRepository,
    private readonly deadlines: DeadlineService,
    private readonly journal: CaseJournal,
    private readonly clock: Clock,
  ) {}

  async recordConsent(viewer: Viewer, input: RecordConsentData): Promise<ConsentRecord> {
    const now = this.clock.now();
    const effectiveAt = input.effectiveAt ?? now;
    if (input.expiresAt && input.expiresAt <= effectiveAt) throw BadInputError.field('input.expiresAt', 'must be after effectiveAt');
    if (input.expiresAt && input.expiresAt <= now) throw BadInputError.field('input.expiresAt', 'must be in the future');
    if (!input.agencyIds?.length && !input.agencyTypes?.length) throw BadInputError.field('input.agencyIds', 'name at least one agency or agency type');
    return this.transactions.run(async (tx) => {
      const facts = { view: await this.access.findToChange(tx, viewer, input.caseId, true) };
      authorizeOnCase(CONSENT_RECORD, viewer, facts, { caseId: input.caseId });
      if (input.agencyIds?.length && (await this.agencies.findByIds(tx, input.agencyIds)).length !== new Set(input.agencyIds).size) {
        throw BadInputError.field('input.agencyIds', 'names an agency that does not exist');
      }
      const consent = await this.consents.insert(tx, {
        caseId: input.caseId,
        grantedBy: input.grantedBy,
        scopes: input.scopes,
        agencyIds: input.agencyIds ?? [],
        agencyTypes: input.agencyTypes ?? [],
        purpose: input.purpose,
        effectiveAt,
        expiresAt: input.expiresAt ?? null,
        recordedBy: viewer.userId,
      });
      if (consent.expiresAt) {
        await this.deadlines.start(tx, {
          kind: DeadlineKind.CONSENT_EXPIRY,
          caseId: input.caseId,
          subjectType: 'Consent',
          subjectId: consent.id,
          agencyId: viewer.agencyId!,
          startedAt: effectiveAt,
          dueAt: consent.expiresAt,
        });
      }
      await this.journal.record(
        tx,
        { caseId: input.caseId, kind: 'CONSENT_RECORDED', scope: DataScope.SUMMARY, actor: viewer, subjectId: consent.id, data: { scopes: input.scopes } },
        { actor: actorOf(viewer), action: 'CONSENT_RECORD', caseId: input.caseId, subjectType: 'Consent', subjectId: consent.id, scopes: input.scopes },
      );
      return consent;
    });
  }

  /** Revokes a consent; every scope that rested on it alone is withdrawn from the memberships it fed, at once. */
  async revokeConsent(viewer: Viewer, consentId: string): Promise<ConsentRecord> {
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const caseId = await this.consents.caseOf(tx, consentId);
      const view = caseId === null ? null : await this.access.findToChange(tx, viewer, caseId, true);
      // A consent that does not exist is refused like a case the viewer does not see, with no case to name.
      authorize(CONSENT_REVOKE, viewer, { found: caseId !== null, view }, { caseId, subjectType: 'Case' });
      const revoked = await this.consents.revoke(tx, consentId, now, viewer.userId);
      if (!revoked) throw new ConflictError('This consent is already revoked', { currentVersion: 0 });
      const withdrawn = await this.withdrawScopesOf(tx, consentId, now);
      await this.deadlines.cancel(tx, [DeadlineKind.CONSENT_EXPIRY], consentId, now);
      await this.journal.record(
        tx,
        { caseId: caseId!, kind: 'CONSENT_REVOKED', scope: DataScope.SUMMARY, actor: viewer, subjectId: consentId, data: { withdrawn: withdrawn.map((w) => ({ agencyId: w.agencyId, scopes: w.scopes })) } },
        { actor: actorOf(viewer), action: 'CONSENT_REVOKE', caseId: caseId!, subjectType: 'Consent', subjectId: consentId, scopes: revoked.scopes },
        ...withdrawn.map((w) => ({
          actor: actorOf(viewer),
          action: AuditAction.SCOPE_WITHDRAWN,
          caseId: caseId!,
          subjectType: 'Membership',
          subjectId: w.membershipId,
          scopes: w.scopes,
          details: { agencyId: w.agencyId, consentId },
        })),
      );
      return revoked;
    });
  }

  /**
   * Withdraws, from the consent-based memberships that an ended consent fed, each scope it
   * covered that no other active consent still covers. Used on revocation and on expiry.
   */
  async withdrawScopesOf(tx: Tx, consentId: string, now: Date): Promise<WithdrawnScopes[]> {
    const affected = (await this.consents.scopesRestingOn(tx, consentId, now)).filter((row) => row.scopes.length > 0);
    for (const row of affected) await this.consents.withdrawScopes(tx, row.membershipId, row.scopes);
    return affected;
  }
}

/** docs/access-policy.md, worked example 6: when a consent ends, every scope that rested on it alone is withdrawn. */
@DeadlineEffect(DeadlineKind.CONSENT_EXPIRY)
@Injectable()
export class ConsentExpiry implements DeadlineEffectHandler {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly service: CaseConsentsService,
    private readonly journal: CaseJournal,
  ) {}

  async onDue(tx: Tx, deadline: DeadlineRecord, now: Date): Promise<void> {
    const consent = await this.consents.find(tx, deadline.subjectId);
    if (!consent || consent.revokedAt || !deadline.caseId) return;
    // The consent's own end time, not the (later) moment the job ran, decides what other consents still cover.
    const withdrawn = await this.service.withdrawScopesOf(tx, consent.id, consent.expiresAt && consent.expiresAt < now ? consent.expiresAt : now);
    await this.journal.record(
      tx,
      { caseId: deadline.caseId, kind: 'CONSENT_EXPIRED', scope: DataScope.SUMMARY, actor: null, subjectId: consent.id, data: { withdrawn: withdrawn.map((w) => ({ agencyId: w.agencyId, scopes: w.scopes })) } },
      { actor: SYSTEM, action: 'CONSENT_EXPIRE', caseId: deadline.caseId, subjectType: 'Consent', subjectId: consent.id },
      ...withdrawn.map((w) => ({
        actor: SYSTEM,
        action: AuditAction.SCOPE_WITHDRAWN,
        caseId: deadline.caseId,
        subjectType: 'Membership',
        subjectId: w.membershipId,
        scopes: w.scopes,
        details: { agencyId: w.agencyId, consentId: consent.id },
      })),
    );
  }
}
