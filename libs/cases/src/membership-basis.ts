import { CONSENTED_SCOPES, DataScope } from '@tandem/authz';

/** The scopes a membership holds, and of them those held only while a consent covers them. */
export interface ScopeBasis {
  scopes: string[];
  consentScopes: string[];
}

export const NO_SCOPES: ScopeBasis = { scopes: [], consentScopes: [] };

const consentable = (scope: string) => CONSENTED_SCOPES.includes(scope as DataScope);

/**
 * What a membership holds after a grant of scopes, each scope keeping its own basis
 * (docs/access-policy.md, "Which scopes you hold"):
 * - a grant that needs no consent (toward law enforcement, an emergency referral, a former lead)
 *   holds its scopes on no consent, even those held on consent before: the law or the emergency is
 *   their basis now;
 * - a grant that needs consent adds its new scopes on consent, and leaves a scope already held on no
 *   consent as it is: a consented share never tightens what an emergency share gave;
 * - the scopes the grant does not name keep their basis: an emergency share never loosens what a
 *   consented share gave.
 * Only IDENTITY, LOCATION and SERVICES ever rest on consent.
 */
export function grantScopes(held: ScopeBasis, grant: { scopes: readonly string[]; consentRequired: boolean }): ScopeBasis {
  const scopes = [...new Set([...held.scopes, ...grant.scopes])];
  const onConsent = new Set(held.consentScopes);
  for (const scope of grant.scopes) {
    if (!consentable(scope)) continue;
    if (!grant.consentRequired) onConsent.delete(scope);
    else if (!held.scopes.includes(scope)) onConsent.add(scope);
  }
  return { scopes, consentScopes: scopes.filter((scope) => onConsent.has(scope)) };
}
