import { SealedTextTable } from '@tandem/crypto';

export const SsoAuditAction = {
  /** A system administrator set an agency's identity provider (the secret is never on the trail). */
  SSO_CONFIGURE: 'SSO_CONFIGURE',
  /** The agency's provider vouched for a person and they were matched to their Tandem account. */
  SSO_SIGN_IN: 'SSO_SIGN_IN',
  /** A sign-in through a provider was refused: the reason says which check failed. */
  SSO_SIGN_IN_REFUSED: 'SSO_SIGN_IN_REFUSED',
} as const;

/** The client secret seals to its agency: a sealed value copied to another agency's row does not open. */
export const ssoSecretContext = (agencyId: string) => `agency-sso:${agencyId}:client-secret`;
/** Sealed with the case data's keyring: `keys:rotate` re-seals them too. */
export const SSO_SEALED_TEXT: SealedTextTable = { table: 'agency_sso', key: 'agency_id', columns: { client_secret_sealed: ssoSecretContext } };

/**
 * The `amr` values (RFC 8176) that say a second factor was used, accepted unless the agency lists
 * its own: `mfa` (multiple factors), `otp` (one-time code), `hwk` (hardware-bound key).
 */
export const DEFAULT_ACCEPTED_AMR: readonly string[] = ['mfa', 'otp', 'hwk'];

/** How long a started sign-in waits for the provider's answer, and a handed-over sign-in code for its exchange. */
export const FLOW_TTL_SECONDS = 600;
export const HANDOVER_TTL_SECONDS = 60;

/** An agency's identity provider, without its secret. */
export interface AgencySsoRecord {
  agencyId: string;
  issuer: string;
  clientId: string;
  trustProviderMfa: boolean;
  acceptedAmr: string[];
  acceptedAcr: string[];
  enabled: boolean;
  updatedAt: Date;
}

export interface AgencySsoWithSecret extends AgencySsoRecord {
  clientSecretSealed: string;
}

/** What the provider said of how the person signed in, and what Tandem makes of it. */
export interface ProviderMfa {
  amr: string[];
  acr: string | null;
  /** The provider asserted a second factor the agency accepts (an accepted `amr` value or `acr`). */
  asserted: boolean;
  /** Asserted, and the agency trusts its provider's second factor: it satisfies Tandem's MFA rule. */
  satisfied: boolean;
}

/**
 * Whether the provider's `amr`/`acr` claims assert a second factor the agency accepts, and whether
 * that satisfies the MFA rule (only when the agency trusts its provider's MFA).
 */
export function providerMfa(settings: Pick<AgencySsoRecord, 'trustProviderMfa' | 'acceptedAmr' | 'acceptedAcr'>, claims: { amr?: unknown; acr?: unknown }): ProviderMfa {
  const amr = Array.isArray(claims.amr) ? claims.amr.filter((value): value is string => typeof value === 'string') : [];
  const acr = typeof claims.acr === 'string' ? claims.acr : null;
  const acceptedAmr = settings.acceptedAmr.length > 0 ? settings.acceptedAmr : DEFAULT_ACCEPTED_AMR;
  const asserted = amr.some((value) => acceptedAmr.includes(value)) || (acr !== null && settings.acceptedAcr.includes(acr));
  return { amr, acr, asserted, satisfied: asserted && settings.trustProviderMfa };
}
