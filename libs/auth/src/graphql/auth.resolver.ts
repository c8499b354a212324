import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { AccountPolicy, User, UserRepository } from '@tandem/identity';
import { AllowedBeforeMfaEnrollment } from '@tandem/mfa';
import { BadInputError, GraphQLContext, NotFoundError, Transactions } from '@tandem/platform';
import { AllowedBeforePasswordChange } from '../auth.guard';
import { AuthService } from '../auth.service';
import { BrowserSessions, cookieOf, EndsBrowserSession, REFRESH_COOKIE } from '../browser-session';
import { PasswordChangeService } from '../password-change.service';
import { SessionPolicy } from '../session.policies';
import { Tokens } from '../session-tokens';
import { SignInService } from '../sign-in.service';
import { TokenRefreshService } from '../token-refresh.service';
import { CredentialThrottle } from '../throttle.guard';
import { AuthPayload } from './auth.model';

function checkLength(path: string, value: string, max: number): void {
  if (value.length === 0 || value.length > max) throw BadInputError.field(path, `must be 1 to ${max} characters`);
}


const payload = (tokens: Tokens): AuthPayload => ({ ...tokens, passwordChangeRequired: tokens.user.passwordChangeRequired });

@Resolver()
export class AuthResolver {
  constructor(
    private readonly auth: AuthService,
    private readonly signIn: SignInService,
    private readonly refreshes: TokenRefreshService,
    private readonly passwordChange: PasswordChangeService,
    private readonly users: UserRepository,
    private readonly transactions: Transactions,
    private readonly browser: BrowserSessions,
  ) {}

  @Mutation(() => AuthPayload, {
    description:
      'Signs in. For an account with a second factor, a right password answers the error MFA_REQUIRED instead, whose extensions carry ' +
      '`challenge` and `challengeExpiresAt`: send the challenge with a code to verifyMfa for the tokens',
  })
  // Public: signing in needs no session.
  @Allow(SessionPolicy.login)
  @CredentialThrottle()
  async login(@Args('email') email: string, @Args('password') password: string): Promise<AuthPayload> {
    checkLength('email', email, 254);
    checkLength('password', password, 200);
    return payload(await this.signIn.login(email, password));
  }

  @Mutation(() => AuthPayload, { description: "The second step of a sign-in: the challenge of login's MFA_REQUIRED and the app's code, or a recovery code" })
  // Public: the challenge and the code are the credential.
  @Allow(SessionPolicy.verifyMfa)
  @CredentialThrottle()
  async verifyMfa(@Args('challenge') challenge: string, @Args('code') code: string): Promise<AuthPayload> {
    checkLength('challenge', challenge, 100);
    checkLength('code', code, 20);
    return payload(await this.signIn.verifyMfa(challenge, code));
  }

  @Mutation(() => AuthPayload, {
    description:
      'New tokens for a refresh token, which is used up. Without `token`, the browser session cookie is used: the request must carry the header Tandem-Session: browser and come from the API or CORS_ORIGINS (its Origin)',
  })
  // Public: the refresh token is the credential.
  @Allow(SessionPolicy.refresh)
  @CredentialThrottle()
  async refreshToken(
    @Context() context: GraphQLContext,
    @Args('token', { type: () => String, nullable: true }) token?: string | null,
  ): Promise<AuthPayload> {
    if (token === undefined || token === null) {
      const cookie = cookieOf(context.req, REFRESH_COOKIE);
      const refusal = cookie ? this.browser.refusalOf(context.req) : 'no token and no refresh cookie';
      if (refusal) return this.refreshes.refuseCookie(cookie, refusal);
      token = cookie!;
    }
    checkLength('token', token, 200);
    return payload(await this.refreshes.refresh(token));
  }

  @Mutation(() => Boolean, {
    description: 'Replaces your password (the current one is required) and ends your other sessions; this one goes on',
  })
  @Allow(AccountPolicy.changePassword)
  @AllowedBeforePasswordChange()
  @AllowedBeforeMfaEnrollment()
  @CredentialThrottle()
  async changePassword(
    @CurrentViewer() viewer: Viewer,
    @Args('currentPassword') currentPassword: string,
    @Args('newPassword') newPassword: string,
  ): Promise<boolean> {
    checkLength('currentPassword', currentPassword, 200);
    await this.passwordChange.changePassword(viewer, currentPassword, newPassword);
    return true;
  }

  @Mutation(() => Boolean, { description: 'Ends this session: its access and refresh tokens stop working at once' })
  @Allow(SessionPolicy.logout)
  @AllowedBeforePasswordChange()
  @EndsBrowserSession()
  @AllowedBeforeMfaEnrollment()
  logout(@CurrentViewer() viewer: Viewer): Promise<boolean> {
    return this.auth.logout(viewer);
  }

  @Query(() => User)
  @Allow(AccountPolicy.read)
  @AllowedBeforePasswordChange()
  @AllowedBeforeMfaEnrollment()
  async me(@CurrentViewer() viewer: Viewer): Promise<User> {
    const user = await this.users.findById(this.transactions.manager, viewer.userId);
    if (!user) throw new NotFoundError('User');
    return user;
  }
}
