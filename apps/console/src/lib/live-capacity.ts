// Beds as they change: the suggestions a page read once, with the newest figure of each site the
// capacityChanged subscription has announced since, so a count changes on the page without reload.

export interface CapacityFigure {
  serviceAtLocationId: string;
  available: number | null;
  maximum?: number | null;
  stale?: boolean | null;
}

export interface CapacityAnnouncement {
  serviceAtLocationId: string;
  available: number;
  maximum?: number | null;
  stale: boolean;
  updated: string;
  version: number;
}

/** The newest announcement of each site: an announcement older (by version) than one already kept is ignored. */
export type LatestFigures = ReadonlyMap<string, CapacityAnnouncement>;

export function withAnnouncement(latest: LatestFigures, change: CapacityAnnouncement): LatestFigures {
  const kept = latest.get(change.serviceAtLocationId);
  if (kept && kept.version >= change.version) return latest;
  return new Map(latest).set(change.serviceAtLocationId, change);
}

/** Each figure with its site's latest announced count, marked `live` when it came over the subscription. */
export function withLiveFigures<T extends CapacityFigure>(figures: readonly T[], latest: LatestFigures): (T & { live: boolean })[] {
  return figures.map((figure) => {
    const change = latest.get(figure.serviceAtLocationId);
    if (!change) return { ...figure, live: false };
    return { ...figure, available: change.available, maximum: change.maximum ?? figure.maximum ?? null, stale: change.stale, live: true };
  });
}

/** "2 of 5 beds", "1 bed", "no figure". */
export function bedsText(available: number | null, maximum?: number | null): string {
  if (available === null) return 'no figure';
  const unit = (n: number) => (n === 1 ? 'bed' : 'beds');
  return maximum === null || maximum === undefined ? `${available} ${unit(available)}` : `${available} of ${maximum} ${unit(maximum)}`;
}
