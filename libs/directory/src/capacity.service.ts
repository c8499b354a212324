import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { actorOf, AuditService } from '@tandem/audit';
import { authorize, Viewer } from '@tandem/authz';
import { BadInputError, Clock, ConflictError, OutboxService, Transactions } from '@tandem/platform';
import { recordCapacityChange } from './bed-holds';
import { CAPACITY_UPDATE } from './capacity.policies';
import { CapacityFigure, CapacityRepository } from './capacity.repository';

export interface UpdateCapacityData {
  serviceAtLocationId: string;
  /** The unit counted, by id or name (`bed`). */
  unit: string;
  available: number;
  maximum?: number | null;
  /** The version the user read; a figure changed since is a CONFLICT. Absent: the figure is set whatever it was. */
  expectedVersion?: number | null;
}

const MAX_COUNT = 100_000;

function countProblem(value: number | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value)) return 'must be a whole number';
  if (value < 0) return 'must not be negative';
  if (value > MAX_COUNT) return `must be at most ${MAX_COUNT}`;
  return null;
}

/**
 * A site's live figure as its own staff keep it (docs/design.md, "Bed holds and suggestions"):
 * each change is audited, versioned and appended to the figure's history with who made it.
 */
@Injectable()
export class CapacityService {
  constructor(
    private readonly transactions: Transactions,
    private readonly capacity: CapacityRepository,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly clock: Clock,
  ) {}

  /** The figure as set, with its unit's name. */
  async update(viewer: Viewer, input: UpdateCapacityData): Promise<CapacityFigure & { unit: string }> {
    const problems = [
      { path: 'available', message: countProblem(input.available) },
      { path: 'maximum', message: countProblem(input.maximum) },
    ].filter((problem): problem is { path: string; message: string } => problem.message !== null);
    if (input.available === null || input.available === undefined) problems.unshift({ path: 'available', message: 'is required' });
    if (problems.length) throw new BadInputError(problems);
    const maximum = input.maximum ?? null;
    if (maximum !== null && input.available > maximum) throw BadInputError.field('available', 'must not be more than maximum');
    const now = this.clock.now();
    return this.transactions.run(async (tx) => {
      const site = await this.capacity.findSite(tx, input.serviceAtLocationId);
      if (!site) throw BadInputError.field('serviceAtLocationId', 'does not name a service at a location');
      authorize(CAPACITY_UPDATE, viewer, { site }, { subjectType: 'ServiceAtLocation', subjectId: site.serviceAtLocationId });
      const unit = await this.capacity.findUnit(tx, input.unit);
      if (!unit) throw BadInputError.field('unit', 'does not name a unit of the directory');
      const current = await this.capacity.findCapacity(tx, site.serviceAtLocationId, unit.id, true);
      const expected = input.expectedVersion ?? null;
      if (expected !== null && (current?.version ?? 0) !== expected) {
        throw new ConflictError('The capacity was changed by someone else; reload it and try again', { currentVersion: current?.version ?? 0 });
      }
      const figure = current
        ? await this.capacity.setCapacity(tx, current.id, { available: input.available, maximum, updated: now, updatedBy: viewer.userId, expectedVersion: current.version })
        : await this.capacity.insertCapacity(tx, { id: randomUUID(), serviceId: site.serviceId, serviceAtLocationId: site.serviceAtLocationId, unitId: unit.id, available: input.available, maximum, updated: now, updatedBy: viewer.userId });
      if (!figure) throw new ConflictError('The capacity was changed by someone else; reload it and try again', { currentVersion: current?.version ?? 0 });
      await recordCapacityChange(this.capacity, this.outbox, tx, { figure, reason: 'UPDATE', at: now, by: viewer.userId });
      await this.audit.record(tx, {
        actor: actorOf(viewer),
        action: 'CAPACITY_UPDATE',
        subjectType: 'ServiceAtLocation',
        subjectId: site.serviceAtLocationId,
        details: { capacityId: figure.id, unitId: unit.id, available: figure.available, maximum: figure.maximum, version: figure.version, previous: current ? { available: current.available, maximum: current.maximum } : null },
      });
      return { ...figure, unit: unit.name };
    });
  }
}
