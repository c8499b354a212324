import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppConfig, runOrExitOnConfigError } from '@tandem/platform';
import { Logger } from 'nestjs-pino';
import { WorkerModule } from './worker.module';

void runOrExitOnConfigError(async () => {
  const config = AppConfig.fromEnv();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  // On SIGTERM the workers stop taking jobs and wait for active ones to finish.
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Tandem worker started', 'Bootstrap');
});
