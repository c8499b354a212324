// Authentication: sign-in with lockout, rotating refresh tokens, sessions, and the global
// guard that makes every operation declare its access.
export * from './auth.errors';
export * from './auth.guard';
export * from './auth.module';
export * from './account-sessions';
export * from './auth.service';
export * from './browser-session';
export * from './mfa-sign-in.service';
export * from './password-change.service';
export * from './second-factor-gate';
export * from './redis-throttler.storage';
export * from './session.policies';
export * from './session-assurance';
export * from './session-tokens';
export * from './graphql/auth.model';
export * from './sign-in.service';
export * from './token-refresh.service';
export * from './throttle.guard';
export * from './token.service';
