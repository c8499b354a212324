import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { AppConfig, runOrExitOnConfigError } from '@tandem/platform';
import { ApiModule } from './app.module';
import { configureHttp } from './http';

void runOrExitOnConfigError(async () => {
  const config = AppConfig.fromEnv();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), { bufferLogs: true });
  configureHttp(app, config);
  await app.listen(config.values.PORT, config.values.HOST);
  app.get(Logger).log(`Tandem API listening on http://localhost:${config.values.PORT}/graphql`, 'Bootstrap');
});
