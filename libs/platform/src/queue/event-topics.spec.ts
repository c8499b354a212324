import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import { Injectable } from '@nestjs/common';
import { EventHandler, HandlesEvent } from './event-handler';
import { defineEventTopics, EventTopicName, EventTopicRegistry, eventTopics } from './event-topics';
import { EventsProcessor } from './events.processor';
import { OutboxRepository } from './outbox.repository';
import { OutboxService } from './outbox.service';
import { SystemTopic } from './queues';
import type { Tx } from '../database/transactions';

describe('EventTopicRegistry', () => {
  it('returns the declared names under their keys and remembers their owner', () => {
    const registry = new EventTopicRegistry();
    const Topic = registry.declare('parcels', { SENT: 'parcel.sent', LOST: 'parcel.lost' });
    expect(Topic).toEqual({ SENT: 'parcel.sent', LOST: 'parcel.lost' });
    expect(registry.topics()).toEqual(['parcel.sent', 'parcel.lost']);
    expect(registry.ownerOf('parcel.lost')).toBe('parcels');
    expect(registry.isDeclared('parcel.sent')).toBe(true);
    expect(Object.isFrozen(Topic)).toBe(true);
  });

  it('refuses a name that another owner (or the same one) already declared, and keeps none of the refused declaration', () => {
    const registry = new EventTopicRegistry();
    registry.declare('parcels', { SENT: 'parcel.sent' });
    expect(() => registry.declare('letters', { NEW: 'letter.new', SENT: 'parcel.sent' })).toThrow('Event topic "parcel.sent" is declared by parcels and again by letters');
    expect(() => registry.declare('parcels', { AGAIN: 'parcel.sent' })).toThrow('declared by parcels and again by parcels');
    expect(registry.isDeclared('letter.new')).toBe(false);
    expect(registry.topics()).toEqual(['parcel.sent']);
  });

  it.each(['parcel', 'Parcel.sent', 'parcel.', 'parcel sent', '.sent', ''])('refuses "%s", which is not a dotted lower-case name', (name) => {
    expect(() => new EventTopicRegistry().declare('parcels', { BAD: name })).toThrow('is not a dotted lower-case name');
  });

  it('answers whether a topic was declared, and refuses one that was not', () => {
    const registry = new EventTopicRegistry();
    registry.declare('parcels', { SENT: 'parcel.sent' });
    expect(() => registry.assertDeclared('parcel.sent')).not.toThrow();
    expect(() => registry.assertDeclared('parcel.sent2')).toThrow('Event topic "parcel.sent2" is not declared by any domain');
    expect(registry.ownerOf('parcel.sent2')).toBeUndefined();
  });

  it("holds the platform's own topic in the process registry", () => {
    expect(SystemTopic.PING).toBe('system.ping');
    expect(eventTopics.ownerOf(SystemTopic.PING)).toBe('platform');
  });
});

describe('OutboxService.publish', () => {
  const Declared = defineEventTopics('outbox-spec', { DONE: 'outbox-spec.done' });

  /** A transaction whose connection records each statement, answering as TypeORM's runner does. */
  function recordingTx(): { tx: Tx; statements: string[] } {
    const statements: string[] = [];
    const runner = {
      query: async (text: string) => (statements.push(text), { records: text.startsWith('INSERT') ? [{ id: 'row-1' }] : [] }),
      release: async () => undefined,
    };
    return { tx: { queryRunner: runner } as unknown as Tx, statements };
  }

  it('writes a declared topic', async () => {
    const { tx, statements } = recordingTx();
    await expect(new OutboxService(new OutboxRepository()).publish(tx, { topic: Declared.DONE, payload: {} })).resolves.toEqual(['row-1']);
    expect(statements[0]).toContain('INSERT INTO outbox');
  });

  it('refuses a topic nobody declared, before writing anything of the batch', async () => {
    const { tx, statements } = recordingTx();
    const stray = 'outbox-spec.stray' as EventTopicName;
    await expect(new OutboxService(new OutboxRepository()).publish(tx, { topic: Declared.DONE, payload: {} }, { topic: stray, payload: {} })).rejects.toThrow(
      'Event topic "outbox-spec.stray" is not declared by any domain',
    );
    expect(statements).toEqual([]);
  });
});

describe('EventsProcessor at start', () => {
  // The process registry is shared by this file's tests; each declares its own topics.
  async function start(...handlers: (new (...args: never[]) => EventHandler)[]): Promise<EventsProcessor> {
    const moduleRef = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [EventsProcessor, ...handlers] }).compile();
    const processor = moduleRef.get(EventsProcessor);
    processor.onModuleInit();
    return processor;
  }
  const noop = async () => undefined;

  it('starts when every declared topic has one handler', async () => {
    const Topic = defineEventTopics('start-spec-a', { ONE: 'start-a.one' });
    @HandlesEvent(SystemTopic.PING) @Injectable() class Ping implements EventHandler { handle = noop; }
    @HandlesEvent(Topic.ONE) @Injectable() class One implements EventHandler { handle = noop; }
    // Topics declared by the other tests of this file have handlers there, not here.
    const others = eventTopics.topics().filter((topic) => topic !== SystemTopic.PING && topic !== Topic.ONE);
    const extra = others.map((topic) => {
      @HandlesEvent(topic as EventTopicName) @Injectable() class Other implements EventHandler { handle = noop; }
      return Other;
    });
    await expect(start(Ping, One, ...extra)).resolves.toBeInstanceOf(EventsProcessor);
  });

  it('refuses to start when a declared topic has no handler', async () => {
    defineEventTopics('start-spec-b', { LONELY: 'start-b.lonely' });
    await expect(start()).rejects.toThrow(/Event topics without a handler: .*start-b\.lonely/);
  });

  it('refuses to start when a topic has two handlers', async () => {
    const Topic = defineEventTopics('start-spec-c', { TWICE: 'start-c.twice' });
    @HandlesEvent(Topic.TWICE) @Injectable() class First implements EventHandler { handle = noop; }
    @HandlesEvent(Topic.TWICE) @Injectable() class Second implements EventHandler { handle = noop; }
    await expect(start(First, Second)).rejects.toThrow('Event topic "start-c.twice" has two handlers');
  });

  it('refuses to start when a handler serves a topic nobody declared', async () => {
    @HandlesEvent('start-d.undeclared' as EventTopicName) @Injectable() class Stray implements EventHandler { handle = noop; }
    await expect(start(Stray)).rejects.toThrow('Event topic "start-d.undeclared" is not declared by any domain');
  });
});
