// The SARIF file for code scanning: the structure GitHub reads (checked by the module's zod schema),
// results on the lines of their steps, fingerprints that survive a rerun and tell steps apart, Falco's
// priorities as levels, GitHub's limits enforced and said, hostile text kept plain.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { repoPath } from '../../support/env.ts';
import { fixtureReport, hostileReport } from '../../fixtures/reports/build.ts';
import { analyzeReportSchema, type AnalyzeReport } from '../../../src/analyze/report.ts';
import type { Reputation } from '../../../src/enrich/model.ts';
import { FALCO_PRIORITIES, type FalcoPriority } from '../../../src/falco/priority.ts';
import {
  falcoRuleIds,
  normalizeOutput,
  renderSarif,
  sarifLogSchema,
  serializeSarif,
  SARIF_SCHEMA_URI,
  UNKNOWN_WORKFLOW_URI,
  type SarifLog,
  type SarifResult,
} from '../../../src/report/sarif.ts';

const TYPICAL_YML = readFileSync(repoPath('test', 'fixtures', 'workflows', 'typical.yml'), 'utf8');
const CI_YML = readFileSync(repoPath('test', 'fixtures', 'workflows', 'ci.yml'), 'utf8');
const PATH = '.github/workflows/ci.yml';

function render(reports: AnalyzeReport[], text: string | null = TYPICAL_YML, extra: Partial<Parameters<typeof renderSarif>[1]> = {}): SarifLog {
  const log = renderSarif(reports, { workflowPath: PATH, workflowText: text, toolVersion: '0.3.0', ...extra });
  return sarifLogSchema.parse(log);
}

function results(log: SarifLog): SarifResult[] {
  return log.runs[0]?.results ?? [];
}

type Alert = AnalyzeReport['alerts'][number];

function alert(over: Partial<Alert> & { step?: { number: number; name: string } | null; action?: string | null }): Alert {
  const { step, action, ...rest } = over;
  return {
    rule: 'Write below binary dir',
    priority: 'error',
    time: '2026-11-23T04:01:12.004000000Z',
    output: '04:01:12.004000000: Error File below a known binary directory opened for writing (file=/usr/local/bin/helper proc=curl pid=4242)',
    source: 'syscall',
    tags: ['filesystem'],
    pid: 4242,
    attribution: { step: step === undefined ? { number: 3, name: 'Run make build' } : step, action: action ?? null },
    ...rest,
  };
}

function withAlerts(alerts: Alert[], base: AnalyzeReport = fixtureReport('typical')): AnalyzeReport {
  return analyzeReportSchema.parse({ ...base, alerts });
}

const line = (result: SarifResult | undefined) => result?.locations[0]?.physicalLocation.region.startLine;
const fingerprint = (result: SarifResult | undefined) => result?.partialFingerprints['falcoActionsFinding/v1'];

test('the log has the structure code scanning reads; every result names its rule by id and index', () => {
  const log = render([fixtureReport('typical')]);
  assert.equal(log.$schema, SARIF_SCHEMA_URI);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0]!;
  assert.equal(run.tool.driver.name, 'falco-actions');
  assert.equal(run.tool.driver.version, '0.3.0');
  // Four alerts: the two outbound connections differ only in a port, so three results.
  assert.equal(run.results.length, 3);
  assert.deepEqual(new Set(run.tool.driver.rules.map((rule) => rule.id)), new Set(['falco/write-below-binary-dir', 'falco/outbound-connection-to-an-unexpected-host', 'falco/read-sensitive-file-untrusted']));
  for (const result of run.results) {
    assert.equal(run.tool.driver.rules[result.ruleIndex]?.id, result.ruleId);
    assert.equal(result.locations[0]?.physicalLocation.artifactLocation.uri, PATH);
    assert.match(result.partialFingerprints.primaryLocationLineHash ?? '', /^[0-9a-f]{32}:1$/);
  }
  assert.deepEqual(run.invocations[0]?.toolExecutionNotifications, []);
  assert.equal(serializeSarif(log), `${JSON.stringify(log)}\n`);
});

