// The `rules` sub-command as users run it: a real process, real files, exit codes and output.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
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
