// The demo the README points a fresh machine at: it writes the example job's capture and prints its
// inventory, leaving nothing behind.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { repoPath } from '../../support/env.ts';

function demo(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [repoPath('examples', 'demo.mjs'), ...args], { cwd: repoPath(), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

test('the demo prints the inventory of the example job, suspicious step included', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'demo-test-'));
  try {
    const kept = join(dir, 'kept.scap');
    const result = await demo(['--format', 'json', '--keep', kept]);
    assert.equal(result.code, 0, result.stderr);
    const inventory = JSON.parse(result.stdout) as {
      capture: { events: number; truncated: unknown };
      processes: Array<{ name: string; args: string[] }>;
      files: Array<{ path: string; processes: Array<{ name: string }> }>;
      dns: Array<{ name: string }>;
    };
    assert.equal(inventory.capture.truncated, null);
    assert.ok(inventory.processes.some((process) => process.name === 'curl' && process.args.includes('http://cdn.update-helper.example:8080/install.sh')));
    assert.ok(inventory.files.some((file) => file.processes.some((process) => process.name === 'sh') && file.path.endsWith('/.github/workflows/release.yml')));
    assert.ok(inventory.dns.some((entry) => entry.name === 'registry.npmjs.org'));
    assert.ok(existsSync(kept), '--keep leaves the capture where asked');

    const markdown = await demo([]);
    assert.equal(markdown.code, 0, markdown.stderr);
    assert.match(markdown.stdout, /## Processes \(9 distinct, 9 runs\)/);
    const written = /^demo: writing (\S+) from/m.exec(markdown.stderr)?.[1];
    assert.ok(written !== undefined && !existsSync(written), 'the temporary capture is removed');

    const bad = await demo(['--format', 'xml']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--format must be markdown or json/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the demo with --real prints the analyze report of the bundled real capture', async () => {
  const result = await demo(['--real', '--format', 'json']);
  assert.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { engine: { kind: string }; dns: Array<{ name: string }>; connections: Array<{ remote: { address: string; port: number }; process: string }> };
  assert.equal(report.engine.kind, 'native');
  assert.ok(report.dns.some((entry) => entry.name.startsWith('www.google.com')), JSON.stringify(report.dns));
  assert.ok(report.connections.some((connection) => connection.process === 'curl' && connection.remote.port === 80), JSON.stringify(report.connections));
});
