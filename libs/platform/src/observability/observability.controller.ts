import { Controller, Get, Header, ServiceUnavailableException } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { OpenEndpoint } from '../context/access-metadata';
import { RedisService } from '../queue/redis.service';
import { MetricsService } from './metrics.service';

/** Liveness, readiness (PostgreSQL and Redis) and Prometheus metrics; no personal data in any of them. */
@Controller()
@OpenEndpoint('probes and metrics scraping; they carry no personal data')
export class ObservabilityController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisService,
    private readonly metrics: MetricsService,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      () => this.database.pingCheck('postgres', { timeout: 2_000 }),
      async () => {
        const indicator = this.indicators.check('redis');
        try {
          const ok = await Promise.race([
            this.redis.ping(),
            new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000)),
          ]);
          return ok ? indicator.up() : indicator.down({ message: 'no answer' });
        } catch {
          return indicator.down({ message: 'unreachable' });
        }
      },
    ]);
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  async scrape(): Promise<string> {
    try {
      return await this.metrics.registry.metrics();
    } catch {
      throw new ServiceUnavailableException('metrics unavailable');
    }
  }
}
