// Redacted captures stay valid for the real consumers: Debian's sysdig 0.29.3, the shared sysdig 0.36.0
// and the shared Falco 0.44.1 (replay) read them, print the same events, and see no planted secret; the
// shared real captures keep every event and their inventory.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { buildInventory } from '../../../src/inventory/inventory.ts';
import { readCapture, readCaptureDetailed } from '../../../src/scap/index.ts';
import { readStringList } from '../../../src/scap/params.ts';
import { DATA_BUFFER_EVENT_NAMES, isDnsEvent, redactCapture } from '../../../src/scap/redact.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { runCli } from '../../support/cli.ts';
import { falcoReplay } from '../../support/falco-replay.ts';
import { isCi, repoPath, requireSharedCaptures, requireSharedFalco, requireSysdig, sharedCapturesDir, sharedFalcoDir } from '../../support/env.ts';

const SECRET = 'ghs_secretPlantedForTheOracles';
/** sysdig 0.29.3 and 0.36.0 cannot open a capture whose section header carries options (PROVENANCE.md). */
const UNREADABLE_BY_SYSDIG = new Set(['curl_google_comments.scap']);

let dir = '';
let original = '';
let redacted = '';

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redact-oracles-'));
  const description = parseCaptureDescription(
    {
      start: '2025-06-02T09:30:00Z',
      processes: [
        { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd', env: [`GITHUB_TOKEN=${SECRET}`, 'LANG=C.UTF-8'] },
        { pid: 900, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash', cwd: '/home/runner/work/demo/demo' },
      ],
      events: [
        { at: 10, type: 'fork', pid: 900, childPid: 901 },
        { type: 'exec', pid: 901, exepath: '/usr/bin/curl', args: ['-s', 'https://example.com/'], env: [`GITHUB_TOKEN=${SECRET}`, 'HOME=/home/runner'] },
        { type: 'dns', pid: 901, server: { ip: '127.0.0.53' }, local: { ip: '127.0.0.1', port: 40000 }, name: 'example.com', qtype: 'A', id: 7 },
        { type: 'open', pid: 901, path: '/home/runner/work/demo/demo/token.txt', flags: ['O_WRONLY', 'O_CREAT', 'O_TRUNC'] },
        { type: 'write', pid: 901, path: '/home/runner/work/demo/demo/token.txt', data: `${SECRET}\n` },
      ],
    },
    'planted capture',
  );
  original = join(dir, 'original.scap');
  redacted = join(dir, 'redacted.scap');
  await writeCapture(description, original, { gzip: false });
  await redactCapture(original, redacted);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function run(file: string, args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(file, [...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

/** The shared sysdig 0.36.0 beside the shared Falco; fails under CI when missing, skips elsewhere. */
function sharedSysdig(t: TestContext): string | undefined {
  const binary = join(dirname(dirname(sharedFalcoDir())), 'sysdig', '0.36.0', 'usr', 'local', 'bin', 'sysdig');
  if (existsSync(binary)) return binary;
  if (isCi()) throw new Error(`CI=true but the shared sysdig 0.36.0 is missing (${binary})`);
  t.skip(`the shared sysdig 0.36.0 is missing (${binary})`);
  return undefined;
}

/** Prints a capture with a sysdig; the lines it prints (it hides low-value events). */
async function sysdigLines(sysdig: string, capture: string, format?: string): Promise<string[]> {
  const printed = await run(sysdig, ['-r', capture, ...(format === undefined ? [] : ['-p', format])]);
  assert.equal(printed.code, 0, `${sysdig} -r ${capture}: ${printed.stderr}`);
  return printed.stdout.split('\n').filter((line) => line !== '');
}

test('sysdig 0.29.3 prints the redacted capture: the same events, environment names without values', async (t) => {
  if (!(await requireSysdig(t))) return;
  const before = await sysdigLines('sysdig', original);
  const afterLines = await sysdigLines('sysdig', redacted);
  assert.equal(afterLines.length, before.length);
  assert.ok(before.join('\n').includes(SECRET), 'the original shows the secret (so this check can fail)');
  assert.ok(!afterLines.join('\n').includes(SECRET));
  const env = await sysdigLines('sysdig', redacted, '%evt.type %proc.name %proc.env');
  assert.ok(env.some((line) => line.startsWith('execve curl GITHUB_TOKEN= HOME=')), env.join('\n'));
  const args = await sysdigLines('sysdig', redacted, '%evt.type %proc.cmdline');
  assert.ok(args.some((line) => line === 'execve curl -s https://example.com/'), 'command lines are kept');
});

test('the shared sysdig 0.36.0 prints the redacted capture with the same events', async (t) => {
  const sysdig = sharedSysdig(t);
  if (sysdig === undefined) return;
  const before = await sysdigLines(sysdig, original);
  const afterLines = await sysdigLines(sysdig, redacted);
  assert.equal(afterLines.length, before.length);
  assert.ok(!afterLines.join('\n').includes(SECRET));
});

test('the shared Falco replays the redacted capture: the same alerts, no secret in them', async (t) => {
  if (!requireSharedFalco(t)) return;
  const rules = join(dir, 'rules.yaml');
  await writeFile(
    rules,
    [
      '- rule: Program run',
      '  desc: every successful execve, with its command line and environment',
      '  condition: evt.type = execve and evt.dir = < and evt.rawres = 0',
      '  output: run %proc.cmdline env=%proc.env',
      '  priority: NOTICE',
      '- rule: Write to the workspace',
      '  desc: every write to a file under the workspace',
      '  condition: evt.type = write and evt.dir = < and fd.name startswith /home/runner/work/',
      '  output: write %proc.name %fd.name res=%evt.res',
      '  priority: NOTICE',
      '',
    ].join('\n'),
  );
  const before = await falcoReplay(original, [rules]);
  const afterAlerts = await falcoReplay(redacted, [rules]);
  assert.ok(before.some((alert) => alert.output.includes(SECRET)), `the original alert shows the secret (so this check can fail): ${JSON.stringify(before.map((alert) => alert.output))}`);
  assert.deepEqual(
    afterAlerts.map((alert) => alert.rule),
    before.map((alert) => alert.rule),
  );
  assert.ok(!JSON.stringify(afterAlerts).includes(SECRET));
  assert.ok(afterAlerts.some((alert) => alert.output.includes('run curl -s https://example.com/ env=GITHUB_TOKEN= HOME=')), JSON.stringify(afterAlerts));
  assert.ok(afterAlerts.some((alert) => alert.output.includes('write curl /home/runner/work/demo/demo/token.txt res=')));
});

test('every shared capture: the redacted copy keeps every event and the inventory, and the sysdigs print it alike', async (t) => {
  if (!requireSharedCaptures(t)) return;
  const hasSysdig = await requireSysdig(t);
  const sysdig036 = sharedSysdig(t);
  const names = (await readdir(sharedCapturesDir())).filter((name) => name.endsWith('.scap'));
  assert.ok(names.length > 0);
  let envEntries = 0;
  let blankedBuffers = 0;
  for (const name of names) {
    const capture = join(sharedCapturesDir(), name);
    const copy = join(dir, `shared-${name}`);
    const result = await redactCapture(capture, copy);
    const before = await readCaptureDetailed(capture, () => {});
    const afterRead = await readCaptureDetailed(copy, () => {});
    assert.equal(afterRead.events, before.events, name);
    assert.equal(result.events, before.events, name);
    assert.equal(result.damage, undefined, name);
    assert.equal(result.truncated, undefined, name);
    // Every environment entry left is a bare NAME=; every data buffer left is zeros or a DNS message.
    await readCapture(copy, (event) => {
      const env = event.params['env'];
      if (env instanceof Uint8Array) {
        for (const entry of readStringList(env, 0, env.length)) assert.match(entry, /^[^=]*=$/, `${name} #${event.num}`);
        envEntries += readStringList(env, 0, env.length).length;
      }
      const data = event.params['data'];
      if (data instanceof Uint8Array && data.length > 0 && DATA_BUFFER_EVENT_NAMES.has(event.name) && !isDnsEvent(event)) {
        assert.ok(data.every((byte) => byte === 0), `${name} #${event.num} ${event.name}`);
        blankedBuffers++;
      }
    }, { direction: '<' });
    const originalInventory = await buildInventory(capture);
    const redactedInventory = await buildInventory(copy);
    assert.deepEqual({ ...redactedInventory, capture: { ...redactedInventory.capture, path: '' } }, { ...originalInventory, capture: { ...originalInventory.capture, path: '' } }, name);
    if (UNREADABLE_BY_SYSDIG.has(name)) continue;
    for (const binary of [...(hasSysdig ? ['sysdig'] : []), ...(sysdig036 === undefined ? [] : [sysdig036])]) {
      assert.equal((await sysdigLines(binary, copy)).length, (await sysdigLines(binary, capture)).length, `${binary} ${name}`);
    }
  }
  assert.ok(envEntries > 0 && blankedBuffers > 0, `${envEntries} environment entries and ${blankedBuffers} data buffers checked`);
});

test('the shared Falco replays every redacted shared capture with the alerts of the original', async (t) => {
  if (!requireSharedCaptures(t) || !requireSharedFalco(t)) return;
  const rules = join(dir, 'all-events.yaml');
  await writeFile(
    rules,
    ['- rule: Process activity', '  desc: exec, connect and open events', '  condition: evt.dir = < and evt.type in (execve, connect, openat, open, sendto)', '  output: "%evt.type %proc.cmdline %fd.name"', '  priority: NOTICE', ''].join('\n'),
  );
  let alerts = 0;
  for (const name of (await readdir(sharedCapturesDir())).filter((entry) => entry.endsWith('.scap'))) {
    const copy = join(dir, `falco-${name}`);
    await redactCapture(join(sharedCapturesDir(), name), copy);
    const before = await falcoReplay(join(sharedCapturesDir(), name), [rules]);
    const afterAlerts = await falcoReplay(copy, [rules]);
    assert.deepEqual(
      afterAlerts.map((alert) => alert.output),
      before.map((alert) => alert.output),
      name,
    );
    alerts += before.length;
  }
  assert.ok(alerts > 0, 'the rule fires on the shared captures');
});

test('falco-actions capture redact writes the copy, says what it blanked, and refuses bad input in words', async () => {
  const copy = join(dir, 'cli.scap.gz');
  const done = await runCli(['capture', 'redact', '--gzip', original, copy]);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stderr, /wrote .*cli\.scap\.gz: \d+ events, .*blanked 2 environments and 1 data buffers, kept 1 DNS messages \(command lines are kept\)/);
  const bytes = await readFile(copy);
  assert.ok(!gunzipSync(bytes).includes(SECRET) && !bytes.includes(SECRET));
  const usage = await runCli(['capture', 'redact', original]);
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /give an IN\.scap and an OUT\.scap\nusage: falco-actions capture redact/);
  const notCapture = await runCli(['capture', 'redact', repoPath('package.json'), join(dir, 'never.scap')]);
  assert.equal(notCapture.code, 1);
  assert.match(notCapture.stderr, /not a scap capture/);
});
