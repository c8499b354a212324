import { Secret, TOTP } from 'otpauth';

/** RFC 6238 as authenticator apps read it by default: SHA-1, 6 digits, 30-second steps. */
const PERIOD = 30;
const DIGITS = 6;
/** A code of the step before or after the current one is taken too (a phone's clock drifts, a code is typed late). */
const WINDOW = 1;

function totp(secretBase32: string, label = 'account', issuer = 'Tandem'): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: DIGITS, period: PERIOD, secret: Secret.fromBase32(secretBase32) });
}

/** A new random secret (160 bits, as RFC 4226 recommends), in base32. */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://totp/...` URI an authenticator app reads from a QR code. */
export function totpUri(secretBase32: string, label: string, issuer: string): string {
  return totp(secretBase32, label, issuer).toString();
}

/** The time step `at` falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / PERIOD);
}

/** The time step of the code, when it is the secret's code for a step within one of `at`'s; otherwise null. */
export function totpCodeStep(secretBase32: string, code: string, at: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totp(secretBase32).validate({ token: code, timestamp: at.getTime(), window: WINDOW });
  return delta === null ? null : totpStep(at) + delta;
}

/** The secret's code at `at` (what an authenticator app shows then). */
export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}
