import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { AgencyType, authorize, refusalOf, Role, Viewer } from '@tandem/authz';
import { BadInputError, ConflictError, isUniqueViolation, Transactions, Tx } from '@tandem/platform';
import { AccountEffects } from './account-effects';
import { AgencyRepository } from './agency.repository';
import { normalizeAccountEmail } from './account-email';
import { AgencyRecord, JurisdictionRecord, StaffMemberRecord, UserRecord } from './identity.types';
import { JurisdictionRepository } from './jurisdiction.repository';
import { PasswordHasher } from './password.hasher';
import { NO_SUCH_USER, UserPolicy } from './user.policies';
import { UserRepository } from './user.repository';

/** Jurisdictions, agencies and user accounts: the administrators' side of identity. */
@Injectable()
export class IdentityService {
  constructor(
    private readonly transactions: Transactions,
    private readonly jurisdictions: JurisdictionRepository,
    private readonly agencies: AgencyRepository,
    private readonly users: UserRepository,
    private readonly passwords: PasswordHasher,
    private readonly audit: AuditService,
    private readonly accounts: AccountEffects,
  ) {}

  async createJurisdiction(viewer: Viewer, input: { name: string; code: string }): Promise<JurisdictionRecord> {
    return this.transactions.run(async (tx) => {
      try {
        const created = await this.jurisdictions.insert(tx, { name: input.name.trim(), code: input.code });
        await this.audit.record(tx, {
          actor: actorOf(viewer),
          action: AuditAction.JURISDICTION_CREATE,
          subjectType: 'Jurisdiction',
          subjectId: created.id,
          details: { code: created.code },
        });
        return created;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(`A jurisdiction with code ${input.code} already exists`);
        throw error;
      }
    });
  }

  async createAgency(
    viewer: Viewer,
    input: { name: string; type: AgencyType; jurisdictionId: string; contactEmail?: string | null; contactPhone?: string | null },
  ): Promise<AgencyRecord> {
    return this.transactions.run(async (tx) => {
      if (!(await this.jurisdictions.findById(tx, input.jurisdictionId))) {
        throw BadInputError.field('input.jurisdictionId', 'does not name a jurisdiction');
      }
      try {
        const created = await this.agencies.insert(tx, { ...input, name: input.name.trim() });
        await this.audit.record(tx, {
          actor: actorOf(viewer),
          action: AuditAction.AGENCY_CREATE,
          subjectType: 'Agency',
          subjectId: created.id,
          details: { type: created.type, jurisdictionId: created.jurisdictionId },
        });
        return created;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('An agency with this name already exists in the jurisdiction');
        throw error;
      }
    });
  }

  async createUser(
    viewer: Viewer,
    input: { email: string; displayName: string; agencyId?: string | null; role: Role; password: string },
  ): Promise<UserRecord> {
    const agencyId = input.agencyId ?? null;
    authorize(UserPolicy.create, viewer, { role: input.role, agencyId }, { details: { role: input.role, agencyId } });
    if (agencyId === null && input.role !== Role.AUDITOR) {
      throw BadInputError.field('input.agencyId', `is required for role ${input.role}`);
    }
    const passwordRule = this.passwords.problem(input.password);
    if (passwordRule) throw BadInputError.field('input.password', passwordRule);
    const passwordHash = await this.passwords.hash(input.password);
    return this.transactions.run(async (tx) => {
      if (agencyId !== null && !(await this.agencies.findById(tx, agencyId))) {
        throw BadInputError.field('input.agencyId', 'does not name an agency');
      }
      try {
        // The administrator chose the password: it is temporary (docs/access-policy.md, "manage user accounts").
        const created = await this.users.insert(tx, {
          email: normalizeAccountEmail(input.email),
          displayName: input.displayName.trim(),
          agencyId,
          role: input.role,
          passwordHash,
          temporary: true,
        });
        await this.audit.record(tx, {
          actor: actorOf(viewer),
          action: AuditAction.USER_CREATE,
          subjectType: 'User',
          subjectId: created.id,
          details: { role: created.role, agencyId: created.agencyId },
        });
        return created;
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError('A user with this email already exists');
        throw error;
      }
    });
  }

  async setUserActive(viewer: Viewer, userId: string, active: boolean): Promise<UserRecord> {
    const policy = active ? UserPolicy.enable : UserPolicy.disable;
    const refusal = { details: { userId } };
    return this.transactions.run(async (tx) => {
      authorize(policy, viewer, await this.users.findById(tx, userId), refusal);
      const updated = await this.users.setActive(tx, userId, active);
      // Gone since it was read: answered as an account that is not there.
      if (!updated) throw refusalOf(policy, NO_SUCH_USER, refusal);
      if (!active) {
        await this.accounts.disabled(tx, userId);
      }
      await this.audit.record(tx, { actor: actorOf(viewer), action: active ? AuditAction.USER_ENABLE : AuditAction.USER_DISABLE, subjectType: 'User', subjectId: userId });
      return updated;
    });
  }

  async listUsers(
    viewer: Viewer,
    agencyId: string | null,
    after: [string, string] | null,
    limit: number,
  ): Promise<UserRecord[]> {
    authorize(UserPolicy.list, viewer, { agencyId }, { details: { agencyId } });
    // An agency administrator's list is their own agency's, whatever it asked for.
    const scope = viewer.role === Role.AGENCY_ADMIN ? viewer.agencyId : agencyId;
    return this.transactions.run(async (tx) => {
      const rows = await this.users.page(tx, { agencyId: scope }, after, limit);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.USER_LIST,
        subjectType: 'Agency',
        subjectId: scope,
        details: { userIds: rows.map((row) => row.id) },
      });
      return rows;
    });
  }

  /** A supervisor's list of their own agency's active staff (docs/access-policy.md, "list an agency's users"). */
  async listStaff(viewer: Viewer, after: [string, string] | null, limit: number): Promise<StaffMemberRecord[]> {
    authorize(UserPolicy.listStaff, viewer, undefined);
    // The policy refuses a supervisor without an agency.
    const agencyId = viewer.agencyId!;
    return this.transactions.run(async (tx) => {
      const rows = await this.users.pageActiveStaff(tx, agencyId, after, limit);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.USER_LIST,
        subjectType: 'Agency',
        subjectId: agencyId,
        details: { view: 'staff', userIds: rows.map((row) => row.id) },
      });
      return rows;
    });
  }

  findAgencies(tx: Tx, filter: { jurisdictionId?: string | null; type?: AgencyType | null }): Promise<AgencyRecord[]> {
    return this.agencies.list(tx, filter);
  }
}
