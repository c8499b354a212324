// Crypto: application-level encryption of personal data (AES-256-GCM under a rotating keyring,
// bound to its row by context) and keyed blind indexes for looking children up by name and birth date.
export * from './pii-cipher';
export * from './blind-index';
export * from './crypto.module';
export * from './sealed-text';