test('results sit on the lines of their steps: by name, the runner\'s "Run" names, the job, line 1', () => {
  const log = render([fixtureReport('typical')]);
  const byRule = (id: string) => results(log).find((result) => result.ruleId === id);
  assert.equal(line(byRule('falco/outbound-connection-to-an-unexpected-host')), 14, '"Run some-org/setup-tool@v2"');
  assert.equal(line(byRule('falco/write-below-binary-dir')), 15, '"Run make build"');
  assert.equal(line(byRule('falco/read-sensitive-file-untrusted')), 10, 'no step: the job');
  assert.equal(byRule('falco/read-sensitive-file-untrusted')?.properties.locatedBy, 'job');

  const ci = withAlerts(
    [
      alert({ rule: 'a', step: { number: 2, name: 'Run actions/checkout@v4' } }),
      alert({ rule: 'b', step: { number: 3, name: 'Set up the tool' }, action: 'some-org/setup-tool@v2' }),
      alert({ rule: 'c', step: { number: 5, name: 'Run echo "first line after a blank one"' } }),
      alert({ rule: 'd', step: { number: 6, name: 'Upload' } }),
      alert({ rule: 'e', step: { number: 11, name: 'Post Upload' } }),
    ],
    analyzeReportSchema.parse({ ...fixtureReport('typical'), steps: [] }),
  );
  const lines = Object.fromEntries(results(render([ci], CI_YML)).map((result) => [result.properties.falcoRule, line(result)]));
  assert.deepEqual(lines, { a: 10, b: 11, c: 16, d: 20, e: 20 });

  const noJob = analyzeReportSchema.parse({ ...fixtureReport('typical'), job: null });
  for (const result of results(render([noJob]))) assert.deepEqual(result.locations[0]?.physicalLocation.region, { startLine: 1, startColumn: 1 });
});

