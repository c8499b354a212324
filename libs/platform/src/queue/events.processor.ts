import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Job } from 'bullmq';
import { EVENT_HANDLER, EventHandler, EventPayload } from './event-handler';
import { eventTopics } from './event-topics';
import { QueueName } from './queues';

/**
 * Routes each relayed event to its one handler. Refuses to start when a declared topic has no handler or
 * two, or when a handler serves a topic nobody declared, so an event never sits in a queue nobody reads.
 */
@Processor(QueueName.EVENTS, { concurrency: 16 })
@Injectable()
export class EventsProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(EventsProcessor.name);
  private readonly handlers = new Map<string, EventHandler>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
  ) {
    super();
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.metatype || !wrapper.instance) continue;
      const topic = this.reflector.get<string | undefined>(EVENT_HANDLER, wrapper.metatype);
      if (!topic) continue;
      if (this.handlers.has(topic)) throw new Error(`Event topic "${topic}" has two handlers`);
      eventTopics.assertDeclared(topic);
      this.handlers.set(topic, wrapper.instance as EventHandler);
    }
    const missing = eventTopics.topics().filter((topic) => !this.handlers.has(topic));
    if (missing.length > 0) throw new Error(`Event topics without a handler: ${missing.join(', ')}`);
  }

  async process(job: Job<EventPayload>): Promise<void> {
    const handler = this.handlers.get(job.name);
    if (!handler) throw new Error(`No handler for event topic "${job.name}"`);
    await handler.handle(job.data);
    this.logger.debug(`event ${job.name} ${job.id} handled`);
  }
}
