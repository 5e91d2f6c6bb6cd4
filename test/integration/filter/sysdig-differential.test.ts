// Differential tests: the same condition through `rules test` (each condition becomes a rule; the run
// reports the event numbers it matched) and through Debian's sysdig 0.29.3
// (`sysdig -r CAPTURE -p %evt.num COND`) must select exactly the same events of the shared captures.
//
// Falco 0.44 is the reference; test/integration/falco-replay/ compares with it directly. sysdig stays
// useful for the field semantics, and differs from Falco 0.44 in these ways, each written down here:
// - the event model: sysdig 0.29.3 (like Falco 0.41 and older) evaluates every event, enter events
//   included, and numbers every event record. Falco 0.42+ (libs 0.22+) never gives a syscall enter
//   event to the rules and numbers only what libscap's converter passes on (src/rules/falco-version.ts).
//   So each condition is compared twice: `rules test --falco-version 0.41.0` against sysdig as is, and
//   `rules test` (0.44.1) against sysdig's matches that reach Falco 0.44's rules, renumbered as Falco
//   0.44 numbers them (a condition such as `evt.dir = >` on syscalls then selects nothing).
// Where sysdig 0.29.3 differs from current libsinsp in field semantics, we follow current libsinsp; the
// last test pins those differences so this list stays true:
// - mmap/mmap2 carry EF_USES_FD in today's event table: fd.* fields have values on them (0.29: none);
// - an old-style `open` enter event: fd.typechar is 'o' today (extract_typechar), 'f' in 0.29;
// - a thread created with CLONE_THREAD: proc.pname is the parent of its process (get_ancestor_process),
//   in 0.29 the thread that created it;
// - threads missing from the thread table: libsinsp invents an empty thread (container.id=host,
//   user.loginuid=-1 ...), we give no value (only thread.tid, which the event carries);
// - fd.num on the exit of an fd missing from the fd table: libsinsp keeps the enter event's fd, our
//   reader does not pass it for events whose exit lacks an fd parameter;
// - exit events of old captures: current libsinsp converts them to today's format, filling parameters
//   (e.g. fd) from the enter event, so evt.arg.fd/evt.rawarg.fd have values on exits where 0.29 has none;
// - user.uid/user.name: 0.29 answers only for uids in the capture's user table, today user.uid is the
//   thread's uid always;
// - 0.29 cannot parse IPv6 CIDRs ("unrecognized IPv6 address") nor quoted regex escapes we refuse as
//   today's libsinsp does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { compileFilter, isInternalEvent } from '../../../src/filter/index.ts';
import { loadRules } from '../../../src/rules/index.ts';
import { captureContext, runRulesOnCapture } from '../../../src/rules/run.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { requireSharedCaptures, requireSysdig, sharedCapturesDir } from '../../support/env.ts';
import { falcoEventModel } from '../../../src/rules/falco-version.ts';
import { falcoNumbersOfRecords } from '../../support/falco-replay.ts';

const run = promisify(execFile);

