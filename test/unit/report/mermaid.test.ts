// The Mermaid pictures of analyze mode's Markdown (src/report/mermaid.ts): what they draw for a typical
// report, their bounds on a large one, and that hostile names never leave their labels: every line of a
// diagram is one of the few forms we write, and a label holds only [A-Za-z0-9 ._/-] and entity codes.
// The real Markdown renderer reads them in test/integration/report/analyze-markdown.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { analyzePictures, MERMAID_LIMITS, mermaidBlock, mermaidText, processTreeSource, stepTimelineSource } from '../../../src/report/mermaid.ts';
import { renderAnalyzeSummary } from '../../../src/report/analyze-markdown.ts';
import { PR_COMMENT_LIMIT_CHARS, renderPrComment } from '../../../src/report/pr-comment.ts';
import { DEFAULT_SUMMARY_BUDGET_BYTES } from '../../../src/report/render.ts';
import { visibleLine } from '../../../src/report/escape.ts';
import { analyzeReportSchema, type AnalyzeReport } from '../../../src/analyze/report.ts';
import { fixtureReport, HOSTILE_CORPUS, hostilePictureReport, hugeReport } from '../../fixtures/reports/build.ts';
import { NASTY } from './nasty.ts';

const bytes = (text: string) => Buffer.byteLength(text, 'utf8');

// The grammar we write, line by line. L: a label's inside; T: a gantt time.
const L = '(?:[A-Za-z0-9 ._/-]|#\\d+;)*';
const T = '\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}';
const PRIORITY = '(?:Emergency|Alert|Critical|Error|Warning|Notice|Informational|Debug)';
const FLOWCHART_LINES = [
  /^flowchart LR$/,
  new RegExp(`^  n\\d+\\["${L}"\\]$`),
  new RegExp(`^  more\\["#43;\\d+ more process(?:es)?"\\]$`),
  /^ {2}n\d+ --> n\d+$/,
  /^ {2}classDef flagged fill:#ffd7d7,stroke:#b00020,stroke-width:3px$/,
  /^ {2}class n\d+(?:,n\d+)* flagged$/,
];
const GANTT_LINES = [
  /^gantt$/,
  /^ {2}dateFormat YYYY-MM-DD HH:mm:ss$/,
  /^ {2}axisFormat %H:%M:%S$/,
  /^ {2}todayMarker off$/,
  /^ {2}section (?:Steps|Alerts)$/,
  new RegExp(`^  Step \\d+ - ${L} :(?:crit, | )s\\d+, ${T}, ${T}$`),
  new RegExp(`^  Alert - ${PRIORITY} - ${L} :milestone, a\\d+, ${T}, 0s$`),
];

