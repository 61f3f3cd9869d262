/**
 * Client-side token bucket: the Géoplateforme answers HTTP 429 beyond 50 requests per second from one
 * address, so requests are paced before they leave. Takers are served in order.
 */
import type { Clock } from './types.js';

export class TokenBucket {
  private tokens: number;
  private last: number;
  private queue: Promise<void> = Promise.resolve();

  /**
   * @param ratePerSecond sustained rate
   * @param capacity largest burst (kept small so that no one-second window exceeds the rate by much)
   */
  constructor(
    private readonly ratePerSecond: number,
    private readonly capacity: number,
    private readonly clock: Clock,
  ) {
    if (!(ratePerSecond > 0) || !(capacity >= 1))
      throw new RangeError('TokenBucket : le débit doit être positif et la capacité au moins 1.');
    this.tokens = capacity;
    this.last = clock.now();
  }

  /** Resolves when one request may be sent. */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeNow());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = now;
    this.tokens = Math.min(this.capacity, this.tokens + (elapsed * this.ratePerSecond) / 1000);
  }

  private async takeNow(): Promise<void> {
    this.refill();
    while (this.tokens < 1) {
      await this.clock.sleep(Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond));
      this.refill();
    }
    this.tokens -= 1;
  }
}
