// The analyze report's job summary / CLI Markdown: what it shows, in which order, and how it stays
// within its caps and its byte budget. The real renderer reads it in test/integration/report/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ANALYZE_LIMITS, renderAnalyzeSummary } from '../../../src/report/analyze-markdown.ts';
import { DEFAULT_SUMMARY_BUDGET_BYTES } from '../../../src/report/render.ts';
import type { AnalyzeReport } from '../../../src/analyze/report.ts';
import { fixtureReport, hugeReport } from '../../fixtures/reports/build.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
const tableRows = (markdown: string, header: string): string[] => {
  const start = markdown.indexOf(header);
  assert.ok(start >= 0, `a table headed ${header}`);
  const lines = markdown.slice(start).split('\n');
  const rows: string[] = [];
  for (const line of lines.slice(2)) {
    if (!line.startsWith('| ')) break;
    rows.push(line);
  }
  return rows;
};

test('typical report: headline by priority, then alerts grouped by rule (most severe first, in time order), each with step and action', () => {
  const markdown = renderAnalyzeSummary(fixtureReport('typical'));
  assert.ok(markdown.startsWith('## Falco analyze: 4 alerts (1 Error, 2 Warning, 1 Notice)\n\n'), markdown.slice(0, 100));
  assert.doesNotMatch(markdown, /\b(?:passed|failed|verdict)\b/i, 'no verdict');
  const rows = tableRows(markdown, '| Rule | Priority | Time (UTC) | Step | Action | Output |');
  assert.deepEqual(
    rows.map((row) => row.split(' | ').slice(0, 5).join(' | ')),
    [
      '| ` Write below binary dir ` | Error | 04:01:12.004 | 3: ` Run make build ` | ',
      '| ` Outbound connection to an unexpected host ` | Warning | 04:00:30.100 | 2: ` Run some-org/setup-tool@v2 ` | ` uses: some-org/setup-tool@v2 `',
      '| ` Outbound connection to an unexpected host ` | Warning | 04:00:31.500 | 2: ` Run some-org/setup-tool@v2 ` | ` uses: some-org/setup-tool@v2 `',
      '| ` Read sensitive file untrusted ` | Notice | 04:02:00.000 | unknown (` no step marker above this process `) | ',
    ],
  );
  // Falco's "time: Priority " prefix is dropped: the row has both columns.
  assert.ok(rows[0]?.endsWith('| ` File below a known binary directory opened for writing (file=/usr/local/bin/helper proc=curl) ` |'), rows[0]);
});