test('alerts of one rule and step that differ only in numbers are one result with a count, and the message says so', () => {
  const report = withAlerts([
    alert({ pid: 1, output: 'Outbound (connection=10.1.0.4:40112->203.0.113.9:443 proc=node pid=1)', time: '2026-11-23T04:00:01.000000000Z' }),
    alert({ pid: 2, output: 'Outbound (connection=10.1.0.4:40999->203.0.113.9:443 proc=node pid=2)', time: '2026-11-23T04:00:02.000000000Z' }),
    alert({ pid: 3, output: 'Outbound (connection=10.1.0.4:41000->203.0.113.9:443 proc=node pid=3)', time: '2026-11-23T04:00:03.000000000Z' }),
    alert({ output: 'Outbound (connection=10.1.0.4:41000->203.0.113.9:443 proc=python pid=3)' }),
  ]);
  const out = results(render([report]));
  assert.equal(out.length, 2, 'another process is another finding');
  const grouped = out.find((result) => result.properties.count === 3);
  assert.ok(grouped);
  assert.match(grouped.message.text, /fired 3 times \(alerts differing only in numbers/);
  assert.equal(grouped.properties.firstTime, '2026-11-23T04:00:01.000000000Z');
  assert.equal(grouped.properties.lastTime, '2026-11-23T04:00:03.000000000Z');
  assert.match(out.find((result) => result.properties.count === 1)?.message.text ?? '', /fired once/);
});

test('fingerprints and rule ids stay the same on a rerun (times, pids, ports, container ids, the step\'s line) and differ per step, job and action', () => {
  const first = withAlerts([
    alert({}),
    alert({ rule: 'Outbound', priority: 'warning', output: '04:00:31.5: Warning Outbound (connection=10.1.0.4:40110->203.0.113.9:443 container=3f2a9c1b7d4e pid=3100)', step: { number: 2, name: 'Run some-org/setup-tool@v2' }, action: 'some-org/setup-tool@v2' }),
  ]);
  const rerun = withAlerts([
    alert({ time: '2026-11-24T09:10:11.000000000Z', pid: 777, output: '09:10:11.000000000: Error File below a known binary directory opened for writing (file=/usr/local/bin/helper proc=curl pid=777)' }),
    alert({ rule: 'Outbound', priority: 'warning', time: '2026-11-24T09:00:00Z', output: '09:00:00.1: Warning Outbound (connection=10.1.0.9:51234->203.0.113.9:443 container=0011aa22bb33 pid=9)', step: { number: 2, name: 'Run some-org/setup-tool@v2' }, action: 'some-org/setup-tool@v2' }),
  ]);
  // The workflow gained lines above the job since.
  const edited = TYPICAL_YML.replace('name: CI\n', 'name: CI\nenv:\n  A: 1\n  B: 2\n');
  const a = results(render([first]));
  const b = results(render([rerun], edited));
  assert.deepEqual(b.map((result) => [result.ruleId, result.partialFingerprints]), a.map((result) => [result.ruleId, result.partialFingerprints]));
  assert.deepEqual(b.map(line), a.map((result) => (line(result) ?? 0) + 3));

  const variants: AnalyzeReport[] = [
    withAlerts([alert({ step: { number: 2, name: 'Run some-org/setup-tool@v2' } })]),
    withAlerts([alert({ action: 'evil-org/compromised@v1' })]),
    withAlerts([alert({ output: 'File below a known binary directory opened for writing (file=/usr/bin/other proc=curl)' })]),
    withAlerts([alert({})], analyzeReportSchema.parse({ ...fixtureReport('typical'), job: { ...fixtureReport('typical').job!, key: 'lint' } })),
  ];
  const base = fingerprint(results(render([withAlerts([alert({})])]))[0]);
  const others = variants.map((variant) => fingerprint(results(render([variant]))[0]));
  assert.equal(new Set([base, ...others]).size, 5, 'step, action, output and job each change the fingerprint');
});

test("Falco's priorities map to levels and security severities", () => {
  const expected: Record<FalcoPriority, string> = { emergency: 'error', alert: 'error', critical: 'error', error: 'error', warning: 'warning', notice: 'note', informational: 'note', debug: 'note' };
  const log = render([withAlerts(FALCO_PRIORITIES.map((priority) => alert({ rule: `rule ${priority}`, priority })))]);
  for (const result of results(log)) {
    const priority = result.properties.priority as FalcoPriority;
    assert.equal(result.level, expected[priority], priority);
    const rule = log.runs[0]!.tool.driver.rules[result.ruleIndex]!;
    assert.equal(rule.defaultConfiguration.level, expected[priority]);
    const severity = Number(rule.properties['security-severity']);
    assert.ok(priority === 'critical' || priority === 'alert' || priority === 'emergency' ? severity >= 9 : severity < 9, priority);
  }
  // Most severe first.
  assert.deepEqual(results(log).map((result) => result.properties.priority), [...FALCO_PRIORITIES]);
});

function reputation(over: Partial<Reputation>): Reputation {
  return {
    kind: 'ip',
    indicator: '203.0.113.9',
    label: null,
    verdict: 'malicious',
    stats: { malicious: 7, suspicious: 1, harmless: 60, undetected: 20, timeout: 0 },
    link: 'https://www.virustotal.com/gui/ip-address/203.0.113.9',
    checkedAt: '2026-11-23T05:00:00Z',
    fromCache: false,
    ...over,
  };
}

test('indicators VirusTotal flagged are results at the step that used them; clean and unknown ones are not', () => {
  const report = analyzeReportSchema.parse({
    ...fixtureReport('typical'),
    enrichment: {
      notes: [],
      virustotal: {
        thresholds: { malicious: 3 },
        reputations: [
          reputation({}),
          reputation({ kind: 'domain', indicator: 'downloads.example.org', verdict: 'suspicious', link: 'https://www.virustotal.com/gui/domain/downloads.example.org' }),
          reputation({ kind: 'file', indicator: '1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0', label: '/usr/bin/curl', verdict: 'clean' }),
          reputation({ indicator: '198.51.100.1', verdict: 'unknown', stats: null }),
        ],
        skipped: [],
        notSent: {},
        requests: 4,
        notes: [],
      },
    },
  });
  const log = render([report]);
  const ip = results(log).find((result) => result.ruleId === 'virustotal/malicious-ip');
  const domain = results(log).find((result) => result.ruleId === 'virustotal/suspicious-domain');
  assert.equal(results(log).filter((result) => result.ruleId.startsWith('virustotal/')).length, 2);
  assert.equal(ip?.level, 'error');
  assert.equal(line(ip), 14, 'the connection was made in step 2');
  assert.match(ip?.message.text ?? '', /^VirusTotal rates the IP address 203\.0\.113\.9 malicious \(7 malicious and 1 suspicious of 88 engines\); used in step 2 "Run some-org\/setup-tool@v2" of job build/);
  assert.equal(domain?.level, 'warning');
  assert.equal(line(domain), 15, 'the DNS name was asked in step 3');
  assert.equal(log.runs[0]!.tool.driver.rules.find((rule) => rule.id === 'virustotal/malicious-ip')?.properties['security-severity'], '9.0');
});

test('6000 findings are capped at 5000, the most severe kept, and the cut is said', () => {
  const letters = (index: number) => index.toString(26).replace(/\d/g, (digit) => 'qrstuvwxyz'[Number(digit)] as string);
  const alerts = Array.from({ length: 6000 }, (_, index) =>
    alert({ rule: `rule ${index % 7}`, priority: index % 6 === 0 ? 'critical' : 'notice', output: `opened (file=/tmp/${letters(index)})`, pid: index }),
  );
  const log = render([withAlerts(alerts)]);
  const run = log.runs[0]!;
  assert.equal(run.results.length, 5000);
  assert.equal(run.properties.findings, 6000);
  assert.equal(run.properties.resultsLeftOut, 1000);
  assert.equal(run.results.filter((result) => result.properties.priority === 'critical').length, 1000, 'every critical finding kept');
  const notice = run.invocations[0]?.toolExecutionNotifications[0];
  assert.equal(notice?.level, 'warning');
  assert.match(notice?.message.text ?? '', /^1000 of 6000 findings were left out \(the least severe\): code scanning keeps at most 5000 results/);
  assert.ok(serializeSarif(log).length < 9 * 1024 * 1024);
  for (const rule of run.tool.driver.rules) assert.ok(run.results.some((result) => result.ruleId === rule.id));

  const small = render([withAlerts(alerts.slice(0, 100))], TYPICAL_YML, { maxBytes: 128 * 1024 });
  const kept = small.runs[0]!.results.length;
  assert.ok(kept > 0 && kept < 100, String(kept));
  assert.ok(Buffer.byteLength(serializeSarif(small)) < 128 * 1024);
  assert.match(small.runs[0]!.invocations[0]?.toolExecutionNotifications[0]?.message.text ?? '', new RegExp(`^${100 - kept} of 100 findings were left out \\(the least severe\\): the file would pass 131072 bytes`));
});

test('a rule has at most 10 tags; rule ids are slugs, distinct for distinct rule names', () => {
  const log = render([withAlerts([alert({ tags: Array.from({ length: 30 }, (_, index) => `tag${index}`) })])]);
  assert.equal(log.runs[0]!.tool.driver.rules[0]?.properties.tags.length, 10);
  const ids = falcoRuleIds(['Write below binary dir', 'write below binary-dir', '!!!', 'x'.repeat(200), 'Write below binary dir']);
  assert.equal(ids.size, 4);
  assert.equal(new Set(ids.values()).size, 4);
  for (const id of ids.values()) assert.match(id, /^falco\/[a-z0-9-]{1,90}$/);
  assert.equal(falcoRuleIds(['Write below binary dir']).get('Write below binary dir'), 'falco/write-below-binary-dir');
});

test('the normalised output keeps words and drops numbers, times and hex ids', () => {
  assert.equal(
    normalizeOutput('04:01:12.004000000: Error x (pid=4242 t=2026-11-23T04:01:12.004Z container=3f2a9c1b7d4e  ip=10.0.0.1)'),
    '0:0:0.0: Error x (pid=0 t=<time> container=<hex> ip=0.0.0.0)',
  );
});

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/u;

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) strings(item, out);
  else if (value !== null && typeof value === 'object') for (const [key, inner] of Object.entries(value)) strings([key, inner], out);
  return out;
}

