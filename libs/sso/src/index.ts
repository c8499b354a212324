// Agency single sign-on: an agency's people sign in through its own OpenID Connect provider
// (authorization code with PKCE), matched to their existing Tandem accounts.
export * from './openid';
export * from './sso-matching';
export * from './sso.module';
export * from './sso.policies';
export * from './sso.types';
