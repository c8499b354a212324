// The idle lock: after SESSION_IDLE_MINUTES without a key, click or touch, the console signs out,
// as the API locks a session unused that long. The API writes the figure into the page it serves.
import { useEffect } from 'react';

const DEFAULT_IDLE_MINUTES = 30;
const ACTIVITY = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const;

export function idleMinutes(): number {
  const content = document.querySelector('meta[name="tandem-idle-minutes"]')?.getAttribute('content');
  const minutes = Number(content);
  return Number.isInteger(minutes) && minutes > 0 ? minutes : DEFAULT_IDLE_MINUTES;
}

/** Calls `onIdle` once the person has done nothing for the idle limit, while `active`. */
export function useIdleLock(active: boolean, onIdle: () => void): void {
  useEffect(() => {
    if (!active) return undefined;
    const limitMs = idleMinutes() * 60_000;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const event of ACTIVITY) window.addEventListener(event, touch, { passive: true });
    // Checked every few seconds against the clock, so a sleeping laptop locks as soon as it wakes.
    const timer = window.setInterval(() => {
      if (Date.now() - last >= limitMs) onIdle();
    }, 5_000);
    return () => {
      window.clearInterval(timer);
      for (const event of ACTIVITY) window.removeEventListener(event, touch);
    };
  }, [active, onIdle]);
}
