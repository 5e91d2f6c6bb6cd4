// Progress on stderr: shown on a terminal after the delay, redrawn at most once per interval, cleared at
// the end; nothing at all on a stream that is not a terminal. Time comes from an injected clock.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { formatProgress, PROGRESS_DELAY_MS, PROGRESS_INTERVAL_MS, startProgress } from '../../../src/cli/progress.ts';
import { repoPath } from '../../support/env.ts';

function recorder(isTTY: boolean) {
  const writes: string[] = [];
  let time = 1000;
  return {
    writes,
    advance(ms: number) {
      time += ms;
    },
    options: { stream: { isTTY, write: (text: string) => writes.push(text) }, now: () => time, label: 'job.scap', totalBytes: 200e6 },
  };
}

describe('startProgress', () => {
  it('on a terminal: silent before the delay, then one line per interval, cleared when done', () => {
    const tty = recorder(true);
    const progress = startProgress(tty.options);
    tty.advance(PROGRESS_DELAY_MS - 1);
    progress.update(10e6, 100);
    assert.deepEqual(tty.writes, [], 'a short run shows nothing');
    tty.advance(1);
    progress.update(50e6, 5000);
    assert.deepEqual(tty.writes, ['\r\u001b[Kjob.scap: 50.0 MB of 200.0 MB (25%), 5,000 events, 25.0 MB/s']);
    tty.advance(PROGRESS_INTERVAL_MS - 1);
    progress.update(51e6, 5100);
    assert.equal(tty.writes.length, 1, 'not redrawn within the interval');
    tty.advance(1);
    progress.update(100e6, 10000);
    assert.equal(tty.writes.length, 2);
    assert.match(tty.writes[1]!, /100\.0 MB of 200\.0 MB \(50%\), 10,000 events/);
    progress.done();
    assert.equal(tty.writes.at(-1), '\r\u001b[K', 'the line is erased at the end');
  });

  it('on a terminal, a run that ends before the delay leaves nothing, not even an erase', () => {
    const tty = recorder(true);
    const progress = startProgress(tty.options);
    progress.update(1, 1);
    progress.done();
    assert.deepEqual(tty.writes, []);
  });

  it('not on a terminal: nothing, however long the run', () => {
    const pipe = recorder(false);
    const progress = startProgress(pipe.options);
    for (let step = 0; step < 100; step += 1) {
      pipe.advance(PROGRESS_DELAY_MS);
      progress.update(step * 1e6, step);
    }
    progress.done();
    assert.deepEqual(pipe.writes, []);
  });

  it('a real stderr that is a pipe gets nothing (the default detection)', () => {
    const script = [
      `import { startProgress } from ${JSON.stringify(repoPath('src', 'cli', 'progress.ts'))};`,
      // No delay and no interval: on a terminal every update would draw.
      "const progress = startProgress({ label: 'job.scap', totalBytes: 10, delayMs: 0, intervalMs: 0 });",
      'for (let i = 1; i <= 10; i += 1) progress.update(i, i);',
      'progress.done();',
      "process.stdout.write(String(process.stderr.isTTY === true));",
    ].join('\n');
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: repoPath(), encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'false');
    assert.equal(run.stderr, '');
  });
});

describe('formatProgress', () => {
  it('shows bytes of total, events and rate; a hostile label quoted', () => {
    assert.equal(formatProgress('a.scap', 0, 0, 0, 0), 'a.scap: 0.0 MB, 0 events');
    assert.equal(formatProgress('a.scap', 3e6, undefined, 12, 1500), 'a.scap: 3.0 MB, 12 events, 2.0 MB/s');
    assert.equal(formatProgress('x\n::warning::y.scap', 1e6, 2e6, 1, 1000), '"x\\n::warning::y.scap": 1.0 MB of 2.0 MB (50%), 1 event, 1.0 MB/s');
  });
});
