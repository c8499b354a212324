import { createSecretKey } from 'node:crypto';
import { Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { IdentityCoreModule } from '@tandem/identity';
import { MfaCoreModule } from '@tandem/mfa';
import { AppConfig, RedisService } from '@tandem/platform';
import { RedisThrottlerStorage } from './redis-throttler.storage';
import { AccountSessions } from './account-sessions';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { BrowserSessionInterceptor, BrowserSessions } from './browser-session';
import { SessionResolver } from './graphql/session.resolver';
import { AuthPayloadResolver } from './graphql/auth-payload.resolver';
import { AuthResolver } from './graphql/auth.resolver';
import { SecondFactorGate } from './second-factor-gate';
import { PasswordChangeService } from './password-change.service';
import { SessionRepository } from './session.repository';
import { PasswordAttempts } from './password-attempts';
import { SessionAssurance } from './session-assurance';
import { SessionTokens } from './session-tokens';
import { MfaSignInService } from './mfa-sign-in.service';
import { SignInService } from './sign-in.service';
import { TokenRefreshService } from './token-refresh.service';
import { CREDENTIAL_THROTTLE, GraphQLThrottleGuard, operationThrottleKey, PUBLIC_THROTTLE } from './throttle.guard';
import { TokenService } from './token.service';

/** Sign-in, tokens, and the global guards of the API (authentication first, then rate limits). */
@Module({
  imports: [
    IdentityCoreModule,
    MfaCoreModule,
    // One key object for the process: given the secret as a string, jsonwebtoken would try it as a
    // PEM public key, fail, and build a new secret key on every sign and verify.
    JwtModule.registerAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({ secret: createSecretKey(Buffer.from(config.values.JWT_SECRET, 'utf8')) }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [AppConfig, RedisService],
      useFactory: (config: AppConfig, redis: RedisService) => ({
        storage: new RedisThrottlerStorage(redis),
        generateKey: operationThrottleKey(`rate-limit:${config.values.JWT_SECRET}`),
        throttlers: [
          { name: 'default', ttl: 60_000, limit: config.values.RATE_LIMIT_PER_MINUTE },
          {
            name: 'credentials',
            ttl: 60_000,
            limit: config.values.LOGIN_RATE_LIMIT_PER_MINUTE,
            skipIf: (context) => Reflect.getMetadata(CREDENTIAL_THROTTLE, context.getHandler()) !== true,
          },
          {
            name: 'public',
            ttl: 60_000,
            limit: config.values.PUBLIC_RATE_LIMIT_PER_MINUTE,
            skipIf: (context) => Reflect.getMetadata(PUBLIC_THROTTLE, context.getHandler()) !== true,
          },
        ],
      }),
    }),
  ],
  providers: [
    AuthService,
    SignInService,
    MfaSignInService,
    TokenRefreshService,
    SessionTokens,
    SessionAssurance,
    PasswordAttempts,
    PasswordChangeService,
    AccountSessions,
    TokenService,
    SessionRepository,
    AuthResolver,
    AuthPayloadResolver,
    SecondFactorGate,
    SessionResolver,
    BrowserSessions,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: BrowserSessionInterceptor },
    { provide: APP_GUARD, useClass: GraphQLThrottleGuard },
  ],
  // SessionTokens and SessionAssurance: for the libs that open sessions by other means (agency single sign-on).
  exports: [AuthService, SessionTokens, SessionAssurance, SecondFactorGate, MfaSignInService],
})
export class AuthModule {}
