import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { acquireRunnerLock } from '../../support/runner-lock.ts';

describe('runner lock (one harness job per machine at a time)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'runner-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('makes a second job wait, names the holder when it gives up, and frees on release', async () => {
    const file = join(dir, 'busy.lock');
    const first = await acquireRunnerLock('job-one', 1_000, file);
    await assert.rejects(acquireRunnerLock('job-two', 300, file), (error: Error) => {
      assert.match(error.message, new RegExp(`job job-one of pid ${process.pid}`));
      assert.match(error.message, /dispose\(\) the previous RunnerJob/);
      return true;
    });
    const waiting = acquireRunnerLock('job-three', 5_000, file);
    setTimeout(() => first.release(), 200);
    const third = await waiting;
    third.release();
    assert.equal(existsSync(file), false);
  });

  it('takes over a lock whose holder died', async () => {
    const file = join(dir, 'stale.lock');
    const dead = spawnSync('true').pid;
    writeFileSync(file, JSON.stringify({ pid: dead, token: 'gone', since: '2025-01-01T00:00:00Z' }));
    const lock = await acquireRunnerLock('alive', 1_000, file);
    lock.release();
  });

  it('does not remove a lock that another job took over', async () => {
    const file = join(dir, 'theirs.lock');
    const mine = await acquireRunnerLock('mine', 1_000, file);
    writeFileSync(file, JSON.stringify({ pid: process.pid, token: 'theirs', since: '2025-01-01T00:00:00Z' }));
    mine.release();
    assert.equal(existsSync(file), true);
  });
});
