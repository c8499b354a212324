import { Injectable } from '@nestjs/common';
import { Role } from '@tandem/authz';
import { UserRepository } from '@tandem/identity';
import { Tx } from '@tandem/platform';
import { NotificationRepository } from './notification.repository';

/** Finds the people an alert goes to. Only active users of active agencies are ever chosen. */
@Injectable()
export class Recipients {
  constructor(
    private readonly users: UserRepository,
    private readonly notifications: NotificationRepository,
  ) {}

  /** The case's PRIMARY assignee, if any. */
  async primaryOf(tx: Tx, caseId: string): Promise<string[]> {
    return this.notifications.activePrimaryOf(tx, caseId);
  }

  /** Active users of an agency holding one of the roles. */
  async ofAgency(tx: Tx, agencyId: string, roles: string[]): Promise<string[]> {
    return this.users.activeIdsOfAgency(tx, agencyId, roles);
  }

  /** Users of an agency assigned to the case. */
  async assignedFrom(tx: Tx, caseId: string, agencyId: string): Promise<string[]> {
    return this.notifications.activeAssignedFrom(tx, caseId, agencyId);
  }

  /** The user, when still active. */
  async user(tx: Tx, userId: string | undefined | null): Promise<string[]> {
    if (!userId) return [];
    return this.users.activeId(tx, userId);
  }

  /**
   * Active users of an agency already told under one of the ledger keys (a request announced), so
   * that what follows it (a withdrawal) reaches the same people and nobody who never heard of it.
   */
  async toldOf(tx: Tx, ledgerKeys: string[], agencyId: string): Promise<string[]> {
    return this.notifications.activeUsersToldOf(tx, ledgerKeys, agencyId);
  }

  async auditors(tx: Tx): Promise<string[]> {
    return this.users.activeIdsWithRole(tx, Role.AUDITOR);
  }
}