test('hostile rule names, outputs, steps, jobs and indicators stay plain, bounded, one line', () => {
  const hostile = hostileReport();
  const log = render([hostile], '::error::x\njobs: {', { workflowPath: '.github/workflows/ci.yml' });
  const all = strings(log);
  assert.ok(all.length > 0);
  for (const value of all) {
    assert.doesNotMatch(value, CONTROL, JSON.stringify(value));
    assert.ok(Array.from(value).length <= 1500 + 1, `bounded: ${value.length}`);
  }
  for (const result of results(log)) {
    assert.match(result.ruleId, /^falco\/[a-z0-9-]+$/);
    assert.ok(result.message.text.startsWith('Falco rule "'), 'our words start every message');
    // No embedded link can form: every bracket is escaped.
    assert.doesNotMatch(result.message.text.replace(/\\\\/g, ''), /(?<!\\)[[\]]/);
    assert.equal('markdown' in result.message, false);
  }
  assert.equal(results(log).length, new Set(results(log).map(fingerprint)).size);
  // A huge step, job or action name is cut on its own and leaves room for Falco's output.
  const huge = 'x'.repeat(5000);
  const long = withAlerts([alert({ rule: huge, output: `the-output-marker ${huge}`, step: { number: 3, name: huge }, action: huge })]);
  const text = results(render([long]))[0]?.message.text ?? '';
  assert.match(text, /the-output-marker/);
  assert.ok(text.length <= 1501);
  assert.doesNotMatch(serializeSarif(log), /\\n|\\r|\\u0000/);
  // The file is one line of JSON: no line of it can be read as a workflow command.
  assert.deepEqual(serializeSarif(log).split('\n').slice(1), ['']);
  assert.ok(serializeSarif(log).startsWith('{'));
});

