import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import IORedis, { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';
import { redisOptions } from './redis';

/** One shared Redis connection for small keyed values (heartbeat, pings, rate counters). */
@Injectable()
export class RedisService implements OnApplicationShutdown {
  readonly client: Redis;
  readonly prefix: string;

  constructor(config: AppConfig) {
    this.client = new IORedis({ ...redisOptions(config.values.REDIS_URL), maxRetriesPerRequest: 2, lazyConnect: true });
    this.client.on('error', () => undefined);
    this.prefix = config.values.QUEUE_PREFIX;
  }

  key(...parts: string[]): string {
    return [this.prefix, ...parts].join(':');
  }

  async ping(): Promise<boolean> {
    if (this.client.status === 'wait') await this.client.connect().catch(() => undefined);
    return (await this.client.ping()) === 'PONG';
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.client.status !== 'end') this.client.disconnect();
  }
}
