// The `rules` sub-command as users run it: a real process, real files, exit codes and output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { RuleTestReportSchema } from '../../../src/rules/run.ts';
import { runCli } from '../../support/cli.ts';
import { repoPath } from '../../support/env.ts';

const cli = (args: string[]) => runCli(args);

let dir: string;
let capture: string;
let rulesFile: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-rules-cli-'));
  capture = join(dir, 'job.scap');
  // A process name and a path a hostile job controls, with Markdown and HTML in them.
  await writeCapture(
    parseCaptureDescription({
      processes: [
        { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
        { pid: 200, ppid: 1, comm: 'x|<img>', exepath: '/tmp/x', uid: 1001 },
      ],
      events: [
        { pid: 200, type: 'open', path: '/tmp/a|b<script>`x`.txt', flags: ['O_WRONLY', 'O_CREAT'] },
        { pid: 200, type: 'open', path: '/etc/hostname' },
      ],
    }),
    capture,
  );
  rulesFile = join(dir, 'tmp_writes.yaml');
  await writeFile(rulesFile, `
- rule: Write under tmp
  desc: a file under /tmp opened for writing
  condition: evt.type in (open, openat) and evt.is_open_write = true and fd.name startswith /tmp/
  output: "%proc.name wrote %fd.name as %user.name"
  priority: WARNING
  tags: [test]
- rule: Never
  desc: matches nothing
  condition: evt.type = openat and fd.name = /nowhere
  output: "never %fd.name"
  priority: DEBUG
`);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('rules check: exit 0 on our packs, exit 1 with file:line errors on a broken file', async () => {
  const good = await cli(['rules', 'check', 'rules/falco_cicd_rules.yaml', 'rules/devops_toolchain_rules.yaml']);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /18 rules, \d+ macros, \d+ lists: OK/);
  const bad = await cli(['rules', 'check', 'test/fixtures/rule-files/undefined-macro.yaml', 'test/fixtures/rule-files/bad-priority.yaml']);
  assert.equal(bad.code, 1);
  assert.deepEqual(bad.stderr.trim().split('\n'), [
    "test/fixtures/rule-files/undefined-macro.yaml:3:14: error: rule 'Shell in job': condition: undefined macro 'spawned_process' at 1:1 (offset 0)",
    "test/fixtures/rule-files/bad-priority.yaml:5:13: error: rule 'Anything': invalid priority 'SEVERE' (one of emergency, alert, critical, error, warning, notice, informational, debug)",
  ]);
  assert.equal((await cli(['rules', 'check'])).code, 2);
});

test('rules test --format json: one entry per rule, 1-based event numbers, outputs filled in', async () => {
  const run = await cli(['rules', 'test', '--rules', rulesFile, capture]);
  assert.equal(run.code, 0, run.stderr);
  const report = RuleTestReportSchema.parse(JSON.parse(run.stdout));
  assert.deepEqual(report.rules.map((rule) => [rule.rule, rule.priority, rule.matches]), [['Write under tmp', 'warning', 1], ['Never', 'debug', 0]]);
  const match = report.rules[0]?.events[0];
  assert.equal(match?.output, 'x|<img> wrote /tmp/a|b<script>`x`.txt as runner');
  assert.match(match?.time ?? '', /^2025-06-02T09:30:00\.\d{9}Z$/);
  assert.ok(Number.isInteger(match?.num) && (match?.num ?? 0) >= 1 && (match?.num ?? 0) <= report.events);
});

