import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PullProgressReporter } from '../../../src/docker/pull-progress.ts';

describe('pull progress', () => {
  it('logs layer state changes once and byte progress at most once per interval', () => {
    const lines: string[] = [];
    let clock = 0;
    const reporter = new PullProgressReporter((line) => lines.push(line), 5000, () => clock);
    reporter.handle({ status: 'Pulling from falcosecurity/falco', id: '0.44.1' });
    reporter.handle({ status: 'Pulling fs layer', id: 'aaa' });
    for (let chunk = 1; chunk <= 50; chunk += 1) {
      clock += 200;
      reporter.handle({ status: 'Downloading', id: 'aaa', progressDetail: { current: chunk * 1_000_000, total: 50_000_000 } });
    }
    reporter.handle({ status: 'Download complete', id: 'aaa' });
    reporter.handle({ status: 'Pull complete', id: 'aaa' });
    reporter.handle({ status: 'Status: Downloaded newer image for falcosecurity/falco:0.44.1' });
    const downloading = lines.filter((line) => line === 'aaa: Downloading');
    const progress = lines.filter((line) => line.startsWith('progress:'));
    assert.equal(downloading.length, 1);
    // Chunks at 0.2 s .. 10 s with a 5 s interval: at 0.2 s and 5.2 s only.
    assert.equal(progress.length, 2);
    assert.equal(progress[0], 'progress: 1.0 MB of 50.0 MB (1 layers)');
    assert.ok(lines.includes('aaa: Pull complete'));
    assert.equal(lines.at(-1), 'Status: Downloaded newer image for falcosecurity/falco:0.44.1');
    assert.ok(lines.length < 12, `too many lines: ${lines.length}`);
  });

  it('returns the engine error carried by an event', () => {
    const reporter = new PullProgressReporter(() => undefined);
    assert.equal(reporter.handle({ error: 'manifest unknown', errorDetail: { message: 'manifest for x:1 not found' } }), 'manifest for x:1 not found');
    assert.equal(reporter.handle({ status: 'Waiting', id: 'b' }), undefined);
  });
});
