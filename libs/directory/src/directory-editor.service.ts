import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, refusalOf, Viewer } from '@tandem/authz';
import { BadInputError, Clock, ConflictError, isUniqueViolation, pgErrorCode, Transactions } from '@tandem/platform';
import { checkDirectoryId } from './directory-reader.service';
import { DIRECTORY_ORGANIZATION_LINK, DIRECTORY_SERVICE_UPDATE, DIRECTORY_SITE_UPDATE } from './directory.policies';
import { LocationRecord, OrganizationRecord, ServiceRecord } from './directory.records';
import { DirectoryRepository, SERVICE_EDITABLE, ServicePatch } from './directory.repository';

/** How the audit trail names the directory's edits. */
export const DirectoryAudit = {
  SERVICE_UPDATE: 'DIRECTORY_SERVICE_UPDATE',
  SITE_UPDATE: 'DIRECTORY_SITE_UPDATE',
  ORGANIZATION_LINK: 'DIRECTORY_ORGANIZATION_LINK',
} as const;

/** Fields of a service that cannot be cleared. */
const REQUIRED = new Set(['status', 'acceptingReferrals', 'public', 'minorsOnly', 'traffickingSurvivors', 'populationSex']);

/** What a foreign key violation means: the agency named does not exist. */
const FOREIGN_KEY_VIOLATION = '23503';

/** Editing directory entries: its editors change their own agency's services and sites; system administrators link organizations to agencies. */
@Injectable()
export class DirectoryEditor {
  constructor(
    private readonly transactions: Transactions,
    private readonly repository: DirectoryRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async updateService(viewer: Viewer, id: string, input: ServicePatch): Promise<ServiceRecord> {
    checkDirectoryId('id', id);
    const patch = Object.fromEntries(Object.entries(input).filter(([field, value]) => field in SERVICE_EDITABLE && value !== undefined)) as ServicePatch;
    const fields = Object.keys(patch);
    if (!fields.length) throw BadInputError.field('input', 'must change at least one field');
    const problems = fields.filter((field) => REQUIRED.has(field) && patch[field as keyof ServicePatch] === null).map((field) => ({ path: `input.${field}`, message: 'cannot be cleared' }));
    if (problems.length) throw new BadInputError(problems);
    const refusal = { subjectType: 'DirectoryService', subjectId: id };
    return this.transactions.run(async (tx) => {
      const current = await this.repository.serviceForEdit(tx, id);
      authorize(DIRECTORY_SERVICE_UPDATE, viewer, current ?? null, refusal);
      const min = 'minimumAge' in patch ? (patch.minimumAge as number | null) : current!.minimumAge;
      const max = 'maximumAge' in patch ? (patch.maximumAge as number | null) : current!.maximumAge;
      if (min !== null && max !== null && min > max) throw BadInputError.field('maximumAge' in patch ? 'input.maximumAge' : 'input.minimumAge', 'must leave the minimum age at most the maximum age');
      const updated = await this.repository.updateService(tx, id, viewer.agencyId!, patch, this.clock.now());
      // Moved to another organization since it was read: no longer this agency's.
      if (!updated) throw refusalOf(DIRECTORY_SERVICE_UPDATE, { allowed: false, disclose: 'forbid', reason: 'the service belongs to another agency' }, refusal);
      await this.audit.record(tx, { actor: actorOf(viewer), action: DirectoryAudit.SERVICE_UPDATE, subjectType: 'DirectoryService', subjectId: id, details: { fields } });
      return updated;
    });
  }

  async setSiteConfidential(viewer: Viewer, locationId: string, confidential: boolean): Promise<LocationRecord> {
    checkDirectoryId('locationId', locationId);
    const refusal = { subjectType: 'DirectoryLocation', subjectId: locationId };
    return this.transactions.run(async (tx) => {
      const current = await this.repository.locationForEdit(tx, locationId);
      authorize(DIRECTORY_SITE_UPDATE, viewer, current ?? null, refusal);
      const updated = await this.repository.setLocationConfidential(tx, locationId, viewer.agencyId!, confidential);
      if (!updated) throw refusalOf(DIRECTORY_SITE_UPDATE, { allowed: false, disclose: 'forbid', reason: 'the location belongs to another agency' }, refusal);
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: DirectoryAudit.SITE_UPDATE,
        subjectType: 'DirectoryLocation',
        subjectId: locationId,
        details: { confidential },
      });
      return updated;
    });
  }

  /** Says which Tandem agency a directory organization is, or (null) that it is none. */
  async linkAgency(viewer: Viewer, organizationId: string, agencyId: string | null): Promise<OrganizationRecord> {
    checkDirectoryId('organizationId', organizationId);
    authorize(DIRECTORY_ORGANIZATION_LINK, viewer, undefined, { subjectType: 'DirectoryOrganization', subjectId: organizationId });
    try {
      return await this.transactions.run(async (tx) => {
        const current = await this.repository.organizationForEdit(tx, organizationId);
        if (!current) throw BadInputError.field('organizationId', 'does not name a directory organization');
        const updated = (await this.repository.linkAgency(tx, organizationId, agencyId))!;
        await this.audit.record(tx, {
          actor: actorOf(viewer),
          action: DirectoryAudit.ORGANIZATION_LINK,
          subjectType: 'DirectoryOrganization',
          subjectId: organizationId,
          details: { agencyId, previousAgencyId: current.agencyId },
        });
        return updated;
      });
    } catch (error) {
      if (pgErrorCode(error) === FOREIGN_KEY_VIOLATION) throw BadInputError.field('agencyId', 'does not name an agency');
      if (isUniqueViolation(error)) throw new ConflictError('This agency is already linked to another directory organization');
      throw error;
    }
  }
}
