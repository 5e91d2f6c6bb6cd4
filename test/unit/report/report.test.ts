import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toFalcoAlert } from '../../../src/falco/alert.ts';
import { FALCO_PRIORITIES, type FalcoPriority } from '../../../src/falco/priority.ts';
import { describeStepProcess, type AttributedAlert } from '../../../src/attribution/index.ts';
import {
  failOnVerdict,
  renderLiveSummary,
  ruleAnnotations,
  STEP_SUMMARY_LIMIT_BYTES,
  type LiveSummaryModel,
} from '../../../src/report/index.ts';
import { falcoLine } from '../falco/falco-lines.ts';
import { NASTY } from './nasty.ts';

let line = 0;
function finding(rule: string, priority: string, output: string, steps: string[] = ['Build'], second = 25): AttributedAlert {
  line += 1;
  const text = falcoLine({ rule, priority, time: `2026-11-23T04:00:${String(second).padStart(2, '0')}.123456789Z`, chain: [100, 50] });
  const parsed = JSON.parse(text) as { output: string };
  parsed.output = output;
  const result = toFalcoAlert(parsed, line);
  if (!result.ok) throw new Error(result.reason);
  return { alert: result.alert, steps: steps.map((name, index) => ({ number: index + 4, name })), method: 'process' };
}

const model = (findings: AttributedAlert[], extra: Partial<LiveSummaryModel> = {}): LiveSummaryModel => ({
  findings,
  notes: [],
  problems: [],
  cost: { cpuSeconds: 1.234, peakMemoryBytes: 52428800, startSeconds: 8.5, stopSeconds: 2 },
  failOn: 'none',
  ...extra,
});


