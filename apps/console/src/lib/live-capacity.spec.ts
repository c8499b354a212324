import { bedsText, withAnnouncement, withLiveFigures } from './live-capacity';

const change = (id: string, available: number, version: number) => ({ serviceAtLocationId: id, available, maximum: 5, stale: false, updated: '2026-12-07T10:00:00Z', version });

describe('live capacity', () => {
  it('shows the newest announced figure of a site, and leaves the others as read', () => {
    let latest = withAnnouncement(new Map(), change('a', 3, 2));
    latest = withAnnouncement(latest, change('a', 1, 4));
    latest = withAnnouncement(latest, change('a', 2, 3)); // older than the one kept
    const figures = withLiveFigures([{ serviceAtLocationId: 'a', available: 4, maximum: 5, stale: true }, { serviceAtLocationId: 'b', available: 0, maximum: null }], latest);
    expect(figures).toEqual([
      { serviceAtLocationId: 'a', available: 1, maximum: 5, stale: false, live: true },
      { serviceAtLocationId: 'b', available: 0, maximum: null, live: false },
    ]);
  });

  it('says beds in words', () => {
    expect(bedsText(2, 5)).toBe('2 of 5 beds');
    expect(bedsText(1, null)).toBe('1 bed');
    expect(bedsText(null)).toBe('no figure');
  });
});
