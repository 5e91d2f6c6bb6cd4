import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FALCO_PRIORITIES, highestPriority, isAtLeast, parseFalcoPriority } from '../../../src/falco/priority.ts';
import { isoToEpochNs, processChain, toFalcoAlert } from '../../../src/falco/alert.ts';
import { describeProblem, readEventsFile, MAX_KEPT_PROBLEMS } from '../../../src/falco/events-file.ts';
import { falcoLine, markerLine } from './falco-lines.ts';

// A line as Falco 0.4x prints it (keys sorted by nlohmann::json; evt.time an integer of nanoseconds).
const REAL_LINE =
  '{"hostname":"falcox33-falco-obsec-5z652","output":"22:39:47.261363951: Notice Memory dump process launched in container (user=<NA> command=dd if=/dev/mem of=mem_dump.bin)","output_fields":{"container.id":"28c0c7a20575","evt.time":1740609587261363951,"proc.cmdline":"dd if=/dev/mem of=mem_dump.bin","user.loginuid":-1,"user.name":"<NA>"},"priority":"Notice","rule":"Memory dump process in Container [custom]","source":"syscall","tags":["container","host","mitre_credential_access","process"],"time":"2025-02-26T22:39:47.261363951Z"}';

test('priorities: Falco order, case-insensitive parsing with the "info" alias, thresholds', () => {
  assert.deepEqual(FALCO_PRIORITIES, ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug']);
  assert.equal(parseFalcoPriority('Warning'), 'warning');
  assert.equal(parseFalcoPriority('INFORMATIONAL'), 'informational');
  assert.equal(parseFalcoPriority('Info'), 'informational');
  assert.equal(parseFalcoPriority('warn'), undefined);
  assert.equal(parseFalcoPriority(''), undefined);
  assert.ok(isAtLeast('critical', 'warning'));
  assert.ok(isAtLeast('warning', 'warning'));
  assert.ok(!isAtLeast('notice', 'warning'));
  assert.ok(isAtLeast('emergency', 'emergency'));
  assert.ok(!isAtLeast('debug', 'informational'));
  assert.equal(highestPriority(['notice', 'error', 'debug']), 'error');
  assert.equal(highestPriority([]), undefined);
});

test('a real Falco JSON line parses, time exact to the nanosecond', () => {
  const result = toFalcoAlert(JSON.parse(REAL_LINE), 1);
  assert.ok(result.ok);
  const alert = result.alert;
  assert.equal(alert.rule, 'Memory dump process in Container [custom]');
  assert.equal(alert.priority, 'notice');
  assert.equal(alert.source, 'syscall');
  assert.equal(alert.hostname, 'falcox33-falco-obsec-5z652');
  assert.deepEqual(alert.tags, ['container', 'host', 'mitre_credential_access', 'process']);
  assert.equal(alert.epochNs, 1740609587261363951n);
  assert.equal(alert.fields['proc.cmdline'], 'dd if=/dev/mem of=mem_dump.bin');
});

test('lines with output, tags or output_fields switched off in falco.yaml still parse', () => {
  const minimal = toFalcoAlert({ hostname: 'h', priority: 'Critical', rule: 'r', source: 'syscall', time: '2025-01-01T00:00:00.000000001Z' }, 3);
  assert.ok(minimal.ok);
  assert.equal(minimal.alert.output, '');
  assert.deepEqual(minimal.alert.fields, {});
  assert.equal(minimal.alert.epochNs, 1735689600000000001n);
});

test('schema rejects what is not a Falco alert, naming the field', () => {
  const bad = (value: unknown) => {
    const result = toFalcoAlert(value, 1);
    assert.ok(!result.ok);
    return result.reason;
  };
  assert.match(bad({ rule: 'r', priority: 'Loud', time: '2025-01-01T00:00:00.1Z' }), /"priority" is not a Falco priority/);
  assert.match(bad({ rule: 'r', priority: 'Debug', time: '2025-01-01 00:00:00' }), /"time" is not an ISO 8601/);
  assert.match(bad({ priority: 'Debug', time: '2025-01-01T00:00:00Z' }), /"rule"/);
  assert.match(bad([1, 2]), /not a Falco alert/);
  assert.equal(isoToEpochNs('2025-13-45T99:00:00Z'), undefined);
});

test('process chain: pid, then apid[1..12] nearest first; ppid stands in for a missing apid[1]', () => {
  const line = falcoLine({ rule: 'x', priority: 'Warning', time: '2026-11-23T04:00:21.000000000Z', chain: [900, 800, 700, 2100] });
  const result = toFalcoAlert(JSON.parse(line), 1);
  assert.ok(result.ok);
  assert.deepEqual(processChain(result.alert), [900, 800, 700, 2100]);
  const viaPpid = toFalcoAlert({ rule: 'x', priority: 'Warning', time: '2026-11-23T04:00:21Z', output_fields: { 'proc.pid': '5', 'proc.ppid': 4, 'proc.apid[2]': '<NA>', 'proc.apid[3]': 2 } }, 1);
  assert.ok(viaPpid.ok);
  assert.deepEqual(processChain(viaPpid.alert), [5, 4, 2]);
});

function withFile(content: string | Buffer | undefined, body: (path: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'falco-events-'));
  const path = join(dir, 'events.json');
  if (content !== undefined) writeFileSync(path, content);
  return body(path).finally(() => rmSync(dir, { recursive: true, force: true }));
}

