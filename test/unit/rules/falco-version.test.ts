// `rules test` and `rules check` follow the Falco release the user runs (--falco-version, default the
// actions' release): since Falco 0.42 (libs 0.22) syscall enter events never reach the rules, evt.num
// skips the enter events libscap's converter drops, and evt.dir in a rule is a LOAD_DEPRECATED_ITEM
// warning. Falco 0.41 and older see every event. The real Falco 0.44.1 checks the same on real captures
// in test/integration/falco-replay/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { loadRules } from '../../../src/rules/index.ts';
import { runRulesOnCapture } from '../../../src/rules/run.ts';
import { DEFAULT_FALCO_VERSION, falcoEventModel, FalcoVersionError } from '../../../src/rules/falco-version.ts';

let dir: string;
let capture: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-falco-version-'));
  capture = join(dir, 'job.scap');
  await writeCapture(
    parseCaptureDescription({
      processes: [
        { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
        { pid: 200, ppid: 1, comm: 'cat', exepath: '/usr/bin/cat', uid: 1001 },
      ],
      events: [
        { pid: 200, type: 'open', path: '/etc/hostname' },
        { pid: 200, type: 'read', path: '/etc/hostname', data: 'runner\n' },
        { pid: 200, type: 'write', fd: 1, data: 'runner\n' },
        { pid: 200, type: 'close', path: '/etc/hostname' },
        { pid: 200, type: 'procexit' },
      ],
    }),
    capture,
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const RULES = `
- rule: every event
  desc: all events with their number and direction
  condition: evt.num > 0
  output: "%evt.num %evt.type %evt.dir"
  priority: DEBUG
- rule: enter opens
  desc: never matches on Falco 0.42 and later
  condition: evt.type in (open, openat) and evt.dir = >
  output: "%evt.num"
  priority: DEBUG
`;

async function run(falcoVersion: string | undefined) {
  const set = loadRules([{ file: 'rules.yaml', text: RULES }], { model: falcoEventModel(falcoVersion) });
  const report = await runRulesOnCapture(set, capture, falcoVersion === undefined ? {} : { falcoVersion });
  const lines = (rule: string) => report.rules.find((entry) => entry.rule === rule)?.events.map((event) => event.output) ?? [];
  return { set, report, every: lines('every event'), enterOpens: lines('enter opens') };
}

test('the Falco version: a release, 0.39.0 or later; 0.42.0 is the first to drop syscall enter events', () => {
  assert.deepEqual(falcoEventModel(), { falcoVersion: DEFAULT_FALCO_VERSION, dropsSyscallEnterEvents: true });
  assert.equal(falcoEventModel('0.42.0').dropsSyscallEnterEvents, true);
  assert.equal(falcoEventModel(' 0.41.3 ').dropsSyscallEnterEvents, false);
  for (const bad of ['latest', '0.38.0', '1', '0.44']) assert.throws(() => falcoEventModel(bad), FalcoVersionError);
  assert.throws(() => falcoEventModel('latest'), /--falco-version must be a Falco release such as 0\.44\.1, 0\.39\.0 or later .* not 'latest'/);
});

test('Falco 0.41 sees every event, numbered by its position in the file', async () => {
  const { report, every, enterOpens } = await run('0.41.0');
  assert.equal(report.falcoVersion, '0.41.0');
  assert.ok(every.length > 0);
  // Every record of the file is an event here: numbers run 1..events without a gap.
  const numbers = every.map((line) => Number(line.split(' ')[0]));
  assert.deepEqual(numbers, Array.from({ length: report.events }, (_, index) => index + 1));
  for (const syscall of ['openat', 'read', 'write', 'close']) {
    assert.ok(every.some((line) => line.endsWith(` ${syscall} >`)), `${syscall} enter`);
    assert.ok(every.some((line) => line.endsWith(` ${syscall} <`)), `${syscall} exit`);
  }
  assert.equal(enterOpens.length, 1);
});

test('Falco 0.42 and later (the default): no syscall enter event matches; evt.num skips the dropped ones', async () => {
  const old = await run('0.41.0');
  const current = await run(undefined);
  assert.equal(current.report.falcoVersion, DEFAULT_FALCO_VERSION);
  assert.deepEqual(current.enterOpens, []);
  for (const syscall of ['openat', 'read', 'write', 'close']) {
    assert.ok(!current.every.some((line) => line.endsWith(` ${syscall} >`)), `no ${syscall} enter`);
    assert.equal(current.every.filter((line) => line.endsWith(` ${syscall} <`)).length, 1, `${syscall} exit`);
  }
  // procexit is a tracepoint, not a syscall: its enter-direction event still reaches the rules.
  assert.ok(current.every.some((line) => line.endsWith(' procexit >')));
  // libscap's converter passes openat's enter event on (numbered, then filtered before the rules) but
  // drops read's, write's and close's: each exit's number is its position minus the dropped enters before it.
  const oldLines = old.every.map((line) => line.split(' '));
  const expected: string[] = [];
  let dropped = 0;
  for (const [num, type, direction] of oldLines) {
    const syscallEnter = direction === '>' && type !== 'procexit' && type !== 'procinfo';
    if (syscallEnter && type !== 'openat') dropped++;
    if (!syscallEnter) expected.push(`${Number(num) - dropped} ${type} ${direction}`);
  }
  assert.equal(dropped, 3);
  assert.deepEqual(current.every, expected);
});

test('rules check warns about evt.dir as Falco 0.42 and later do, and not for older releases', () => {
  const text = `
- macro: exits
  condition: evt.dir = <
- rule: through a macro
  desc: d
  condition: evt.type = open and exits
  output: "%evt.num %evt.dir"
  priority: DEBUG
- rule: no direction
  desc: d
  condition: evt.type = open
  output: "%evt.num"
  priority: DEBUG
`;
  const messages = (falcoVersion: string) =>
    loadRules([{ file: 'dir.yaml', text }], { model: falcoEventModel(falcoVersion) }).problems.map((problem) => `${problem.line}: ${problem.severity}: ${problem.message}`);
  assert.deepEqual(messages('0.44.1'), [
    "6: warning: rule 'through a macro': LOAD_DEPRECATED_ITEM (Used deprecated item: field 'evt.dir'): due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates to false. The rule expression can be simplified by removing the condition on 'evt.dir'",
    "7: warning: rule 'through a macro': LOAD_DEPRECATED_ITEM (Used deprecated item: field 'evt.dir'): usage of deprecated field 'evt.dir' has been detected in the rule output",
  ]);
  assert.deepEqual(messages('0.41.3'), []);
});
