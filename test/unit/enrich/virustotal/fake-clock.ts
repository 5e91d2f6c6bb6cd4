// A clock whose sleep advances time at once, for the rate limiter and the quota back-off.
import type { Clock } from '../../../../src/enrich/virustotal/rate-limit.ts';

export function fakeClock(start = Date.UTC(2026, 11, 5, 8, 0, 0)): Clock & { slept: number[]; advance(ms: number): void } {
  let time = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => time,
    sleep: async (ms) => {
      slept.push(ms);
      time += Math.max(0, ms);
    },
    advance: (ms) => {
      time += ms;
    },
  };
}
