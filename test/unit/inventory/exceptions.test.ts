// filters.config: validation errors name the file, the entry and the position; applying the default
// exceptions to a job's inventory removes exactly the matching entries and counts them per exception.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { buildInventory } from '../../../src/inventory/inventory.ts';
import {
  buildFilteredInventory,
  compileFiltersConfig,
  DEFAULT_FILTERS_CONFIG_PATH,
  FiltersConfigError,
  loadFiltersConfig,
} from '../../../src/inventory/exceptions.ts';

let dir: string;
let capture: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-filters-'));
  capture = join(dir, 'job.scap');
  await writeCapture(
    parseCaptureDescription({
      processes: [
        { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
        { pid: 50, ppid: 1, comm: 'Runner.Listener', exepath: '/home/runner/runners/2.320.0/bin/Runner.Listener' },
        { pid: 100, ppid: 50, comm: 'Runner.Worker', exepath: '/home/runner/runners/2.320.0/bin/Runner.Worker' },
        { pid: 200, ppid: 100, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
        { pid: 210, ppid: 1, comm: 'dockerd', exepath: '/usr/bin/dockerd' },
        { pid: 220, ppid: 1, comm: 'dragent', exepath: '/opt/draios/bin/dragent' },
        { pid: 230, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
        { pid: 231, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
        { pid: 240, ppid: 1, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
      ],
      events: [
        { pid: 210, type: 'open', path: '/var/lib/docker/overlay2/abc/diff/x', flags: ['O_WRONLY', 'O_CREAT'] },
        { pid: 210, type: 'open', path: '/var/lib/docker/containers/abc/config.v2.json', flags: ['O_WRONLY', 'O_TRUNC'] },
        { pid: 200, type: 'open', path: '/home/runner/work/_temp/_runner_file_commands/set_env_1', flags: ['O_WRONLY', 'O_APPEND'] },
        { pid: 100, type: 'open', path: '/home/runner/runners/2.320.0/_diag/Worker_1.log', flags: ['O_WRONLY', 'O_APPEND'] },
        { pid: 200, type: 'open', path: '/home/runner/runners/2.320.0/_diag/evil.log', flags: ['O_WRONLY', 'O_CREAT'] },
        { pid: 200, type: 'open', path: '/home/runner/work/repo/repo/out.txt', flags: ['O_WRONLY', 'O_CREAT'] },
        { pid: 220, type: 'connect', local: { ip: '10.1.0.4', port: 40000 }, remote: { ip: '52.1.2.3', port: 6443 } },
        { pid: 200, type: 'connect', local: { ip: '10.1.0.4', port: 40001 }, remote: { ip: '140.82.112.3', port: 443 } },
        { pid: 230, type: 'exec', exepath: '/usr/bin/journalctl', args: ['-u', 'docker'] },
        { pid: 231, type: 'exec', exepath: '/usr/bin/curl', args: ['https://example.com'] },
        { pid: 240, type: 'exec', exepath: '/usr/lib/systemd/systemd-udevd' },
      ],
    }),
    capture,
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the default filters.config applies: matching entries removed, each exception says how many', async () => {
  const exceptions = await loadFiltersConfig(DEFAULT_FILTERS_CONFIG_PATH);
  assert.equal(exceptions.length, 5);
  const plain = await buildInventory(capture);
  const { inventory, exceptions: counts } = await buildFilteredInventory(capture, exceptions);
  assert.deepEqual(plain.files.map((file) => file.path).length, 6);
  assert.deepEqual(inventory.files.map((file) => file.path), ['/home/runner/runners/2.320.0/_diag/evil.log', '/home/runner/work/repo/repo/out.txt']);
  assert.deepEqual(inventory.connections.map((connection) => connection.process), ['bash']);
  assert.deepEqual(inventory.processes.map((process) => process.name), ['curl']);
  assert.deepEqual(counts.map((count) => [count.section, count.removed]), [
    ['outbound_connections', 1],
    ['written_files', 2],
    ['written_files', 1],
    ['written_files', 1],
    ['processes', 2],
  ]);
  // Nothing else changes: the unfiltered entries are the inventory's own.
  assert.deepEqual(inventory.files, plain.files.filter((file) => inventory.files.some((kept) => kept.path === file.path)));
});

test('no exceptions: the same inventory as buildInventory', async () => {
  const { inventory, exceptions } = await buildFilteredInventory(capture, []);
  assert.deepEqual(inventory, await buildInventory(capture));
  assert.deepEqual(exceptions, []);
});

test('an invalid config is refused naming the file, the entry and the position', async () => {
  const errorOf = (value: unknown): FiltersConfigError => {
    try {
      compileFiltersConfig(value, 'my.config');
    } catch (error) {
      assert.ok(error instanceof FiltersConfigError);
      return error;
    }
    assert.fail('accepted');
  };
  assert.deepEqual(errorOf({ outbound: [] }).problems, ["(top level): unknown section 'outbound' (sections: outbound_connections, written_files, processes)"]);
  assert.match(errorOf({ processes: [{ description: 'x' }] }).problems.join(), /^processes\.0\.condition: /);
  assert.deepEqual(errorOf({ processes: [{ description: 'noisy', condition: 'proc.name in (a, b' }] }).problems, [
    `processes[0] ("noisy"): condition: expected a ',' or a ')' token at 1:19 (offset 18) at the end of the condition`,
  ]);
  assert.match(errorOf({ written_files: [{ description: 'k8s', condition: 'k8s.ns.name = x' }] }).problems.join(), /written_files\[0\] \("k8s"\): condition: field 'k8s.ns.name' is a Falco field that falco-actions cannot evaluate on a capture/);
  const bad = join(dir, 'bad.config');
  await writeFile(bad, '{ "processes": [ }');
  await assert.rejects(loadFiltersConfig(bad), (error: unknown) => error instanceof FiltersConfigError && error.message.startsWith(`${bad}: invalid filters config`) && /not valid JSON/.test(error.message));
});
