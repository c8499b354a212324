import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Keeps a refused sign-in for an email nobody has from answering sooner than one for a real account.
 *
 * A real account's refusal spends more than the password check: the agency is read and an attempt is
 * reserved and committed before the check. How much more depends on the disk and the load of the hour,
 * so no fixed delay matches it. The process keeps the durations of the last real-account refusals and
 * holds an unknown email's refusal until one of them, drawn at random, has passed: the two answer from
 * the same distribution of times. Before any real account has been refused, the refusal waits as long
 * again as it took, which errs on the slow side.
 */
export class RefusalPacing {
  private readonly known: number[] = [];
  private next = 0;

  constructor(
    private readonly size = 32,
    private readonly wait: (ms: number) => Promise<unknown> = sleep,
  ) {}

  /** Records how long a real account's refusal took, in milliseconds, up to its audit. */
  recordKnown(elapsedMs: number): void {
    if (this.known.length < this.size) this.known.push(elapsedMs);
    else this.known[this.next] = elapsedMs;
    this.next = (this.next + 1) % this.size;
  }

  /** The least time, in milliseconds, an unknown email's refusal that has taken `elapsedMs` so far must take. */
  floorFor(elapsedMs: number): number {
    if (this.known.length === 0) return 2 * elapsedMs;
    return this.known[randomInt(this.known.length)];
  }

  /** Waits until an unknown email's refusal, started at `startedAt` (`performance.now()`), has taken its floor. */
  async hold(startedAt: number): Promise<void> {
    const elapsed = performance.now() - startedAt;
    const rest = this.floorFor(elapsed) - elapsed;
    if (rest > 0) await this.wait(rest);
  }
}
