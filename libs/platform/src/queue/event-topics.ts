declare const topicBrand: unique symbol;

/**
 * The name of an outbox topic, as the domain that owns it declared it with `defineEventTopics`.
 * The brand keeps a bare string (a typo, a name nobody declared) out of `publish` and `@HandlesEvent`.
 */
export type EventTopicName<Name extends string = string> = Name & { readonly [topicBrand]: true };

/** The topic names of a declaration, keyed as declared: `{ CHANGED: EventTopicName<'referral.changed'> }`. */
export type DeclaredTopics<Names extends Record<string, string>> = { readonly [Key in keyof Names]: EventTopicName<Names[Key]> };

const TOPIC_NAME = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;

/**
 * The topics an outbox row may carry, each declared once by the domain that owns it. The platform
 * knows the mechanism, not the domains: the outbox refuses a topic nobody declared, and the worker's
 * event router refuses to start while a declared topic has no handler.
 */
export class EventTopicRegistry {
  private readonly owners = new Map<string, string>();

  /** Declares an owner's topics; a name already declared (by this owner or another) is refused. */
  declare<const Names extends Record<string, string>>(owner: string, names: Names): DeclaredTopics<Names> {
    for (const name of Object.values(names)) {
      if (!TOPIC_NAME.test(name)) throw new Error(`Event topic "${name}" of ${owner} is not a dotted lower-case name`);
      const previous = this.owners.get(name);
      if (previous !== undefined) throw new Error(`Event topic "${name}" is declared by ${previous} and again by ${owner}`);
    }
    for (const name of Object.values(names)) this.owners.set(name, owner);
    return Object.freeze({ ...names }) as DeclaredTopics<Names>;
  }

  isDeclared(topic: string): boolean {
    return this.owners.has(topic);
  }

  ownerOf(topic: string): string | undefined {
    return this.owners.get(topic);
  }

  /** Every declared topic, in the order declared. */
  topics(): string[] {
    return [...this.owners.keys()];
  }

  /** Throws unless the topic was declared: an event nobody declared has nobody to read it. */
  assertDeclared(topic: string): void {
    if (!this.owners.has(topic)) throw new Error(`Event topic "${topic}" is not declared by any domain`);
  }
}

/** The process's registry: domains declare into it when their lib loads (each `*-topics.ts`). */
export const eventTopics = new EventTopicRegistry();

/**
 * Declares a domain's outbox topics with the platform, in the domain's own lib:
 * `export const ReferralTopic = defineEventTopics('referrals', { CHANGED: 'referral.changed' })`.
 */
export function defineEventTopics<const Names extends Record<string, string>>(owner: string, names: Names): DeclaredTopics<Names> {
  return eventTopics.declare(owner, names);
}