/** Every line is one of ours; nothing of Mermaid's other statements, HTML, fences or runner commands. */
function assertOurGrammar(source: string, grammar: readonly RegExp[]): void {
  for (const line of source.split('\n')) {
    assert.ok(
      grammar.some((pattern) => pattern.test(line)),
      `a line outside our grammar: ${line.slice(0, 300)}`,
    );
  }
  assert.doesNotMatch(source, /^\s*click\b/im);
  // Our arrows are the one `>`.
  assert.doesNotMatch(source.replace(/^( {2}n\d+) --> (n\d+)$/gm, '$1 $2'), /%%|:::|[<>&`'\r\u2028\u2029]|##\[|^[ \t]*::/m);
  // `"` only around labels; `#` only to start an entity code.
  assert.doesNotMatch(source.replace(/\["|"\]/g, ''), /"/);
  assert.doesNotMatch(source.replace(/#\d+;/g, '').replace(/fill:#ffd7d7,stroke:#b00020/, ''), /#/);
  assert.match(source, /^[\x20-\x7e\n]*$/, 'ASCII only: bytes are characters');
}

/** A label's text as Mermaid shows it: entity codes decoded. */
function decodeLabel(label: string): string {
  return label.replace(/#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)));
}

/** The typical report with its error alert fired on curl (as src/analyze/build.ts fills `process`). */
function typicalWithProcess(): AnalyzeReport {
  const report = fixtureReport('typical');
  report.alerts = report.alerts.map((alert) => (alert.rule === 'Write below binary dir' ? { ...alert, process: { name: 'curl', exepath: '/usr/bin/curl' } } : alert));
  return analyzeReportSchema.parse(report);
}

test('typical report: the process tree is who started whom by executable, the alert’s process flagged', () => {
  const tree = processTreeSource(typicalWithProcess());
  assert.deepEqual(tree?.source.split('\n'), [
    'flowchart LR',
    '  n1["/usr/bin/bash"]',
    '  n2["ALERT /usr/bin/curl #40;1 run#41;"]',
    '  n1 --> n2',
    '  n3["/home/runner/runners/2.321.0/bin/Runner.Worker"]',
    '  n4["#8230;unner/runners/2.321.0/externals/node20/bin/node #40;1 run#41;"]',
    '  n3 --> n4',
    '  classDef flagged fill:#ffd7d7,stroke:#b00020,stroke-width:3px',
    '  class n2 flagged',
  ]);
  assert.equal(tree?.shown, 4);
  assert.equal(tree?.flagged, 1);
  // Without the alert's process (a report of an earlier version) nothing is flagged.
  assert.doesNotMatch(processTreeSource(fixtureReport('typical'))?.source ?? '', /flagged|ALERT/);
});

test('typical report: the step timeline is the steps as bars (red with alerts) and one milestone per rule and step', () => {
  const timeline = stepTimelineSource(fixtureReport('typical'));
  assert.deepEqual(timeline?.source.split('\n'), [
    'gantt',
    '  dateFormat YYYY-MM-DD HH:mm:ss',
    '  axisFormat %H:%M:%S',
    '  todayMarker off',
    '  section Steps',
    '  Step 1 - Set up job : s1, 2026-11-23 04:00:00, 2026-11-23 04:00:04',
    '  Step 2 - Run some-org/setup-tool#64;v2 #40;2 alerts#44; 1 connection#41; :crit, s2, 2026-11-23 04:00:28, 2026-11-23 04:00:40',
    '  Step 3 - Run make build #40;1 alert#44; 1 connection#41; :crit, s3, 2026-11-23 04:00:40, 2026-11-23 04:03:30',
    '  section Alerts',
    '  Alert - Warning - Outbound connection to an unexpected host #40;2 in step 2#41; :milestone, a2, 2026-11-23 04:00:30, 0s',
    '  Alert - Error - Write below binary dir #40;1 in step 3#41; :milestone, a1, 2026-11-23 04:01:12, 0s',
    '  Alert - Notice - Read sensitive file untrusted #40;1#41; :milestone, a3, 2026-11-23 04:02:00, 0s',
  ]);
  assert.equal(timeline?.stepsLeft, 0);
  assert.equal(timeline?.alertsLeft, 0);
  // No step times (no metadata), no timeline; no processes section, no tree.
  assert.equal(stepTimelineSource({ ...fixtureReport('typical'), steps: [] }), null);
  assert.equal(processTreeSource({ ...fixtureReport('typical'), sections: ['dns'] }), null);
  assert.deepEqual(analyzePictures(fixtureReport('empty')), []);
});

/** `count` processes: a chain of shells each starting tools, every name long; alerts on some deep ones. */
function manyProcesses(count: number): AnalyzeReport {
  const report = hugeReport(count);
  const path = (index: number) => `/opt/${'very-long-directory-name/'.repeat(4)}tool-${index}`;
  report.processes = Array.from({ length: count }, (_, index) => ({
    exepath: path(index),
    name: `tool-${index}`,
    args: [],
    // A ternary tree below Runner.Worker: 500 processes, six levels.
    parent: index === 0 ? '/home/runner/runners/2.321.0/bin/Runner.Worker' : path(Math.floor((index - 1) / 3)),
    user: 'runner',
    containerId: '',
    count: 1 + (index % 3),
    firstTime: `2026-11-23T04:${String(Math.floor(index / 60) % 60).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}.000000001Z`,
    sha256: null,
    attribution: { step: null, action: null },
  }));
  report.alerts = report.alerts.slice(0, 10).map((alert, index) => ({ ...alert, process: { name: 'tool', exepath: path(count - 1 - index * 37) } }));
  return analyzeReportSchema.parse(report);
}

test('bounds: 500 processes draw at most 40 nodes in at most 4 KB, the rest one "+N more processes" node; flagged ones and their ancestors first', () => {
  const report = manyProcesses(500);
  const tree = processTreeSource(report);
  assert.ok(tree);
  assertOurGrammar(tree.source, FLOWCHART_LINES);
  assert.ok(bytes(tree.source) <= MERMAID_LIMITS.treeBytes, `${bytes(tree.source)} bytes`);
  const nodes = tree.source.split('\n').filter((line) => /^ {2}n\d+\[/.test(line));
  assert.equal(nodes.length, tree.shown);
  assert.ok(tree.shown > 5 && tree.shown <= MERMAID_LIMITS.treeNodes, `${tree.shown} nodes`);
  // 500 processes and Runner.Worker, their parent: 501 executables.
  assert.equal(tree.total, 501);
  assert.match(tree.source, new RegExp(`^  more\\["#43;${501 - tree.shown} more processes"\\]$`, 'm'));
  // The first flagged process is drawn, and so is every ancestor of it, linked up to Runner.Worker.
  const flaggedLine = tree.source.split('\n').find((line) => line.startsWith('  class '));
  assert.ok(flaggedLine, 'some flagged nodes drawn');
  const first = /^ {2}class (n\d+)/.exec(flaggedLine)?.[1] as string;
  const parentOf = new Map(Array.from(tree.source.matchAll(/^ {2}(n\d+) --> (n\d+)$/gm), (match) => [match[2] as string, match[1] as string]));
  let steps = 0;
  for (let current: string | undefined = first; current !== undefined && steps < 100; current = parentOf.get(current)) steps += 1;
  const rootLabel = tree.source.split('\n').find((line) => line.startsWith(`  ${[...parentOf.values()].find((id) => !parentOf.has(id))}[`));
  assert.match(rootLabel ?? '', /Runner\.Worker/);
  assert.ok(steps > 3, `a chain of ${steps} drawn from the flagged node up`);

  // The timeline is bounded too: 500 steps, 500 rules.
  const timed = { ...report, steps: Array.from({ length: 500 }, (_, index) => ({ number: index + 1, name: `step ${'x'.repeat(200)} ${index}`, startedAt: '2026-11-23T04:00:00Z', completedAt: '2026-11-23T04:10:00Z' })) };
  timed.alerts = hugeReport(500).alerts.map((alert, index) => ({ ...alert, rule: `rule ${index} ${'<'.repeat(40)}` }));
  const timeline = stepTimelineSource(timed);
  assert.ok(timeline);
  assertOurGrammar(timeline.source, GANTT_LINES);
  assert.ok(bytes(timeline.source) <= MERMAID_LIMITS.timelineBytes, `${bytes(timeline.source)} bytes`);
  assert.ok(timeline.stepsLeft > 400 && timeline.alertsLeft > 400, JSON.stringify(timeline));
  assert.ok(timeline.source.split('\n').filter((line) => line.includes(':milestone')).length <= MERMAID_LIMITS.timelineMilestones);

  // The surfaces stay within their limits with both pictures in.
  const summary = renderAnalyzeSummary(timed);
  assert.ok(bytes(summary) <= DEFAULT_SUMMARY_BUDGET_BYTES);
  const comment = renderPrComment(timed, { jobKey: 'build' });
  assert.ok(comment.length <= PR_COMMENT_LIMIT_CHARS);
});

test('hostile corpus: every name stays inside its label, every line is ours, labels read back as the visible text', () => {
  const report = hostilePictureReport();
  const tree = processTreeSource(report);
  const timeline = stepTimelineSource(report);
  assert.ok(tree && timeline);
  assertOurGrammar(tree.source, FLOWCHART_LINES);
  assertOurGrammar(timeline.source, GANTT_LINES);
  assert.ok(tree.flagged > 0 && tree.source.includes('class n'));
  // Each label is one hostile value, visible and cut: it reads back as such.
  const labels = Array.from(tree.source.matchAll(/^ {2}n\d+\["(.*)"\]$/gm), (match) => decodeLabel(match[1] as string).replace(/^ALERT /, '').replace(/ \(\d+ runs?\)$/, ''));
  const keys = new Set([...(report.processes ?? []).flatMap((entry) => [entry.exepath || entry.name, entry.parent ?? ''])].map(visibleLine));
  for (const label of labels) {
    const whole = keys.has(label);
    const tail = label.startsWith('…') && [...keys].some((key) => key.endsWith(label.slice(1)) && Array.from(label).length === MERMAID_LIMITS.labelChars);
    assert.ok(whole || tail, `a label that is no process's: ${label.slice(0, 200)}`);
  }
  // The Markdown around them: one fence each, never closable by data.
  for (const picture of analyzePictures(report)) {
    const fences = picture.markdown.split('\n').filter((line) => line.startsWith('```'));
    assert.deepEqual(fences, ['```mermaid', '```']);
  }
});

test('hostile corpus, one value at a time: in a process name, a parent, a step name and a rule', () => {
  for (const text of [...HOSTILE_CORPUS.map((entry) => entry.text), ...NASTY, '', '"]\nclick n1 call alert(1)\n%%{init: {}}%%\n```', 'x"]:::flagged --> n1["y']) {
    const report = fixtureReport('typical');
    report.processes = [{ ...(report.processes?.[0] as NonNullable<AnalyzeReport['processes']>[number]), exepath: text, name: text, parent: text, count: 0 }];
    report.alerts = [{ ...(report.alerts[0] as AnalyzeReport['alerts'][number]), rule: text, process: { name: text, exepath: text } }];
    report.steps = [{ number: 3, name: text, startedAt: '2026-11-23T04:00:40Z', completedAt: '2026-11-23T04:03:30Z' }];
    const tree = processTreeSource(report)?.source ?? '';
    const timeline = stepTimelineSource(report)?.source ?? '';
    assertOurGrammar(tree, FLOWCHART_LINES);
    assertOurGrammar(timeline, GANTT_LINES);
    assert.equal(timeline.split('\n').length, 8);
    assert.doesNotMatch(tree, /\[""\]/, 'no empty label');
    if (text === '') continue;
    // A process started by itself: one node with an edge to itself, flagged.
    assert.match(tree, /^ {2}n1 --> n1$/m);
    assert.match(tree, /^ {2}class n1 flagged$/m);
  }
});

test('property: a label is our alphabet and entity codes only, and reads back as the visible text', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (text) => {
      const label = mermaidText(text, Number.POSITIVE_INFINITY);
      assert.match(label, new RegExp(`^${L}$`));
      assert.equal(decodeLabel(label), visibleLine(text));
      const cut = mermaidText(text, 10);
      assert.ok(Array.from(decodeLabel(cut)).length <= 10);
    }),
    { numRuns: 1000 },
  );
  assert.throws(() => mermaidBlock('a`b'), /backtick/);
});

test('a picture that does not fit is left out and said: in the summary cut notice and in the comment', () => {
  // hugeReport's alerts take the whole budget: the tree does not fit.
  const summary = renderAnalyzeSummary(hugeReport(5000), { budgetBytes: 150_000 });
  assert.ok(bytes(summary) <= 150_000);
  assert.doesNotMatch(summary, /```mermaid/);
  assert.match(summary, /^\*\*Cut to fit the step summary limit\*\*: \d+ alerts \(the least severe\), the process tree picture, /m);

  const report = typicalWithProcess();
  const whole = renderPrComment(report, { jobKey: 'build' });
  assert.equal(whole.match(/^```mermaid$/gm)?.length, 2);
  const withoutPictures = whole.length - analyzePictures(report, '####').reduce((sum, picture) => sum + picture.markdown.length, 0);
  const cut = renderPrComment(report, { jobKey: 'build' }, withoutPictures + 600);
  assert.ok(cut.length <= withoutPictures + 600);
  assert.doesNotMatch(cut, /```mermaid/);
  assert.match(cut, /^The step timeline and process tree pictures were left out to fit the comment limit\.$/m);
  // Without them the comment is otherwise the same.
  assert.equal(cut.replace(/\nThe step timeline and process tree pictures were left out to fit the comment limit\.\n/, ''), whole.replace(analyzePictures(report, '####').map((picture) => picture.markdown).join(''), ''));
});