test('a malformed or missing workflow file puts findings on line 1 and says why', () => {
  const malformed = render([fixtureReport('typical')], 'jobs:\n  build:\n    steps: [\n');
  for (const result of results(malformed)) assert.deepEqual(result.locations[0]?.physicalLocation, { artifactLocation: { uri: PATH }, region: { startLine: 1, startColumn: 1 } });
  assert.match(malformed.runs[0]!.invocations[0]?.toolExecutionNotifications.map((note) => note.message.text).join(' ') ?? '', /could not be parsed: findings point at its first line/);

  const unread = render([fixtureReport('typical')], null);
  assert.ok(results(unread).every((result) => line(result) === 1));
  assert.match(unread.runs[0]!.properties.notes.join(' '), /could not be read/);

  const unknown = render([fixtureReport('typical')], null, { workflowPath: null });
  assert.ok(results(unknown).every((result) => result.locations[0]?.physicalLocation.artifactLocation.uri === UNKNOWN_WORKFLOW_URI));
  // The fingerprints do not depend on the line, so they stay as with the file read.
  assert.deepEqual(results(unread).map(fingerprint), results(render([fixtureReport('typical')])).map(fingerprint));
});

test('reports of several workflows each locate in their own file; an empty report gives an empty run', () => {
  const lint = withAlerts([alert({ step: { number: 2, name: 'Run make lint' } })], analyzeReportSchema.parse({ ...fixtureReport('typical'), job: { ...fixtureReport('typical').job!, key: 'lint' } }));
  const build = withAlerts([alert({ step: { number: 3, name: 'Set up the tool' } })]);
  const log = render([lint, build], null, {
    workflowFor: (report) => (report.job?.key === 'lint' ? { path: '.github/workflows/typical.yml', text: TYPICAL_YML } : { path: PATH, text: CI_YML }),
  });
  assert.deepEqual(
    results(log).map((result) => [result.locations[0]?.physicalLocation.artifactLocation.uri, line(result)]).sort(),
    [
      [PATH, 11],
      ['.github/workflows/typical.yml', 9],
    ],
  );
  const empty = render([fixtureReport('empty')]);
  assert.deepEqual(results(empty), []);
  assert.deepEqual(empty.runs[0]!.tool.driver.rules, []);
});
