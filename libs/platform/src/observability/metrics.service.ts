import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { OutboxRepository } from '../queue/outbox.repository';
import { QueueName } from '../queue/queues';

/** Prometheus metrics of one API process: operations, queue depths, the outbox backlog. */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly operationDuration: Histogram<'operation' | 'type' | 'outcome'>;
  readonly operations: Counter<'operation' | 'type' | 'outcome'>;

  constructor(
    @InjectQueue(QueueName.EVENTS) events: Queue,
    @InjectQueue(QueueName.SYSTEM) system: Queue,
    dataSource: DataSource,
    outbox: OutboxRepository,
  ) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tandem_' });
    this.operationDuration = new Histogram({
      name: 'tandem_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency by root field ("multiple" for several, "other" when the operation did not validate)',
      labelNames: ['operation', 'type', 'outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.operations = new Counter({
      name: 'tandem_graphql_operations_total',
      help: 'GraphQL operations by root field, type and outcome',
      labelNames: ['operation', 'type', 'outcome'],
      registers: [this.registry],
    });
    const queues = [events, system];
    new Gauge({
      name: 'tandem_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          try {
            const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
            for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
          } catch {
            // Redis down: the depth is unknown; /health/ready reports it.
          }
        }
      },
    });
    new Gauge({
      name: 'tandem_outbox_pending',
      help: 'Outbox rows not yet relayed to the queues',
      registers: [this.registry],
      async collect() {
        try {
          this.set(await outbox.unsentCount(dataSource.manager));
        } catch {
          // Database down: /health/ready reports it.
        }
      },
    });
  }
}
