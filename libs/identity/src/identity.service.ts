import { Injectable } from '@nestjs/common';
import { actorOf, AuditAction, AuditService } from '@tandem/audit';
import { AgencyType, Role, Viewer } from '@tandem/authz';
import {
  BadInputError,
  ConflictError,
  ForbiddenError,
  isUniqueViolation,
  NotFoundError,
  Transactions,
  Tx,
} from '@tandem/platform';
import { AccountEffects } from './account-effects';
import { AgencyRepository } from './agency.repository';
import { normalizeAccountEmail } from './account-email';
import { AgencyRecord, JurisdictionRecord, StaffMemberRecord, UserRecord } from './identity.types';
import { JurisdictionRepository } from './jurisdiction.repository';
import { PasswordHasher } from './password.hasher';
import { UserRepository } from './user.repository';

/** Which roles an administrator may create or manage (POLICY.md, "manage users"). */
export function manageableRoles(viewer: Viewer): Role[] {
  if (viewer.role === Role.SYSTEM_ADMIN) return [Role.AGENCY_ADMIN, Role.AUDITOR];
  if (viewer.role === Role.AGENCY_ADMIN) return [Role.STAFF, Role.SUPERVISOR];
  return [];
}

/** May `viewer` manage the account `target` (create, disable, enable)? */
export function mayManage(viewer: Viewer, target: { id?: string; role: Role; agencyId: string | null }): boolean {
  if (target.id !== undefined && target.id === viewer.userId) return false;
  if (!manageableRoles(viewer).includes(target.role)) return false;
  if (viewer.role === Role.AGENCY_ADMIN) return target.agencyId !== null && target.agencyId === viewer.agencyId;
  return true;
}

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
    const target = { role: input.role, agencyId };
    if (!mayManage(viewer, target)) {
      const reason =
        viewer.role === Role.AGENCY_ADMIN && agencyId !== viewer.agencyId
          ? 'agency administrators manage only their own agency'
          : `role ${viewer.role} may not create a ${input.role}`;
      await this.deny(viewer, AuditAction.USER_CREATE, reason, { role: input.role, agencyId });
      throw new ForbiddenError(`You may not create this user: ${reason}`, 'policy');
    }
    if (agencyId === null && input.role !== Role.AUDITOR) {
      throw BadInputError.field('input.agencyId', `is required for role ${input.role}`);
    }
    const passwordHash = await this.passwords.hash(input.password);
    return this.transactions.run(async (tx) => {
      if (agencyId !== null && !(await this.agencies.findById(tx, agencyId))) {
        throw BadInputError.field('input.agencyId', 'does not name an agency');
      }
      try {
        // The administrator chose the password: it is temporary (POLICY.md, "manage users").
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
    const action = active ? AuditAction.USER_ENABLE : AuditAction.USER_DISABLE;
    const outcome = await this.transactions.run(async (tx) => {
      const target = await this.users.findById(tx, userId);
      if (!target || (viewer.role === Role.AGENCY_ADMIN && target.agencyId !== viewer.agencyId)) {
        return { denied: 'not found' as const };
      }
      if (!mayManage(viewer, target)) return { denied: 'policy' as const, target };
      const updated = await this.users.setActive(tx, userId, active);
      if (!updated) return { denied: 'not found' as const };
      if (!active) {
        await this.accounts.disabled(tx, userId);
      }
      await this.audit.record(tx, { actor: actorOf(viewer), action, subjectType: 'User', subjectId: userId });
      return { updated };
    });
    if (outcome.updated) return outcome.updated;
    await this.deny(viewer, action, outcome.denied === 'policy' ? 'outside the administrator\'s purview' : 'no such user in purview', {
      userId,
    });
    if (outcome.denied === 'policy') throw new ForbiddenError('You may not change this account', 'policy');
    throw new NotFoundError('User');
  }

  async listUsers(
    viewer: Viewer,
    agencyId: string | null,
    after: [string, string] | null,
    limit: number,
  ): Promise<UserRecord[]> {
    let scope = agencyId;
    if (viewer.role === Role.AGENCY_ADMIN) {
      if (agencyId !== null && agencyId !== viewer.agencyId) {
        await this.deny(viewer, AuditAction.USER_LIST, 'agency administrators see only their own agency', { agencyId });
        throw new ForbiddenError('You may list only the users of your own agency', 'policy');
      }
      scope = viewer.agencyId;
    }
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

  /** A supervisor's list of their own agency's active staff (POLICY.md, "list an agency's users"). */
  async listStaff(viewer: Viewer, after: [string, string] | null, limit: number): Promise<StaffMemberRecord[]> {
    const agencyId = viewer.agencyId;
    if (viewer.role !== Role.SUPERVISOR || agencyId === null) {
      await this.deny(viewer, AuditAction.USER_LIST, 'only supervisors list their agency staff', {});
      throw new ForbiddenError('Only supervisors list their agency staff', 'role');
    }
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

  private async deny(viewer: Viewer, action: string, reason: string, details: Record<string, unknown>): Promise<void> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        actor: actorOf(viewer),
        action: AuditAction.ACCESS_DENIED,
        outcome: 'DENIED',
        reason,
        details: { attempted: action, ...details },
      }),
    );
  }
}
