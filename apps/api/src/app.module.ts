import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { AuditModule, AuditService, RefusalFilter } from '@tandem/audit';
import { AuthModule } from '@tandem/auth';
import { CasesModule } from '@tandem/cases';
import { CryptoModule } from '@tandem/crypto';
import { DeadlinesModule } from '@tandem/deadlines';
import { CapacityModule, DirectoryModule } from '@tandem/directory';
import { EducationModule } from '@tandem/education';
import { ScreeningModule } from '@tandem/screening';
import { StatisticsModule } from '@tandem/statistics';
import { MfaModule } from '@tandem/mfa';
import { IdentityModule } from '@tandem/identity';
import { MissingModule } from '@tandem/missing';
import { NotificationsModule } from '@tandem/notifications';
import { OversightModule } from '@tandem/oversight';
import { ReferralsModule } from '@tandem/referrals';
import { SsoModule } from '@tandem/sso';
import { TipsModule } from '@tandem/tips';
import {
  AppConfig,
  ClockModule,
  ConfigModule,
  CursorModule,
  DatabaseModule,
  InputValidationPipe,
  LoggingModule,
  MetricsService,
  ObservabilityModule,
  QueueModule,
} from '@tandem/platform';
import { graphqlOptions } from './graphql.config';
import { StartupService } from './startup.service';

/** The domain modules the API serves. */
export const API_DOMAIN_MODULES = [IdentityModule, AuthModule, CasesModule, ReferralsModule, NotificationsModule, DeadlinesModule, MissingModule, OversightModule, DirectoryModule, CapacityModule, ScreeningModule, SsoModule, TipsModule, EducationModule, StatisticsModule, MfaModule];

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig = AppConfig.fromEnv()) {
    return {
      module: ApiModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        ClockModule,
        DatabaseModule.forRoot('api'),
        QueueModule.forRoot(),
        CursorModule,
        AuditModule,
        CryptoModule,
        ObservabilityModule,
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          imports: [ObservabilityModule],
          inject: [AppConfig, MetricsService, AuditService],
          useFactory: graphqlOptions,
        }),
        ...API_DOMAIN_MODULES,
      ],
      providers: [StartupService, { provide: APP_PIPE, useClass: InputValidationPipe }, { provide: APP_FILTER, useExisting: RefusalFilter }],
    };
  }
}