test('rules test --format markdown escapes what the job controls', async () => {
  const run = await cli(['rules', 'test', '--format', 'markdown', '--rules', rulesFile, capture]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /## ` Write under tmp `/);
  // Job-controlled text is in code spans, cut at its pipes (test/integration/report renders it with cmark-gfm).
  assert.ok(run.stdout.includes('| ` x `\\|` <img> wrote /tmp/a `\\|`` b<script>`x`.txt as runner `` |'), run.stdout);
});

test('rules test refuses bad arguments and broken rule files with clear errors', async () => {
  const noCapture = await cli(['rules', 'test', '--rules', rulesFile]);
  assert.equal(noCapture.code, 2);
  assert.match(noCapture.stderr, /give --rules FILE \(one or more\) and exactly one CAPTURE/);
  const format = await cli(['rules', 'test', '--format', 'xml', '--rules', rulesFile, capture]);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format must be json or markdown, not 'xml'/);
  const version = await cli(['rules', 'test', '--falco-version', 'latest', '--rules', rulesFile, capture]);
  assert.equal(version.code, 2);
  assert.match(version.stderr, /--falco-version must be a Falco release such as \d+\.\d+\.\d+, 0\.39\.0 or later .*not 'latest'/);
  const older = await cli(['rules', 'test', '--falco-version', '0.41.0', '--rules', rulesFile, capture]);
  assert.equal(older.code, 0, older.stderr);
  assert.equal(RuleTestReportSchema.parse(JSON.parse(older.stdout)).falcoVersion, '0.41.0');
  const checkVersion = await cli(['rules', 'check', '--falco-version', '0.1.0', rulesFile]);
  assert.equal(checkVersion.code, 2);
  assert.match(checkVersion.stderr, /rules check: --falco-version must be/);
  const broken = await cli(['rules', 'test', '--rules', 'test/fixtures/rule-files/unknown-field.yaml', capture]);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /unknown-field.yaml:4:5: error: .*proc.pnmae/);
  const skipped = await cli(['rules', 'test', '--rules', 'test/fixtures/rule-files/falco-field-we-cannot-evaluate.yaml', capture]);
  assert.equal(skipped.code, 0, skipped.stderr);
  assert.match(skipped.stderr, /warning: rule 'Shell with a terminal': uses the Falco field 'proc.tty'/);
  assert.deepEqual(RuleTestReportSchema.parse(JSON.parse(skipped.stdout)).rules.map((rule) => [rule.rule, rule.skipped, rule.matches]), [
    ['Shell with a terminal', "uses the Falco field 'proc.tty', which falco-actions cannot evaluate on a capture", 0],
  ]);
  const notCapture = await cli(['rules', 'test', '--rules', rulesFile, rulesFile]);
  assert.equal(notCapture.code, 1);
  assert.match(notCapture.stderr, /falco-actions: .*tmp_writes.yaml/);
});

/** The capture with the length field of one block zeroed: the `index`-th block whose type is an event. */
async function damagedCopy(source: string, target: string): Promise<{ offset: number }> {
  const bytes = Buffer.from(await readFile(source));
  const blocks: Array<{ offset: number; type: number }> = [];
  for (let offset = 0; offset + 8 <= bytes.length; offset += bytes.readUInt32LE(offset + 4)) {
    blocks.push({ offset, type: bytes.readUInt32LE(offset) });
    if (bytes.readUInt32LE(offset + 4) === 0) break;
  }
  // The first event block after the one holding the first open: damage between the two opens.
  const events = blocks.filter((block) => block.type !== blocks[0]!.type && block.offset > blocks[0]!.offset);
  const victim = events[Math.floor(events.length / 2)]!;
  bytes.writeUInt32LE(0, victim.offset + 4);
  await writeFile(target, bytes);
  return { offset: victim.offset };
}

