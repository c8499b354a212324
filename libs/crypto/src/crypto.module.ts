import { Global, Module } from '@nestjs/common';
import { BlindIndex } from './blind-index';
import { PiiCipher } from './pii-cipher';

/** PII encryption and blind indexing for every module; needs AppConfig provided globally (ConfigModule). */
@Global()
@Module({ providers: [PiiCipher, BlindIndex], exports: [PiiCipher, BlindIndex] })
export class CryptoModule {}
