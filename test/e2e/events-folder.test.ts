// The events folder's permissions against the real engine, with a runner user that is not root (as on
// GitHub-hosted runners: user "runner" in group docker): start makes the folder 0755 as that user; a
// privileged root container (as Falco runs) writes the events file into it through the bind mount;
// stop, as the runner user, reads it and rewrites it without the probe's lines; another user of the
// host can neither add nor change files there.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { READY_PROBE_RULE } from '../../src/falco/ready-probe.ts';
import { baseImage, repoRoot, requireDocker, requireRegistryImage } from '../support/env.ts';

const RUNNER_UID = 1001;
const OTHER_UID = 1002;

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function run(file: string, args: readonly string[], options: { uid?: number; gid?: number; env?: NodeJS.ProcessEnv } = {}): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: repoRoot(), timeout: 60_000, ...options }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs ESM code with our TypeScript modules as the runner user (group: the engine socket's group). */
function asRunner(code: string, gid: number): Promise<Ran> {
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir(), FA_SRC: pathToFileURL(join(repoRoot(), 'src')).href };
  return run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { uid: RUNNER_UID, gid, env });
}

async function requireRoot(t: TestContext): Promise<boolean> {
  if (process.getuid?.() === 0) return true;
  t.skip('needs root, to act as a runner user and another user of the host');
  return false;
}

let scratch: string;
before(() => {
  scratch = mkdtempSync(join(tmpdir(), 'falco-actions-events-folder-'));
});
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('the events folder', () => {
  it('lets root in the Falco container write and the runner user read and rewrite, and nobody else change it', async (t) => {
    if (!(await requireRoot(t)) || !(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    const socketGid = statSync('/var/run/docker.sock').gid;
    // RUNNER_TEMP belongs to the runner user.
    const runnerTemp = join(scratch, 'runner-temp');
    const eventsDir = join(runnerTemp, 'falco-actions', 'run', 'events');
    chmodSync(scratch, 0o755);
    rmSync(runnerTemp, { recursive: true, force: true });
    const made = await run('mkdir', ['-m', '0755', runnerTemp]);
    assert.equal(made.code, 0, made.stderr);
    chownSync(runnerTemp, RUNNER_UID, RUNNER_UID);

    const created = await asRunner(`const { makeEventsFolder } = await import(process.env.FA_SRC + '/falco/events-folder.ts');
process.umask(0o002);
await makeEventsFolder(${JSON.stringify(eventsDir)});`, RUNNER_UID);
    assert.equal(created.code, 0, created.stderr);
    const folder = statSync(eventsDir);
    assert.equal(folder.uid, RUNNER_UID);
    assert.equal(folder.mode & 0o777, 0o755, 'exactly 0755, whatever the umask');

    // Falco's part: root in a privileged container writes the events file through the bind mount.
    const probe = JSON.stringify({ rule: READY_PROBE_RULE, priority: 'Debug', output: 'probe', output_fields: {}, source: 'syscall', tags: [], time: '2026-11-23T05:00:00.000000000Z', hostname: 'h' });
    const alert = JSON.stringify({ rule: 'E2E Shadow File Opened', priority: 'Error', output: 'shadow', output_fields: {}, source: 'syscall', tags: [], time: '2026-11-23T05:00:01.000000000Z', hostname: 'h' });
    const falco = await run('docker', ['run', '--rm', '--privileged', '--user', '0:0', '-v', `${eventsDir}:/events`, baseImage(), 'sh', '-c', `umask 022; printf '%s\\n%s\\n' "$1" "$2" > /events/events.json`, 'sh', probe, alert]);
    assert.equal(falco.code, 0, falco.stderr);
    const eventsFile = join(eventsDir, 'events.json');
    assert.equal(statSync(eventsFile).uid, 0, "the file is Falco's (root's)");

    // Stop's part, as the runner user: make sure the file exists, drop the probe's lines, read it.
    const stopped = await asRunner(`const { dropProbeLines, touch } = await import(process.env.FA_SRC + '/falco/ready-probe.ts');
const { readFile } = await import('node:fs/promises');
await touch(${JSON.stringify(eventsFile)});
await dropProbeLines(${JSON.stringify(eventsFile)});
process.stdout.write(await readFile(${JSON.stringify(eventsFile)}, 'utf8'));`, socketGid);
    assert.equal(stopped.code, 0, stopped.stderr);
    assert.equal(stopped.stdout.trim(), alert, 'the alert arrived; the probe is gone');
    assert.equal(readFileSync(eventsFile, 'utf8').trim(), alert);

    // Another user of the host: may read, may not add, replace or remove.
    const other = await run('sh', ['-c', `cat "$1" >/dev/null || exit 10; (: > "$2/forged.json") 2>/dev/null && exit 11; (echo x >> "$1") 2>/dev/null && exit 12; rm -f "$1" 2>/dev/null; [ -e "$1" ] || exit 13; exit 0`, 'sh', eventsFile, eventsDir], { uid: OTHER_UID, gid: OTHER_UID });
    assert.equal(other.code, 0, `another user: exit ${other.code} (10 cannot read, 11 added a file, 12 appended, 13 removed) ${other.stderr}`);
  });
});