test('rules test: the JSON starts with a summary of the rules that fired, most severe first', async () => {
  const run = await cli(['rules', 'test', '--rules', rulesFile, capture]);
  assert.equal(run.code, 0, run.stderr);
  assert.ok(run.stdout.startsWith('{"summary":'), run.stdout.slice(0, 40));
  assert.deepEqual(RuleTestReportSchema.parse(JSON.parse(run.stdout)).summary, { rulesFired: 1, matches: 1, fired: [{ rule: 'Write under tmp', priority: 'warning', matches: 1 }] });
  const markdown = await cli(['rules', 'test', '--format', 'markdown', '--rules', rulesFile, capture]);
  assert.ok(markdown.stdout.indexOf('## Summary') >= 0 && markdown.stdout.indexOf('## Summary') < markdown.stdout.indexOf('## ` Write under tmp `'));
  // Rule names come from rule files a pull request controls: code spans, as every hostile cell.
  assert.match(markdown.stdout, /1 rule fired, 1 match:\n\n\| rule \| priority \| matches \|\n\| --- \| --- \| ---: \|\n\| ` Write under tmp ` \| warning \| 1 \|/);
});

test('rules test --fail-on: exit 1 when a rule at or above the priority fired, 0 below it; a bad priority is a usage error', async () => {
  const atWarning = await cli(['rules', 'test', '--fail-on', 'WARNING', '--rules', rulesFile, capture]);
  assert.equal(atWarning.code, 1);
  assert.match(atWarning.stderr, /1 rule at warning or above fired \(--fail-on warning\): "Write under tmp" 1x/);
  assert.equal(RuleTestReportSchema.parse(JSON.parse(atWarning.stdout)).summary.rulesFired, 1, 'the report is still printed');
  assert.equal((await cli(['rules', 'test', '--fail-on', 'notice', '--rules', rulesFile, capture])).code, 1);
  const aboveIt = await cli(['rules', 'test', '--fail-on', 'error', '--rules', rulesFile, capture]);
  assert.equal(aboveIt.code, 0, aboveIt.stderr);
  const bad = await cli(['rules', 'test', '--fail-on', 'loud', '--rules', rulesFile, capture]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--fail-on must be a Falco priority \(emergency, alert, critical, error, warning, notice, informational, debug\), not "loud"/);
});

test('rules test on a damaged capture: the damage line, exit 3, and every match outside the damage', async () => {
  const many = join(dir, 'many.scap');
  await writeCapture(
    parseCaptureDescription({
      processes: [
        { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
        { pid: 200, ppid: 1, comm: 'writer', exepath: '/tmp/writer', uid: 1001 },
      ],
      events: Array.from({ length: 20 }, (_, index) => ({ pid: 200, type: 'open' as const, path: `/tmp/file-${index}`, flags: ['O_WRONLY' as const, 'O_CREAT' as const] })),
    }),
    many,
  );
  const whole = await cli(['rules', 'test', '--rules', rulesFile, many]);
  assert.equal(whole.code, 0, whole.stderr);
  const wholeReport = RuleTestReportSchema.parse(JSON.parse(whole.stdout));
  assert.equal(wholeReport.summary.matches, 20);
  const outputs = (report: typeof wholeReport) => report.rules.flatMap((rule) => rule.events.map((event) => event.output));
  const damaged = join(dir, 'damaged.scap');
  const { offset } = await damagedCopy(many, damaged);
  const run = await cli(['rules', 'test', '--rules', rulesFile, damaged]);
  assert.equal(run.code, 3, run.stderr);
  assert.match(run.stderr, new RegExp(`rules test: ${damaged.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is damaged: one damaged region, \\d+ bytes skipped, the first at byte ${offset} `));
  const report = RuleTestReportSchema.parse(JSON.parse(run.stdout));
  assert.equal(report.damage?.regionCount, 1);
  assert.equal(report.damage?.regions[0]?.offset, offset);
  // One damaged block holds one event: at most that event's match is lost, every other one is kept.
  const kept = outputs(report);
  assert.ok(kept.every((output) => outputs(wholeReport).includes(output)));
  assert.ok(kept.length >= 19, `matches kept: ${kept.length} of 20`);
  assert.equal(report.summary.matches, kept.length);
  // --fail-on decides the exit code when a rule fired, damage or not.
  assert.equal((await cli(['rules', 'test', '--fail-on', 'warning', '--rules', rulesFile, damaged])).code, 1);
});