async function sysdigMatches(capture: string, condition: string): Promise<number[]> {
  const { stdout } = await run('sysdig', ['-r', capture, '-p', '%evt.num', condition], { maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\n').filter((line) => line !== '').map(Number);
}

async function ourMatches(capture: string, condition: string): Promise<number[]> {
  const predicate = compileFilter(condition);
  const context = await captureContext(capture);
  const matches: number[] = [];
  await readCapture(capture, (event) => {
    if (!isInternalEvent(event) && predicate(event, context)) matches.push(event.num);
  });
  return matches;
}

const AGREED: Record<string, string[]> = {
  'cat_write.scap': [
    'evt.type = openat', 'evt.dir = <', 'proc.name = cat', 'evt.res = SUCCESS', 'evt.failed = true',
    'evt.is_open_read = true', 'evt.is_open_write = true', 'evt.type = open and fd.name startswith /etc',
    'evt.type in (open, openat) and fd.typechar = f and evt.dir = <', 'proc.aname[1] = bash', 'proc.cwd = /',
'evt.arg.flags contains O_RDONLY', 'evt.arg.name endswith .so.6',
    'evt.type = write and fd.num = 1', 'evt.type = open and fd.name glob "/lib/*"',
    'evt.type = open and fd.name pmatch (/usr/lib, /etc)', 'proc.name icontains CA', 'not proc.name in (cat, bash)',
    'evt.arg.res = ENOENT', 'evt.type = close and evt.dir = > and fd.filename exists',
  ],
  'open-multiple-files.scap': [
    'evt.type = open and evt.dir = <', 'evt.is_open_write = true', 'fd.directory = /tmp', 'evt.res != SUCCESS',
    'evt.rawres < 0 and evt.type = open', 'proc.name = python and evt.type = write',
  ],
  'connect_localhost.scap': [
    'evt.type = connect', 'fd.typechar = 4', 'fd.sip = 127.0.0.1', 'fd.snet = "127.0.0.0/8"', 'fd.l4proto = tcp',
    'fd.sport > 1000', 'fd.cport exists', 'fd.rip = 127.0.0.1 and fd.lport exists',
  ],
  'ping_sendto.scap': ['evt.type = sendto', 'fd.num >= 0', 'fd.typechar = 4 or fd.typechar = o', 'evt.dir = > and thread.tid exists'],
  'syscall.scap': ['evt.type = open', 'evt.dir = <', 'thread.tid exists', 'evt.res = SUCCESS'],
  'curl_google.scap': [
    'evt.type = connect and evt.dir = <', 'fd.typechar = 6', 'fd.l4proto = udp', 'fd.sport = 53', 'fd.rport = 80',
    'fd.sip = "2001:4860:4860::8888"', 'fd.type = ipv6 and evt.type in (sendto, recvfrom, sendmsg, recvmsg)',
    'proc.cmdline contains google', 'proc.args contains www', 'proc.exe = curl', 'evt.type = execve and evt.dir = <',
    'proc.ppid = 3200', 'proc.apid[1] = 3200', 'proc.exepath = /usr/bin/curl',
    'proc.pname = bash and thread.tid = 17497', 'proc.aname = bash and thread.tid = 17497',
    'evt.type = open and evt.arg.flags = "O_RDONLY|O_CLOEXEC"', 'evt.type = open and fd.name contains libcurl',
  ],
};

for (const [capture, conditions] of Object.entries(AGREED)) {
  test(`our matches equal sysdig's on ${capture}`, async (t) => {
    if (!requireSharedCaptures(t) || !(await requireSysdig(t))) return;
    const path = join(sharedCapturesDir(), capture);
    // One rule per condition, all run in one pass as `falco-actions rules test` runs them.
    const text = conditions
      .map((condition, index) => `- rule: c${index}\n  desc: d\n  condition: ${JSON.stringify(condition)}\n  output: "%evt.num"\n  priority: DEBUG\n`)
      .join('');
    const rules = loadRules([{ file: 'differential.yaml', text }]);
    assert.deepEqual(rules.problems.filter((problem) => problem.severity === 'error'), []);
    const everyEvent = await runRulesOnCapture(rules, path, { falcoVersion: '0.41.0' });
    const falco044 = await runRulesOnCapture(rules, path);
    const falcoNumbers = await falcoNumbersOfRecords(path, falcoEventModel());
    const differences: string[] = [];
    const only = (a: number[], b: number[]) => a.filter((num) => !b.includes(num)).slice(0, 5).join(',');
    for (const [index, condition] of conditions.entries()) {
      const theirs = await sysdigMatches(path, condition);
      for (const [model, report, expected] of [
        ['0.41', everyEvent, theirs],
        ['0.44', falco044, theirs.flatMap((num) => falcoNumbers.get(num) ?? [])],
      ] as const) {
        const entry = report.rules[index];
        const ours = entry?.events.map((match) => match.num) ?? [];
        assert.equal(entry?.matches, ours.length);
        assert.deepEqual(entry?.events.map((match) => Number(match.output)), ours, 'outputs carry the same event numbers');
        if (model === '0.41') assert.ok(theirs.length > 0 || ours.length === 0, `${capture}: ${condition}`);
        if (ours.join() !== expected.join()) differences.push(`${model}: ${condition}: ours ${ours.length} [only ${only(ours, expected)}], sysdig ${expected.length} [only ${only(expected, ours)}]`);
      }
    }
    assert.deepEqual(differences, [], differences.join('\n'));
  });
}

test('documented differences from sysdig 0.29.3 are real (current libsinsp semantics)', async (t) => {
  if (!requireSharedCaptures(t) || !(await requireSysdig(t))) return;
  const cat = join(sharedCapturesDir(), 'cat_write.scap');
  const curl = join(sharedCapturesDir(), 'curl_google.scap');
  // mmap uses an fd today
  assert.ok((await ourMatches(cat, 'evt.type = mmap and fd.name exists')).length > 0);
  assert.equal((await sysdigMatches(cat, 'evt.type = mmap and fd.name exists')).length, 0);
  // the curl resolver thread's parent
  assert.ok((await ourMatches(curl, 'thread.tid = 17498 and proc.pname = bash')).length > 0);
  assert.equal((await sysdigMatches(curl, 'thread.tid = 17498 and proc.pname = bash')).length, 0);
});
