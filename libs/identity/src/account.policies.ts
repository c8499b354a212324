import { definePolicy } from '@tandem/authz';

/*
 * A user's own account. Neither operation names an account: each acts on the signed-in user's
 * own, so being signed in is the whole rule ("for themselves").
 */

/** Who am I: the signed-in user's own account. */
const read = definePolicy({
  name: 'account.read',
  row: null,
  audit: 'ACCOUNT_READ',
  who: 'signed-in',
});

/** Replacing one's own password (the current one is checked by the service, against the sign-in lockout). */
const changePassword = definePolicy({
  name: 'account.changePassword',
  row: 'change your own password or sign out',
  audit: 'PASSWORD_CHANGE',
  who: 'signed-in',
});

/** What a user may do with their own account. */
export const AccountPolicy = { read, changePassword } as const;
