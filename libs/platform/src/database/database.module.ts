import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { Transactions } from './transactions';

@Global()
@Module({})
export class DatabaseModule {
  static forRoot(applicationName: string) {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => dataSourceOptions(config, applicationName),
        }),
      ],
      providers: [Transactions],
      exports: [Transactions],
    };
  }
}