test('events file: good lines kept, bad and half-written lines reported with their numbers', async () => {
  const lines = [
    markerLine('2026-11-23T04:00:20.100000000Z', 3001, '/usr/bin/bash -e /home/runner/work/_temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh'),
    REAL_LINE,
    '',
    'Falco internal: syscall event drop. 12 system calls dropped in last second.',
    '{"rule":"r","priority":"Nope","time":"2026-11-23T04:00:22.000000000Z"}',
    falcoLine({ rule: 'Read sensitive file untrusted', priority: 'Warning', time: '2026-11-23T04:00:23.000000000Z', chain: [3005, 3001, 2100] }),
  ];
  const halfWritten = falcoLine({ rule: 'Late', priority: 'Error', time: '2026-11-23T04:00:24.000000000Z' }).slice(0, 70);
  await withFile(`${lines.join('\n')}\n${halfWritten}`, async (path) => {
    const { alerts, problems } = await readEventsFile(path);
    assert.deepEqual(alerts.map((alert) => alert.lineNumber), [1, 2, 6]);
    assert.deepEqual(problems.map((problem) => problem.line), [4, 5, 7]);
    assert.match(problems[0]?.reason ?? '', /^not JSON: Falco internal/);
    assert.match(problems[1]?.reason ?? '', /priority/);
    assert.match(problems[2]?.reason ?? '', /^incomplete last line/);
    assert.match(describeProblem(problems[2] as { line: number; reason: string }), /^line 7: incomplete last line/);
  });
});

test('events file: a complete last line without newline is kept; CRLF tolerated', async () => {
  const a = falcoLine({ rule: 'A', priority: 'Notice', time: '2026-11-23T04:00:23.000000000Z' });
  const b = falcoLine({ rule: 'B', priority: 'Critical', time: '2026-11-23T04:00:24.000000000Z' });
  await withFile(`${a}\r\n${b}`, async (path) => {
    const { alerts, problems } = await readEventsFile(path);
    assert.deepEqual(alerts.map((alert) => alert.rule), ['A', 'B']);
    assert.deepEqual(problems, []);
  });
});

test('events file: missing and empty files are clear problems, not exceptions', async () => {
  await withFile(undefined, async (path) => {
    const { alerts, problems } = await readEventsFile(path);
    assert.equal(alerts.length, 0);
    assert.match(problems[0]?.reason ?? '', /does not exist/);
  });
  await withFile('', async (path) => {
    const { problems } = await readEventsFile(path);
    assert.match(problems[0]?.reason ?? '', /is empty/);
  });
});

test('events file: many lines are streamed and none is lost', async () => {
  const count = 20000;
  const lines: string[] = [];
  for (let i = 0; i < count; i += 1) {
    lines.push(falcoLine({ rule: `R${i % 7}`, priority: 'Notice', time: `2026-11-23T04:00:${String(10 + (i % 40)).padStart(2, '0')}.${String(i).padStart(9, '0')}Z`, chain: [10000 + i, 3001] }));
  }
  await withFile(`${lines.join('\n')}\n`, async (path) => {
    const { alerts, problems } = await readEventsFile(path);
    assert.equal(alerts.length, count);
    assert.equal(problems.length, 0);
    assert.equal(alerts.at(-1)?.lineNumber, count);
  });
});

test('events file: a bad line is quoted on one line, invisible and bidi characters blanked, cut by code points', async () => {
  const hostile = `\u202Egnp.exe\u202C zero\u200Bwidth\u2028next\u0085nel\u0007 ${'😀'.repeat(100)}`;
  await withFile(`${hostile}\n`, async (path) => {
    const { problems } = await readEventsFile(path);
    const reason = problems[0]?.reason ?? '';
    assert.match(reason, /^not JSON:  gnp\.exe  zero width next nel  😀/);
    assert.doesNotMatch(reason, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u);
    assert.ok(reason.endsWith('😀…'), `cut at a whole character: ${reason.slice(-6)}`);
    assert.doesNotMatch(reason, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no lone surrogate');
  });
});

test('events file: a file of garbage keeps the first 1000 problems and counts the rest; good lines after it still count', async () => {
  const good = falcoLine({ rule: 'After garbage', priority: 'Notice', time: '2026-11-23T04:00:23.000000000Z' });
  const garbage = Array.from({ length: MAX_KEPT_PROBLEMS + 1500 }, (_, i) => `garbage ${i}`);
  await withFile(`${[...garbage, good].join('\n')}\n`, async (path) => {
    const { alerts, problems, omittedProblems } = await readEventsFile(path);
    assert.deepEqual(alerts.map((alert) => alert.rule), ['After garbage']);
    assert.equal(problems.length, MAX_KEPT_PROBLEMS);
    assert.equal(omittedProblems, 1500);
    assert.equal(problems.at(-1)?.line, MAX_KEPT_PROBLEMS);
  });
});