test('summary table keeps one row per alert and five cells per row, whatever the output holds', () => {
  const findings = NASTY.map((nasty, index) => finding(`rule ${index} | <b>`, 'Warning', nasty, [`step @me ${index}`]));
  const { markdown, omittedRows } = renderLiveSummary(model(findings));
  assert.equal(omittedRows, 0);
  const alertsTable = markdown.slice(markdown.indexOf('### Alerts'), markdown.indexOf('### What monitoring cost'));
  const rows = alertsTable.split('\n').filter((text) => text.startsWith('| ') && /\| Warning \|/.test(text));
  assert.equal(rows.length, NASTY.length);
  for (const row of rows) {
    assert.equal(row.split(/(?<!\\)\|/).length - 1, 6, `row has exactly 6 cell pipes: ${row}`);
  }
  // Every hostile value sits inside code spans; outside them no markup is left.
  const outsideCode = markdown.replace(/(`+) [^`]*? \1|(`+) [\s\S]*? \2/g, '');
  assert.doesNotMatch(outsideCode, /<img|<script|\]\(http|@octocat|@me|^#+ heading/m);
  assert.match(markdown, /^## Falco: 11 alerts in this job$/m);
});

test('summary: counts by priority and by rule, attribution notes, problems and the cost of monitoring', () => {
  const findings = [
    finding('Read sensitive file untrusted', 'Warning', 'read /etc/shadow'),
    finding('Read sensitive file untrusted', 'Critical', 'read /etc/shadow again'),
    finding('Outbound connection', 'Notice', 'curl evil', ['Build', 'Test']),
  ];
  const { markdown } = renderLiveSummary(
    model(findings, {
      notes: [['run script ', { hostile: '_temp/x.sh' }, ' spawned in the boundary second of steps ', { hostile: 'Build' }, ' and ', { hostile: '@Test' }, ': it may belong to either']],
      problems: ['line 7: incomplete last line (Falco stopped while writing it): {"hostname"'],
      failOn: 'warning',
      job: { name: 'build', runnerName: 'GitHub Actions 1000000001' },
    }),
  );
  assert.match(markdown, /\| Critical \| 1 \|\n\| Warning \| 1 \|\n\| Notice \| 1 \|/);
  assert.match(markdown, /\| ` Read sensitive file untrusted ` \| Critical \| 2 \|/);
  assert.match(markdown, /either ` Build ` or ` Test ` \(boundary second\)/);
  assert.match(markdown, /### Attribution notes\n\n- run script ` _temp\/x\.sh ` spawned in the boundary second of steps ` Build ` and ` @Test `&#58; it may belong to either\n/);
  assert.match(markdown, /### Problems reading Falco&#39;s events|### Problems reading Falco's events/);
  assert.match(markdown, /- ` line 7: incomplete last line/);
  assert.match(markdown, /fail-on: \*\*warning\*\*: 2 alerts at or above it/);
  assert.match(markdown, /\| 1\.23 s \| 50\.0 MiB \| 8\.50 s \| 2\.00 s \|/);
  assert.ok(markdown.indexOf('What monitoring cost') > markdown.indexOf('### Alerts'), 'cost comes last');
  const none = renderLiveSummary(model([], { cost: {} })).markdown;
  assert.match(none, /no alerts in this job/);
  assert.match(none, /not measured \| not measured/);
});

test('very long outputs are cut per cell, saying how much was left out', () => {
  const { markdown } = renderLiveSummary(model([finding('Long', 'Error', 'x'.repeat(50_000))]));
  assert.match(markdown, /… \(49000 more characters\)/);
  assert.ok(Buffer.byteLength(markdown) < 10_000, `${Buffer.byteLength(markdown)} bytes`);
});

test('the summary stays within the 1 MiB step summary limit, keeping the most severe alerts', () => {
  const findings: AttributedAlert[] = [];
  for (let i = 0; i < 3000; i += 1) findings.push(finding(`Noise ${i % 5}`, 'Notice', `<${'n'.repeat(900)}>`));
  findings.splice(1500, 0, finding('Memory dump of Runner.Worker', 'Critical', 'gcore 1234'));
  const { markdown, omittedRows, shownRows } = renderLiveSummary(model(findings));
  assert.ok(Buffer.byteLength(markdown) <= STEP_SUMMARY_LIMIT_BYTES, `${Buffer.byteLength(markdown)} bytes`);
  assert.ok(omittedRows > 0, 'some rows are left out');
  assert.equal(shownRows + omittedRows, 3001);
  assert.match(markdown, new RegExp(`\\*\\*${omittedRows} more alerts not shown\\*\\*: the step summary is limited to 1 MiB`));
  assert.match(markdown, /gcore 1234/, 'the critical alert is kept');
  assert.match(markdown, /What monitoring cost this job/, 'the cost section survives truncation');
  const small = renderLiveSummary(model(findings.slice(0, 50)), 20_000);
  assert.ok(Buffer.byteLength(small.markdown) <= 20_000, `${Buffer.byteLength(small.markdown)} bytes`);
});

test('one annotation per rule, its level from the highest priority; text is one plain line', () => {
  const annotations = ruleAnnotations([
    finding('Shell in step', 'Notice', 'bash\n::error::spoofed'),
    finding('Shell in step', 'Error', 'bash again'),
    finding('Write below etc', 'Warning', 'touch /etc/x'),
    finding('Debug only', 'Debug', 'x'),
  ]);
  assert.deepEqual(annotations.map((a) => [a.title, a.level]), [
    ['Falco: Shell in step', 'error'],
    ['Falco: Write below etc', 'warning'],
    ['Falco: Debug only', 'notice'],
  ]);
  assert.match(annotations[0]?.message ?? '', /^2 alerts \(highest priority error\); first at 2026-11-23T04:00:25\.123456789Z in step "Build": bash ::error::spoofed$/);
  for (const annotation of annotations) assert.doesNotMatch(annotation.message, /[\n\r]/);
});

test('fail-on: fails exactly when an alert at or above the threshold fired', () => {
  const findings = [finding('A', 'Notice', 'a'), finding('B', 'Warning', 'b')];
  const expected: Record<FalcoPriority, boolean> = {
    emergency: false,
    alert: false,
    critical: false,
    error: false,
    warning: true,
    notice: true,
    informational: true,
    debug: true,
  };
  for (const threshold of FALCO_PRIORITIES) {
    assert.equal(failOnVerdict(findings, threshold).failed, expected[threshold], threshold);
  }
  assert.equal(failOnVerdict(findings, 'none').failed, false);
  assert.equal(failOnVerdict([], 'debug').failed, false);
  assert.match(failOnVerdict(findings, 'notice').failureMessage ?? '', /2 alerts at or above "notice" \(fail-on\): B \(warning, 1\); A \(notice, 1\)/);
});

test('step cell: the process is named unless the step name already names it (Post Run, slashed refs); composites show their inner process', () => {
  const node = '/home/runner/runners/2.330.0/externals/node24/bin/node /home/runner/work/_actions';
  const cell = (stepName: string, cmdline: string) => {
    const base = finding('Rule', 'Warning', 'out', [stepName]);
    const withProcess: AttributedAlert = { ...base, process: describeStepProcess(cmdline) };
    const { markdown } = renderLiveSummary(model([withProcess]));
    return (markdown.split('\n').find((line) => line.startsWith('| 04:')) ?? '').split(' | ')[1];
  };
  assert.equal(cell('Post Run actions/checkout@v4', `${node}/actions/checkout/v4/dist/index.js`), '` Post Run actions/checkout@v4 `');
  assert.equal(cell('Run octo-org/tool@releases/v1', `${node}/octo-org/tool/releases/v1/dist/index.js`), '` Run octo-org/tool@releases/v1 `');
  assert.equal(cell('Run octo-org/toolchain@v2', `${node}/actions/setup-node/v4/dist/setup/index.js`), '` Run octo-org/toolchain@v2 ` (action ` actions/setup-node@v4 `)');
  assert.equal(cell('Run octo-org/toolchain@v2', 'bash -e /home/runner/work/_temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh'), '` Run octo-org/toolchain@v2 ` (run script ` _temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh `)');
  assert.equal(cell('Checkout', `${node}/actions/checkout/v4/dist/index.js`), '` Checkout ` (action ` actions/checkout@v4 `)');
});

test('thousands of distinct rule names (a forged events file) still fit the 1 MiB limit; the rule table says what it left out', () => {
  const findings: AttributedAlert[] = [];
  for (let i = 0; i < 4000; i += 1) findings.push(finding(`Forged rule ${i} ${'r'.repeat(300)}`, i === 3999 ? 'Critical' : 'Notice', `o${i}`));
  const { markdown } = renderLiveSummary(model(findings));
  assert.ok(Buffer.byteLength(markdown) <= STEP_SUMMARY_LIMIT_BYTES, `${Buffer.byteLength(markdown)} bytes`);
  const byRule = markdown.slice(markdown.indexOf('### By rule'), markdown.indexOf('### Alerts'));
  assert.equal(byRule.split('\n').filter((line) => line.startsWith('| ` Forged rule')).length, 100);
  assert.match(byRule, /^\| ` Forged rule 3999 r+ ` … \(\d+ more characters\) \| Critical \| 1 \|$/m);
  assert.match(byRule, /^\| … and 3900 more rules \| Notice \| 3900 \|$/m);
});

test("Falco's memory is its resident memory, said as such; page cache is shown apart, never added", () => {
  const peak = renderLiveSummary(model([], { cost: { peakMemoryBytes: 40 * 1024 * 1024, memoryMeasure: 'peak-rss', cacheBytes: 470 * 1024 * 1024 } })).markdown;
  assert.match(peak, /\| not measured \| 40\.0 MiB \| not measured \| not measured \|/);
  assert.match(peak, /Falco's peak memory is the peak resident set of Falco's process \(VmHWM\); page cache of the files it read \(470\.0 MiB\) is not counted\./);
  const atStop = renderLiveSummary(model([], { cost: { peakMemoryBytes: 38 * 1024 * 1024, memoryMeasure: 'resident-at-stop' } })).markdown;
  assert.match(atStop, /\| 38\.0 MiB \(at stop\) \|/);
  assert.match(atStop, /resident \(anonymous\) memory of its container when stop read it; its peak could not be read\./);
  assert.doesNotMatch(atStop, /page cache/);
});
