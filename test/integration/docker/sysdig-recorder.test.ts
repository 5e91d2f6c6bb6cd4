// The capture image of the tests (test/images/sysdig-recorder): sysdig's recording command line, run the
// way analyze mode runs the sysdig container (privileged, host /proc and /etc under /host, an output
// folder bound in), records real syscalls with Falco 0.44.1. The capture it leaves after SIGTERM or SIGINT is
// complete, reads in our reader and in sysdig 0.36.0, honours the `not evt.type in (...)` filter, and
// holds the execve of a process started on the host while it recorded.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it, type TestContext } from 'node:test';
import { setTimeout as delay } from 'node:timers/promises';
import { readCapture } from '../../../src/scap/index.ts';
import { docker, dockerOk, removeContainersByLabel } from '../../support/docker.ts';
import { isCi, repoRoot, requireDocker, requireRegistryImage, testRegistry } from '../../support/env.ts';

const LABEL = 'io.github.falco-actions.test';
const RUN = randomBytes(4).toString('hex');
const IMAGE = `${testRegistry()}/sysdig/sysdig:0.40.1`;
/** Syscalls the recording leaves out through its filter (frequent on any machine, so their absence tells). */
const IGNORED = ['futex', 'nanosleep'] as const;
/** sysdig 0.36.0 built for these machines beside the checkout; Debian's sysdig 0.29.3 crashes (SIGSEGV) on Falco 0.44 captures. */
const SHARED_SYSDIG = resolve(repoRoot(), '..', 'shared', 'sysdig', '0.36.0', 'usr', 'local', 'bin', 'sysdig');

after(async () => {
  await removeContainersByLabel(LABEL, RUN).catch(() => undefined);
});

function requireSharedSysdig(t: TestContext): boolean {
  if (existsSync(SHARED_SYSDIG)) return true;
  const reason = `sysdig 0.36.0 is missing (${SHARED_SYSDIG}); CI clones the repository with shared/ beside it`;
  if (isCi()) throw new Error(`CI=true but ${reason}`);
  t.skip(reason);
  return false;
}

function run(file: string, args: readonly string[]): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(file, [...args], { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 }, (error, stdout, stderr) =>
      error === null ? resolvePromise(stdout) : reject(new Error(`${file} ${args.join(' ')}: ${error.message}\n${stderr}`)),
    );
  });
}

async function containerRunning(name: string): Promise<boolean> {
  const result = await docker(['inspect', '--format', '{{.State.Running}}', name]);
  return result.exitCode === 0 && result.stdout.trim() === 'true';
}

describe('sysdig recorder image', () => {
  for (const signal of ['TERM', 'INT'] as const) {
    it(`records a host process started while it runs, and leaves a complete capture after SIG${signal}`, async (t) => {
      if (!(await requireDocker(t)) || !(await requireRegistryImage(t, IMAGE)) || !requireSharedSysdig(t)) return;
      const dir = await mkdtemp(join(tmpdir(), 'falco-actions-recorder-'));
      t.after(() => rm(dir, { recursive: true, force: true }));
      // A uniquely named command (comm is at most 15 characters) running the host's sleep.
      const probeName = `rp-${RUN}${signal[0]}`;
      const probe = join(dir, probeName);
      await symlink('/bin/sleep', probe);
      const capture = join(dir, 'capture.scap');
      const container = `falco-actions-recorder-${RUN}-${signal.toLowerCase()}`;

      await dockerOk([
        'run', '--detach', '--name', container, '--label', `${LABEL}=${RUN}`, '--privileged',
        '--volume', '/proc:/host/proc:ro', '--volume', '/etc:/host/etc:ro', '--volume', `${dir}:/capture`,
        IMAGE, 'sysdig', '--modern-bpf', '-w', '/capture/capture.scap', '--snaplen=256', `not evt.type in (${IGNORED.join(', ')})`,
      ]);
      // The recorder links the file once Falco has opened the capture; every event after that is in it.
      const deadline = Date.now() + 90_000;
      while (!existsSync(capture)) {
        const logs = await docker(['logs', container]);
        assert.ok(await containerRunning(container), `the recorder exited before recording:\n${logs.stderr}`);
        assert.ok(Date.now() < deadline, `no capture after 90 s:\n${logs.stderr}`);
        await delay(250);
      }
      await run(probe, ['0.2']);

      await dockerOk(['kill', '--signal', signal, container]);
      const exitCode = Number((await dockerOk(['wait', container], { timeoutMs: 60_000 })).trim());
      const logs = await docker(['logs', container]);
      assert.equal(exitCode, 0, `the recorder exited with ${exitCode}:\n${logs.stderr}`);
      assert.ok(lstatSync(capture).isFile(), 'after the stop the capture is a file, not the link to Falco\'s file');

      const execs: string[] = [];
      const types = new Set<string>();
      const summary = await readCapture(capture, (event) => {
        types.add(event.name);
        if (event.name === 'execve' && event.dir === '<' && event.thread?.comm === probeName) execs.push(`${event.thread.exe} -> ${event.thread.exepath}`);
      });
      assert.equal(summary.truncated, undefined, 'the signal closes the capture: no partial block at its end');
      assert.equal(summary.damage, undefined);
      // argv[0] is the link the test ran; the kernel's executable is what it points to.
      const expected = `${probe} -> ${realpathSync('/bin/sleep')}`;
      assert.deepEqual(execs, [expected], 'our reader finds the probe\'s execve');
      for (const ignored of IGNORED) assert.ok(!types.has(ignored), `the filter leaves ${ignored} out`);
      assert.ok(types.has('read') && types.has('openat'), `the capture holds the everyday syscalls (saw ${[...types].sort().join(', ')})`);

      const sysdigSays = await run(SHARED_SYSDIG, ['-r', capture, '-p', '%proc.exe -> %proc.exepath', `evt.type=execve and evt.dir=< and proc.name=${probeName}`]);
      assert.deepEqual(sysdigSays.trim().split('\n'), [expected], 'sysdig finds the probe\'s execve');
    });
  }

  it('refuses what it cannot record like sysdig would, with the reason', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, IMAGE))) return;
    const cases: Array<{ args: string[]; says: RegExp }> = [
      { args: ['-w', '/tmp/c.scap'], says: /--modern-bpf is required/ },
      { args: ['--modern-bpf'], says: /-w FILE is required/ },
      { args: ['--modern-bpf', '-w', '/tmp/c.scap', '--snaplen=0'], says: /snaplen 0 is outside 1\.\.65536/ },
      { args: ['--modern-bpf', '-w', '/tmp/c.scap', '-k', 'x'], says: /option -k is not supported/ },
      { args: ['--modern-bpf', '-w', '/tmp/c.scap', 'proc.name=make'], says: /filter 'proc\.name=make' is not supported; .*not evt\.type in/ },
    ];
    for (const { args, says } of cases) {
      const result = await docker(['run', '--rm', '--network', 'none', '--label', `${LABEL}=${RUN}`, IMAGE, 'sysdig', ...args]);
      assert.equal(result.exitCode, 1, `sysdig ${args.join(' ')} exits 1`);
      assert.match(result.stderr, says);
    }
  });
});