test('typical report: every section asked for, in a fixed order, public destinations and files outside the workspace first', () => {
  const markdown = renderAnalyzeSummary(fixtureReport('typical'));
  const headings = Array.from(markdown.matchAll(/^### (.*)$/gm), (match) => match[1]);
  assert.deepEqual(headings, [
    'Alerts by rule',
    'Alerts',
    'Step timeline',
    'Process tree',
    'Network connections (3)',
    'DNS queries (1)',
    'Processes (2)',
    'Files written (2)',
    'Containers (1)',
    'Top talkers: connections by bytes (1)',
    'Top talkers: processes by bytes (1)',
    'Top talkers: processes by events (1)',
    'Executable hashes (2)',
    'Notes',
  ]);
  const connections = tableRows(markdown, '| Remote | Protocol | Scope |');
  assert.deepEqual(connections.map((row) => row.split(' | ')[2]), ['` public `', '` public `', '` private `']);
  assert.ok(connections[0]?.endsWith('| 2: ` Run some-org/setup-tool@v2 ` | ` uses: some-org/setup-tool@v2 ` |'), connections[0]);
  const files = tableRows(markdown, '| Path | Outside workspace |');
  assert.deepEqual(files.map((row) => row.split(' | ').slice(0, 2).join(' | ')), ['| ` /usr/local/bin/helper ` | yes', '| ` /home/runner/work/octo-repo/octo-repo/build/out.o ` | no']);
  const processes = tableRows(markdown, '| Runs | Executable |');
  assert.equal(processes[0]?.split(' | ')[6], '` 1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0 `');
  const notes = markdown.slice(markdown.indexOf('### Notes'));
  assert.match(notes, /^- 2 findings could not be attributed to a step \(shown as unknown\)\.$/m);
  assert.match(notes, /^- Left out by the exceptions of ` filters\.config `: 40 ` connections `, 3 ` dns `\.$/m);
  assert.match(notes, /^- ` 2 processes of falco-actions itself were left out\. `$/m);
});

test('only the sections asked for are shown; an empty one says so', () => {
  const report: AnalyzeReport = { ...fixtureReport('typical'), sections: ['dns', 'containers'], containers: [] };
  const markdown = renderAnalyzeSummary(report);
  const headings = Array.from(markdown.matchAll(/^### (.*)$/gm), (match) => match[1]);
  // The process tree needs the processes section; the step timeline only the steps.
  assert.deepEqual(headings, ['Alerts by rule', 'Alerts', 'Step timeline', 'DNS queries (1)', 'Containers (0)', 'Notes']);
  assert.match(markdown, /### Containers \(0\)\n\nNone\.\n/);
});

test('an empty report says there are no alerts and that no section was asked for', () => {
  const markdown = renderAnalyzeSummary(fixtureReport('empty'));
  assert.ok(markdown.startsWith('## Falco analyze: no alerts\n\n'));
  assert.match(markdown, /Monitored job: unknown \(the capture came without its metadata file\)\./);
  assert.match(markdown, /No rule of the replay matched any of the capture's 0 events\./);
  assert.match(markdown, /No inventory section was asked for/);
  assert.doesNotMatch(markdown, /\| Rule \|/);
  assert.match(markdown, /- Whether the capture was redacted is not known/);
});

test('damage, a cut-off end and an unredacted capture are notes', () => {
  const typical = fixtureReport('typical');
  const report: AnalyzeReport = { ...typical, capture: { ...typical.capture, redacted: false, truncated: true, damage: { regionCount: 1, bytesSkipped: 512, stoppedAt: 9000 } } };
  const notes = renderAnalyzeSummary(report).split('### Notes')[1] ?? '';
  assert.match(notes, /- The capture is damaged: 1 region could not be read \(512 bytes skipped; reading stopped at byte 9000\)/);
  assert.match(notes, /- The capture ends in a cut-off event/);
  assert.match(notes, /- The capture artifact is not redacted: it holds every process environment/);
});

test('tables are capped: the rest is counted and pointed to the JSON report', () => {
  const typical = fixtureReport('typical');
  const connection = typical.connections?.[0] as NonNullable<AnalyzeReport['connections']>[number];
  const count = ANALYZE_LIMITS.sectionRows + 12;
  const report: AnalyzeReport = { ...typical, connections: Array.from({ length: count }, (_, index) => ({ ...connection, remote: { address: `10.0.0.${index}`, port: 53 } })) };
  const markdown = renderAnalyzeSummary(report);
  assert.equal(tableRows(markdown, '| Remote | Protocol | Scope |').length, ANALYZE_LIMITS.sectionRows);
  assert.match(markdown, new RegExp(`### Network connections \\(${count}\\)[\\s\\S]*?\\n12 more in the JSON report\\.\\n`));
  assert.doesNotMatch(markdown, /Cut to fit/, 'a cap is not a budget cut');
});

test('100,000 entries of every kind: the summary stays within the step summary budget and says what a small budget cut', () => {
  const report = hugeReport(100_000);
  const full = renderAnalyzeSummary(report);
  assert.ok(bytes(full) <= DEFAULT_SUMMARY_BUDGET_BYTES, `${bytes(full)} bytes`);
  assert.match(full, /\n99500 more alerts in the JSON report\.\n/);
  assert.match(full, /\n99950 more in the JSON report\.\n/);
  assert.match(full, /- … and 9[5-9]\d more notes in the JSON report/);

  const small = renderAnalyzeSummary(report, { budgetBytes: 200_000 });
  assert.ok(bytes(small) <= 200_000, `${bytes(small)} bytes`);
  const cut = /\*\*Cut to fit the step summary limit\*\*: (\d+) alerts \(the least severe\)(.*) left out\./.exec(small);
  assert.ok(cut, small.slice(0, 2000));
  assert.match(cut[2] ?? '', /network connections rows/);
  const alertRows = tableRows(small, '| Rule | Priority | Time (UTC) |');
  assert.equal(alertRows.length, ANALYZE_LIMITS.alertRows - Number(cut[1]));
  assert.equal(alertRows.filter((row) => row.includes(' | Critical | ')).length, report.alerts.filter((alert) => alert.priority === 'critical').length, 'the most severe are kept');
  assert.match(small, new RegExp(`\\n${report.alerts.length - alertRows.length} more alerts in the JSON report \\(the least severe were left out\\)\\.\\n`));
});

test('an unbounded budget (the CLI): every table to its cap, nothing said to be cut', () => {
  const report = hugeReport(3000);
  const markdown = renderAnalyzeSummary(report, { budgetBytes: Number.POSITIVE_INFINITY });
  assert.doesNotMatch(markdown, /Cut to fit/);
  assert.equal(tableRows(markdown, '| Rule | Priority | Time (UTC) |').length, ANALYZE_LIMITS.alertRows);
  assert.equal(tableRows(markdown, '| Runs | Executable |').length, ANALYZE_LIMITS.sectionRows);
  assert.equal(tableRows(markdown, '| Process | Pid | Events |').length, ANALYZE_LIMITS.topRows);
  assert.match(markdown, /- … and 950 more notes in the JSON report/);
});

test('property: whatever the budget, the summary fits it (above the fixed head and notes)', () => {
  const report = hugeReport(2000);
  fc.assert(
    fc.property(fc.integer({ min: 60_000, max: 1_500_000 }), (budgetBytes) => {
      const markdown = renderAnalyzeSummary(report, { budgetBytes });
      assert.ok(bytes(markdown) <= budgetBytes, `${bytes(markdown)} > ${budgetBytes}`);
      assert.ok(markdown.startsWith('## Falco analyze: 2000 alerts'));
    }),
    { numRuns: 25 },
  );
});
