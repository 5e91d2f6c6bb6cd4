// The per-minute rate on a fake clock: never more than `perMinute` requests in any 60 s window, and
// no wait while the window has room.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RATE_WINDOW_MS, RateLimiter } from '../../../../src/enrich/virustotal/rate-limit.ts';
import { fakeClock } from './fake-clock.ts';

test('at most perMinute requests in any window of a minute, whatever the work between them', () => {
  fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.array(fc.integer({ min: 0, max: 40_000 }), { minLength: 1, maxLength: 30 }), async (perMinute, gaps) => {
      const clock = fakeClock();
      const limiter = new RateLimiter(perMinute, clock);
      const times: number[] = [];
      for (const gap of gaps) {
        await clock.sleep(gap);
        await limiter.take();
        times.push(clock.now());
      }
      for (let index = perMinute; index < times.length; index += 1) {
        assert.ok((times[index] as number) - (times[index - perMinute] as number) >= RATE_WINDOW_MS, `request ${index} at ${times[index]}, ${perMinute} before at ${times[index - perMinute]}`);
      }
    }),
    { numRuns: 200 },
  );
});

test('four a minute: the first four go at once, the fifth waits for the first to leave the window', async () => {
  const clock = fakeClock();
  const start = clock.now();
  const limiter = new RateLimiter(4, clock);
  for (let index = 0; index < 4; index += 1) await limiter.take();
  assert.deepEqual(clock.slept, []);
  await limiter.take();
  assert.equal(clock.now() - start, RATE_WINDOW_MS);
});

test('a rate that is not a positive integer is refused', () => {
  assert.throws(() => new RateLimiter(0, fakeClock()), RangeError);
});
