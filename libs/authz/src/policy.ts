import { Refusal, RefusalRecord } from '@tandem/platform';
import { Viewer } from './viewer';
import { Role } from './vocabulary';

/**
 * Who may attempt an operation at all, known before anything is loaded: anyone, any signed-in
 * active user, or the holders of some roles. The guard checks it; the policy's rule decides the rest.
 */
export type Who = 'public' | 'signed-in' | readonly Role[];

/** The answer of a policy: allowed, or refused with the reason the audit trail keeps. */
export type Verdict =
  | { readonly allowed: true }
  | {
      readonly allowed: false;
      /** `hide`: answer as if the subject did not exist (NOT_FOUND); `forbid`: FORBIDDEN with a reason code. */
      readonly disclose: 'hide' | 'forbid';
      /** Why, in words without personal data: kept in the audit trail, and shown in a FORBIDDEN message. */
      readonly reason: string;
      /** The FORBIDDEN message shown to the user, when it is not "You may not do this: <reason>". */
      readonly message?: string;
      /** The FORBIDDEN reason code (`policy` unless said otherwise; `consent`, `role`, ...). */
      readonly code?: string;
    };

export const ALLOW: Verdict = { allowed: true };

/** A verdict that refuses. */
export type Refused = Extract<Verdict, { allowed: false }>;

/** Refused without disclosing that the subject exists. */
export const hide = (reason: string): Refused => ({ allowed: false, disclose: 'hide', reason });

/** Refused with FORBIDDEN: the subject is visible to the viewer, the act is not theirs. */
export const forbid = (reason: string, options: { message?: string; code?: string } = {}): Refused => ({ allowed: false, disclose: 'forbid', reason, ...options });

/** The first refusal of several checks, or ALLOW when every one allows. */
export function firstRefusal(...verdicts: Verdict[]): Verdict {
  return verdicts.find((verdict) => !verdict.allowed) ?? ALLOW;
}

export interface PolicySpec<Facts> {
  /** `<subject>.<action>`: `case.update`, `referral.accept`, `user.create`. */
  name: string;
  /** The row of the access policy's "who may do what" table that this policy is (docs/access-policy.md), or `null` for an operation the table does not name. */
  row: string | null;
  /** The act as the audit trail names it when refused (`attempted`). */
  audit: string;
  who: Who;
  /** What a hidden refusal says is not found (`Case`, `Referral`); `Record` when not given. */
  hides?: string;
  /** The decision on the loaded facts; absent when `who` is the whole rule. */
  rule?: (viewer: Viewer, facts: Facts) => Verdict;
}

/** An action on a subject, declared once, evaluated by one function from the viewer and the loaded facts. */
export interface Policy<Facts = void> extends Readonly<PolicySpec<Facts>> {
  readonly subject: string;
  readonly action: string;
}

const registry = new Map<string, Policy<never>>();

/**
 * Declares a policy. Each domain declares its own next to its service; the names are unique, and
 * {@link declaredPolicies} lists every one for the tests that hold them to the access policy.
 */
export function definePolicy<Facts = void>(spec: PolicySpec<Facts>): Policy<Facts> {
  const [subject, action, ...rest] = spec.name.split('.');
  if (!subject || !action || rest.length) throw new Error(`a policy is named <subject>.<action>, not "${spec.name}"`);
  if (registry.has(spec.name)) throw new Error(`the policy ${spec.name} is declared twice`);
  const policy: Policy<Facts> = Object.freeze({ ...spec, subject, action });
  registry.set(spec.name, policy as unknown as Policy<never>);
  return policy;
}

/** Every policy declared so far (a domain's policies are declared when its lib is loaded). */
export function declaredPolicies(): readonly Policy<never>[] {
  return [...registry.values()];
}

/** Whether the viewer's role lets them attempt the policy's act at all (the guard's part). */
export function admits(who: Who, viewer: Viewer | null): boolean {
  if (who === 'public') return true;
  if (!viewer) return false;
  return who === 'signed-in' || who.includes(viewer.role);
}

/** The verdict of a policy for a viewer on the loaded facts: its `who`, then its rule. */
export function decide<Facts>(policy: Policy<Facts>, viewer: Viewer | null, facts: Facts): Verdict {
  if (!admits(policy.who, viewer)) return forbid(`role ${viewer?.role ?? 'anonymous'} may not ${policy.action} ${policy.subject}`, { code: 'role', message: 'Your role may not do this' });
  if (!policy.rule) return ALLOW;
  if (!viewer) throw new Error(`the policy ${policy.name} has a rule and needs a signed-in viewer`);
  return policy.rule(viewer, facts);
}

/** What a refusal is about, for its audit event: the case (where there is one) and the subject. */
export type RefusalSubject = Omit<RefusalRecord, 'attempted' | 'reason'>;

/** The typed error of a refused verdict, carrying what its audit event records. */
export function refusalOf(policy: Policy<never> | Policy<unknown>, verdict: Refused, subject: RefusalSubject = {}): Refusal {
  const record: RefusalRecord = { attempted: policy.audit, reason: verdict.reason, ...subject };
  if (verdict.disclose === 'hide') return Refusal.hidden(policy.hides ?? 'Record', record);
  return Refusal.forbidden(verdict.message ?? `You may not do this: ${verdict.reason}`, verdict.code ?? 'policy', record);
}

/**
 * Checks a policy where the facts are loaded, and throws its refusal when it says no. The one
 * place that records refusals (the API's refusal interceptor, {@link Refusal}) audits it.
 */
export function authorize<Facts>(policy: Policy<Facts>, viewer: Viewer | null, facts: Facts, subject: RefusalSubject = {}): void {
  const verdict = decide(policy, viewer, facts);
  if (!verdict.allowed) throw refusalOf(policy as Policy<unknown>, verdict, subject);
}
