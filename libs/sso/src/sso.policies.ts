import { definePolicy, Role } from '@tandem/authz';

const CONFIGURE_ROW = "configure an agency's single sign-on";

/** Setting an agency's identity provider (issuer, client, secret, trust in its MFA, on or off): system administrators. */
const configure = definePolicy({
  name: 'agencySso.configure',
  row: CONFIGURE_ROW,
  audit: 'SSO_CONFIGURE',
  who: [Role.SYSTEM_ADMIN],
});

/** Reading an agency's identity provider settings (never its secret): system administrators. */
const read = definePolicy({
  name: 'agencySso.read',
  row: CONFIGURE_ROW,
  audit: 'SSO_READ',
  who: [Role.SYSTEM_ADMIN],
});

/**
 * Signing in through an agency's provider needs no session: the provider's signed answer to a
 * sign-in this server started, then the one-time code it handed over, are the credentials.
 */
const signIn = definePolicy({
  name: 'agencySso.signIn',
  row: null,
  audit: 'SSO_SIGN_IN',
  who: 'public',
});

export const SsoPolicy = { configure, read, signIn } as const;
