import { Global, Module } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { CursorCodec } from './connection';

@Global()
@Module({
  providers: [
    {
      provide: CursorCodec,
      inject: [AppConfig],
      useFactory: (config: AppConfig) =>
        new CursorCodec(createHash('sha256').update(`cursor:${config.values.JWT_SECRET}`).digest('hex')),
    },
  ],
  exports: [CursorCodec],
})
export class CursorModule {}
