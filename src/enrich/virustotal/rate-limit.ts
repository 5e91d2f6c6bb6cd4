// VirusTotal's per-minute request rate (vt-rate-limit: 4 for the public API) as a sliding window: a
// request waits until fewer than `perMinute` requests were made in the last 60 seconds. The clock and
// the wait are handed in, so tests run a fake minute in no time.
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export const RATE_WINDOW_MS = 60_000;

export class RateLimiter {
  private readonly sent: number[] = [];

  constructor(
    private readonly perMinute: number,
    private readonly clock: Clock,
  ) {
    if (!Number.isInteger(perMinute) || perMinute < 1) throw new RangeError(`perMinute must be a positive integer, got ${perMinute}`);
  }

  /** Waits (if need be) until one more request fits in the window, and counts it. */
  async take(): Promise<void> {
    for (;;) {
      const now = this.clock.now();
      while (this.sent.length > 0 && (this.sent[0] as number) <= now - RATE_WINDOW_MS) this.sent.shift();
      if (this.sent.length < this.perMinute) {
        this.sent.push(now);
        return;
      }
      await this.clock.sleep((this.sent[0] as number) + RATE_WINDOW_MS - now);
    }
  }
}
