import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { AuthPayload, CredentialThrottle, Tokens } from '@tandem/auth';
import { Allow, CurrentViewer, Viewer } from '@tandem/authz';
import { BadInputError, ParseIdPipe } from '@tandem/platform';
import { SsoHandoverService } from '../sso-handover.service';
import { SsoSettingsService } from '../sso-settings.service';
import { SsoPolicy } from '../sso.policies';
import { ConfigureAgencySingleSignOnInput } from './sso.input';
import { AgencySingleSignOn } from './sso.model';

const payload = (tokens: Tokens): AuthPayload => ({ ...tokens, passwordChangeRequired: tokens.user.passwordChangeRequired });

/** Agency single sign-on: its settings for system administrators, and the exchange that ends a sign-in. */
@Resolver()
export class SsoResolver {
  constructor(
    private readonly settings: SsoSettingsService,
    private readonly handover: SsoHandoverService,
  ) {}

  @Mutation(() => AgencySingleSignOn, { description: "Sets the agency's OpenID Connect provider; enabling it checks that the issuer answers its discovery document" })
  @Allow(SsoPolicy.configure)
  configureAgencySingleSignOn(@CurrentViewer() viewer: Viewer, @Args('input') input: ConfigureAgencySingleSignOnInput): Promise<AgencySingleSignOn> {
    return this.settings.configure(viewer, input);
  }

  @Query(() => AgencySingleSignOn, { nullable: true, description: "The agency's identity provider settings (without the secret), or null when none is set" })
  @Allow(SsoPolicy.read)
  agencySingleSignOn(
    @CurrentViewer() viewer: Viewer,
    @Args('agencyId', { type: () => ID }, new ParseIdPipe('agencyId')) agencyId: string,
  ): Promise<AgencySingleSignOn | null> {
    return this.settings.read(viewer, agencyId);
  }

  @Mutation(() => AuthPayload, { description: "Exchanges the one-time signInCode a sign-in through the agency's provider returned with, once, within a minute" })
  // Public: the one-time code is the credential.
  @Allow(SsoPolicy.signIn)
  @CredentialThrottle()
  async exchangeSignInCode(@Args('code') code: string): Promise<AuthPayload> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(code)) throw BadInputError.field('code', 'must be the signInCode a sign-in returned with');
    return payload(await this.handover.exchange(code));
  }
}
