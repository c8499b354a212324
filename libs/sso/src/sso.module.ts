import { Module } from '@nestjs/common';
import { AuthModule } from '@tandem/auth';
import { IdentityCoreModule } from '@tandem/identity';
import { SsoResolver } from './graphql/sso.resolver';
import { ProviderClient } from './openid';
import { SsoAccounts } from './sso-accounts';
import { SsoFlows } from './sso-flows';
import { SsoHandoverService } from './sso-handover.service';
import { SsoRefusals } from './sso-refusals';
import { SsoSessions } from './sso-sessions';
import { SsoSettingsService } from './sso-settings.service';
import { SsoSignInService } from './sso-sign-in.service';
import { SsoController } from './sso.controller';
import { SsoRepository } from './sso.repository';

/** Agency single sign-on with OpenID Connect, for the API: settings, the browser's routes, the code exchange. */
@Module({
  imports: [AuthModule, IdentityCoreModule],
  controllers: [SsoController],
  providers: [SsoRepository, ProviderClient, SsoFlows, SsoAccounts, SsoRefusals, SsoSessions, SsoSettingsService, SsoSignInService, SsoHandoverService, SsoResolver],
})
export class SsoModule {}
