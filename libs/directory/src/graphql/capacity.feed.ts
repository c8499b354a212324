import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig, ChannelFeed } from '@tandem/platform';
import { CAPACITY_CHANNEL } from '../capacity-topics';

/** A changed figure as the worker announces it: ids, names, counts; never an address or a position. */
export interface AnnouncedCapacity {
  serviceAtLocationId: string;
  serviceId: string;
  serviceName: string;
  locationName: string | null;
  city: string | null;
  jurisdictionId: string | null;
  agencyId: string | null;
  unitId: string;
  available: number;
  maximum: number | null;
  updated: string;
  version: number;
  reason: string;
}

const STRINGS = ['serviceAtLocationId', 'serviceId', 'serviceName', 'unitId', 'updated', 'reason'] as const;

/** An announcement read back, or null for anything else on the channel. */
export function announcedCapacity(message: unknown): AnnouncedCapacity | null {
  if (typeof message !== 'object' || message === null) return null;
  const value = message as Record<string, unknown>;
  if (STRINGS.some((key) => typeof value[key] !== 'string')) return null;
  if (typeof value.available !== 'number' || typeof value.version !== 'number') return null;
  if (Number.isNaN(new Date(value.updated as string).getTime())) return null;
  return value as unknown as AnnouncedCapacity;
}

/**
 * The live feed behind `capacityChanged`: the worker publishes every changed figure on
 * `<QUEUE_PREFIX>:capacity`; each API process hands each socket only what its policy lets through.
 */
@Injectable()
export class CapacityFeed implements OnApplicationShutdown {
  private readonly feed: ChannelFeed;

  constructor(config: AppConfig) {
    this.feed = new ChannelFeed(config, CAPACITY_CHANNEL, 'live capacity');
  }

  get channel(): string {
    return this.feed.channel;
  }

  /** Changed figures that `allowed` lets through, from now on. */
  changes(allowed: (change: AnnouncedCapacity) => boolean): AsyncIterableIterator<AnnouncedCapacity> {
    return this.feed.messages((message) => {
      const change = announcedCapacity(message);
      return change && allowed(change) ? change : null;
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.feed.close();
  }
}
