import { Injectable } from '@nestjs/common';
import { BlindIndex, PiiCipher } from '@tandem/crypto';
import { BadInputError, OutboxService, Transactions, Tx } from '@tandem/platform';
import { CaseTopic } from './case-topics';
import { ChildRepository, SealedChild, SealedChildValues } from './child.repository';
import { ChildIdentity, ChildLocation, RiskLevel } from './cases.types';

export interface ChildInputData {
  legalName: string;
  aliases?: string[] | null;
  dateOfBirth: string;
  sex?: string | null;
  identifyingMarks?: string | null;
  placement?: { kind?: string | null; address?: string | null; phone?: string | null } | null;
  guardianContacts?: { name: string; relationship?: string | null; phone?: string | null }[] | null;
}

export interface UpdateCaseData {
  riskLevel?: RiskLevel | null;
  legalName?: string | null;
  aliases?: string[] | null;
  dateOfBirth?: string | null;
  sex?: string | null;
  identifyingMarks?: string | null;
  placement?: ChildInputData['placement'];
  guardianContacts?: ChildInputData['guardianContacts'];
}

export interface OpenChild {
  identity: ChildIdentity;
  location: ChildLocation | null;
}

const identityContext = (caseId: string) => `child:${caseId}:identity`;
const locationContext = (caseId: string) => `child:${caseId}:location`;

/**
 * The child's sealed record: identity and location encrypted apart, each bound to its case, and
 * the blind-index tokens of every name the child is known by, which locate finds it with.
 */
@Injectable()
export class ChildRecords {
  constructor(
    private readonly transactions: Transactions,
    private readonly children: ChildRepository,
    private readonly cipher: PiiCipher,
    private readonly blindIndex: BlindIndex,
    private readonly outbox: OutboxService,
  ) {}

  /** Seals and stores the child of a new case, with its lookup tokens. */
  async insert(tx: Tx, caseId: string, child: ChildInputData): Promise<void> {
    const identity: ChildIdentity = {
      legalName: child.legalName.trim(),
      aliases: (child.aliases ?? []).map((alias) => alias.trim()).filter(Boolean),
      dateOfBirth: child.dateOfBirth,
      sex: child.sex ?? null,
      identifyingMarks: child.identifyingMarks ?? null,
    };
    const location: ChildLocation = { placement: this.placement(child.placement ?? null), guardianContacts: this.contacts(child.guardianContacts ?? null) };
    const sealed = this.seal(caseId, identity, location);
    const tokens = this.lookupTokens(identity, 'input.child');
    await this.children.insert(tx, caseId, sealed);
    await this.children.replaceLookup(tx, caseId, tokens);
    await this.changed(tx, caseId);
  }

  /** Applies the child's fields of an update (the others stay), sealed again, with fresh lookup tokens. */
  async update(tx: Tx, caseId: string, input: UpdateCaseData): Promise<void> {
    const [sealed] = await this.children.sealed(tx, [caseId]);
    const { identity, location } = this.decrypt(sealed!);
    const nextIdentity: ChildIdentity = {
      legalName: input.legalName ?? identity.legalName,
      aliases: input.aliases ? input.aliases.map((alias) => alias.trim()).filter(Boolean) : identity.aliases,
      dateOfBirth: input.dateOfBirth ?? identity.dateOfBirth,
      sex: input.sex !== undefined ? input.sex : identity.sex,
      identifyingMarks: input.identifyingMarks !== undefined ? input.identifyingMarks : identity.identifyingMarks,
    };
    const nextLocation: ChildLocation = {
      placement: input.placement !== undefined ? this.placement(input.placement) : (location?.placement ?? null),
      guardianContacts: input.guardianContacts !== undefined ? this.contacts(input.guardianContacts) : (location?.guardianContacts ?? []),
    };
    await this.children.update(tx, caseId, this.seal(caseId, nextIdentity, nextLocation));
    await this.children.replaceLookup(tx, caseId, this.lookupTokens(nextIdentity, 'input'));
    await this.changed(tx, caseId);
  }

  /** Tells the worker, with the case's id only, that the child changed (key rotation changes nothing and says nothing). */
  private async changed(tx: Tx, caseId: string): Promise<void> {
    await this.outbox.publish(tx, { topic: CaseTopic.CHILD_CHANGED, payload: { caseId } });
  }

  /** The children of the cases, opened, by case id (a case without one is left out). */
  async read(tx: Tx, caseIds: readonly string[]): Promise<Map<string, OpenChild>> {
    const sealed = await this.children.sealed(tx, caseIds);
    return new Map(sealed.map((row) => [row.caseId, this.decrypt(row)]));
  }

  decrypt(sealed: SealedChild): OpenChild {
    return {
      identity: this.cipher.decryptJson<ChildIdentity>(sealed.identitySealed, identityContext(sealed.caseId)),
      location: sealed.locationSealed ? this.cipher.decryptJson<ChildLocation>(sealed.locationSealed, locationContext(sealed.caseId)) : null,
    };
  }

  /**
   * Re-encrypts every child not sealed with the current key, or only those sealed with the keys
   * named in `fromKeyIds` (`npm run cli -- keys:rotate [--from id,id]`). A child another
   * transaction holds is waited for, never skipped: the old key may be removed once this returns.
   */
  async rotateKeys(fromKeyIds: string[] | null = null, batchSize = 200): Promise<number> {
    let total = 0;
    const current = this.cipher.currentKeyId;
    for (;;) {
      const done = await this.transactions.run(async (tx) => {
        const batch = await this.children.lockUnrotated(tx, current, fromKeyIds, batchSize);
        for (const row of batch) {
          const { identity, location } = this.decrypt(row);
          await this.children.update(tx, row.caseId, this.seal(row.caseId, identity, location));
        }
        return batch.length;
      });
      total += done;
      // A batch shorter than asked for may only mean that rows changed while it waited for them: done when none is left.
      if (done === 0) return total;
    }
  }

  private placement(value: ChildInputData['placement']): ChildLocation['placement'] {
    return value ? { kind: value.kind ?? null, address: value.address ?? null, phone: value.phone ?? null } : null;
  }

  private contacts(value: ChildInputData['guardianContacts']): ChildLocation['guardianContacts'] {
    return (value ?? []).map((contact) => ({ name: contact.name, relationship: contact.relationship ?? null, phone: contact.phone ?? null }));
  }

  private seal(caseId: string, identity: ChildIdentity, location: ChildLocation | null): SealedChildValues {
    const sealedIdentity = this.cipher.encryptJson(identity, identityContext(caseId));
    return {
      identity: sealedIdentity,
      location: location ? this.cipher.encryptJson(location, locationContext(caseId)) : null,
      keyId: this.cipher.keyIdOf(sealedIdentity),
    };
  }

  private lookupTokens(identity: ChildIdentity, path: string): Buffer[] {
    return [identity.legalName, ...identity.aliases].map((name, index) => {
      try {
        return this.blindIndex.token(name, identity.dateOfBirth);
      } catch {
        throw BadInputError.field(index === 0 ? `${path}.legalName` : `${path}.aliases`, 'needs letters or digits, with a real date of birth');
      }
    });
  }
}
