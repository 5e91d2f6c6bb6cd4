// The job summary rendered by a real GitHub Flavored Markdown renderer: cmark-gfm with the extensions
// and options GitHub uses for user content (table, autolink, strikethrough, tagfilter; raw HTML allowed,
// which is what --unsafe means). Every value the monitored job controls (Falco output, rule names,
// command lines, step/job/runner names, API messages, bad event lines) is hostile here; the HTML must hold
// no tag, link or table cell made from it, and every such value must sit inside <code>, where GitHub's
// mention, issue-reference and emoji filters do not look.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubApi, fixtureJobs, type GitHubApi, type JobRecord } from '../../support/github-api.ts';
import { buildLiveReport, type LiveReportInput } from '../../../src/report/live-report.ts';
import { renderLiveSummary, type LiveSummaryModel } from '../../../src/report/render.ts';
import { toFalcoAlert } from '../../../src/falco/alert.ts';
import type { AttributedAlert } from '../../../src/attribution/index.ts';
import { falcoLine, markerLine, RUNNER_WORKER_PID } from '../../unit/falco/falco-lines.ts';
import { assertInertHtml, assertNoRunnerCommandLines, cellText, requireCmarkGfm, runCmark, tablesOf, textOutsideCode, visible } from './gfm.ts';

// Every hostile string carries "PWN" so its escape from <code> is easy to spot.
const HOSTILE = [
  'PWN pipes a | b || c \\| d \\\\| e',
  'PWN `tick` ``double`` ``` fence ```',
  'PWN <script>alert(1)</script></code></td></tr></table><table><tr><td>x',
  'PWN <img src=x onerror=alert(1)> <svg onload=alert(2)> <a href="https://evil.example">a</a>',
  'PWN [link](https://evil.example/x) ![img](https://evil.example/x.png) [ref][1]\n\n[1]: https://evil.example',
  'PWN autolinks https://evil.example www.evil.example user@evil.example <https://evil.example> <mailto:a@evil.example>',
  'PWN @mallory @github/security-team #123 GH-7 octo-org/octo-repo#9 deadbeefdeadbeefdeadbeefdeadbeefdeadbeef :shipit:',
  'PWN # heading\n## h2\r\n---\n| x | y |\n|---|---|\n| 1 | 2 |',
  'PWN entities &lt;b&gt; &amp;amp; &#124; &#x40; &#96; &nbsp; &#0;',
  'PWN *em* **strong** _u_ ~~strike~~ > quote',
  'PWN bidi \u202Egnp.exe\u202C zero\u200Bwidth \u2066iso\u2069 \uFEFFbom \u0007bell \u0000nul \u2028ls \u0085nel',
  'PWN javascript:alert(1) data:text/html,<b>x</b>',
  'PWN '.padEnd(30_000, '<a>|`@x '),
];

const STEP_NAMES = [
  'PWN step <img src=x onerror=alert(1)> | @mallory',
  'PWN step `x` [l](https://evil.example) #123',
  'PWN step \u202Eevil\u200B\n## injected',
];
const HOSTILE_IMAGE = 'PWN<img/src=x/onerror=alert(1)>|[l](https://evil.example)@sha256:`x`';
const JOB_NAME = 'PWN job <script>x</script> | www.evil.example';
const RUNNER_NAME = 'PWN runner @mallory |';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const NODE = '/home/runner/runners/2.321.0/externals/node20/bin/node';
const at = (second: number, fraction = '100000000') => `2026-11-23T04:00:${String(second).padStart(2, '0')}.${fraction}Z`;
const iso = (second: number) => `2026-11-23T04:00:${String(second).padStart(2, '0')}.000Z`;

function hostileJob(): JobRecord {
  const base = fixtureJobs()[0] as JobRecord;
  return {
    ...base,
    name: JOB_NAME,
    runner_name: RUNNER_NAME,
    steps: [
      { name: 'Set up job', status: 'completed', conclusion: 'success', number: 1, started_at: iso(5), completed_at: iso(7) },
      { name: STEP_NAMES[0] as string, status: 'completed', conclusion: 'success', number: 2, started_at: iso(7), completed_at: iso(20) },
      { name: STEP_NAMES[1] as string, status: 'completed', conclusion: 'success', number: 3, started_at: iso(20), completed_at: iso(40) },
      { name: STEP_NAMES[2] as string, status: 'in_progress', conclusion: null, number: 4, started_at: iso(40), completed_at: null },
    ],
  };
}

interface Written {
  lines: string[];
  /** Alerts written (markers excluded), in file order: what the Alerts table must show. */
  alerts: Array<{ rule: string; message: string }>;
}

function hostileEvents(): Written {
  const lines: string[] = [];
  const alerts: Written['alerts'] = [];
  // Step root processes: a node action whose path segments are hostile, a run script, and one whose
  // command line is hostile through and through (an "other" process).
  lines.push(markerLine(at(8), 4001, `${NODE} /home/runner/work/_actions/PWN<img>/r@x|y/${SHA}/dist/index.js`));
  lines.push(markerLine(at(21), 4100, '/usr/bin/bash -e /home/runner/work/_temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh'));
  lines.push(markerLine(at(41), 4200, `PWN-proc <img src=x onerror=alert(1)> | [l](https://evil.example) @mallory \`x\``));
  // A step root in the boundary second of two hostile-named steps, with no alerts: only a note names them.
  lines.push(markerLine(at(40, '500000000'), 4300, '/usr/bin/bash -e /home/runner/work/_temp/11111111-2222-3333-4444-555555555555.sh'));
  const roots = [4001, 4100, 4200];
  HOSTILE.forEach((message, index) => {
    const root = roots[index % roots.length] as number;
    const second = root === 4001 ? 10 : root === 4100 ? 25 : 45;
    const rule = `PWN rule ${index} ${HOSTILE[(index + 3) % HOSTILE.length]?.slice(0, 120) ?? ''}`;
    lines.push(
      falcoLine({
        rule,
        priority: ['Critical', 'Warning', 'Notice', 'Error'][index % 4] as string,
        time: at(second, String(index + 1).padStart(9, '0')),
        message,
        chain: [root + 50 + index, root, RUNNER_WORKER_PID],
        fields: { 'proc.name': `PWN<b>${index}`, 'proc.cmdline': message.slice(0, 200) },
      }),
    );
    alerts.push({ rule, message });
  });
  // An alert with no marked ancestor (attributed by time) and bad lines quoted back as problems.
  lines.push(falcoLine({ rule: 'PWN container | <img src=x>', priority: 'Warning', time: at(30), chain: [9001, 9000, 1], message: 'PWN @mallory in container' }));
  alerts.push({ rule: 'PWN container | <img src=x>', message: 'PWN @mallory in container' });
  // A container action whose image reference is hostile (docker run … IMAGE).
  lines.push(markerLine(at(32), 4400, `/usr/bin/docker run --name x --rm -e CI=true ${HOSTILE_IMAGE} arg`));
  lines.push(falcoLine({ rule: 'PWN in container action', priority: 'Notice', time: at(33), chain: [4401, 4400, RUNNER_WORKER_PID], message: 'PWN from the container action' }));
  alerts.push({ rule: 'PWN in container action', message: 'PWN from the container action' });
  lines.push('PWN not json <img src=x onerror=alert(1)> | @mallory [l](https://evil.example)');
  lines.push(JSON.stringify({ rule: 'PWN <script>', priority: 'Loud', time: 'x', output: '@mallory' }));
  return { lines, alerts };
}

const ALLOWED_TAGS = new Set(['h2', 'h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'ul', 'li', 'strong', 'blockquote']);

/** What a hostileCode cell must read as: the visible text, cut after maxChars with our words. */
function shown(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return visible(text);
  return `${visible(chars.slice(0, maxChars).join(''))} … (${chars.length - maxChars} more characters)`;
}

function assertNoHostileMarkup(html: string): void {
  assertInertHtml(html, ALLOWED_TAGS);
  const outside = textOutsideCode(html);
  assert.doesNotMatch(outside, /PWN|evil|mallory|onerror|#123|:shipit:|<|javascript:/, `hostile text outside <code>: ${outside.slice(0, 500)}`);
}

// --- the tests -----------------------------------------------------------------------------------------

let api: GitHubApi;
let dir: string;
let eventsFile: string;
let written: Written;

before(async () => {
  api = await startGitHubApi({ jobs: [hostileJob()] });
  dir = mkdtempSync(join(tmpdir(), 'gfm-render-'));
  eventsFile = join(dir, 'events.json');
  written = hostileEvents();
  writeFileSync(eventsFile, `${written.lines.join('\n')}\n`);
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const input = (): LiveReportInput => ({
  eventsFile,
  github: { token: 'ghs_gfmRenderTokenNeverShown000000000000', apiUrl: api.url, repository: 'octo-org/octo-repo', runId: 1300000001, runAttempt: 1, runnerName: RUNNER_NAME, job: 'build' },
  cost: { cpuSeconds: 1, peakMemoryBytes: 1024 * 1024, startSeconds: 2, stopSeconds: 3 },
  failOn: 'warning',
});

test('hostile alerts, step names and process names render to HTML with no tag, link or extra cell of theirs', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const result = await buildLiveReport(input());
  assert.equal(result.alerts, written.alerts.length);
  assertNoRunnerCommandLines(result.markdown);
  const html = await runCmark(result.markdown);
  assertNoHostileMarkup(html);

  const tables = tablesOf(html);
  const [byPriority, byRule, alertsTable, cost] = tables;
  assert.equal(tables.length, 4, 'priority, rule, alerts and cost tables, nothing else');
  assert.deepEqual(byPriority?.header, ['Priority', 'Alerts']);
  assert.deepEqual(byRule?.header, ['Rule', 'Highest priority', 'Alerts']);
  assert.deepEqual(alertsTable?.header, ['Time (UTC)', 'Step', 'Rule', 'Priority', 'Output']);
  assert.deepEqual(cost?.header, ['Falco CPU time', 'Falco peak memory', 'Start took', 'Stop took']);
  for (const table of tables) {
    for (const row of table.rows) assert.equal(row.length, table.header.length, `row of ${table.header.join('/')}: ${row.join(' ¦ ').slice(0, 300)}`);
  }
  assert.equal(byPriority?.rows.reduce((sum, row) => sum + Number(row[1]), 0), written.alerts.length);
  assert.equal(byRule?.rows.length, new Set(written.alerts.map((alert) => alert.rule)).size);
  assert.equal(cost?.rows.length, 1);

  // One row per alert, in file order, each hostile value read back whole from its cell.
  const rows = alertsTable?.rows ?? [];
  assert.equal(rows.length, written.alerts.length);
  rows.forEach((row, index) => {
    const expected = written.alerts[index] as Written['alerts'][number];
    assert.equal(cellText(row[2] as string), shown(expected.rule, 200), `rule of row ${index}`);
    assert.equal(cellText(row[4] as string), shown(expected.message, 1000), `output of row ${index}`);
  });
  // Attribution reached the hostile step names (read back from their code spans).
  const stepCells = rows.map((row) => cellText(row[1] as string));
  assert.ok(stepCells.some((cell) => cell.startsWith(visible(STEP_NAMES[0] as string))), stepCells.join('\n'));
  assert.ok(stepCells.some((cell) => cell.startsWith(`${visible(STEP_NAMES[1] as string)} (run script _temp/0f1e2d3c`)), stepCells.join('\n'));
  assert.ok(stepCells.some((cell) => cell.startsWith(`${visible(STEP_NAMES[2] as string)} (process PWN-proc <img`)), stepCells.join('\n'));
  assert.ok(stepCells.some((cell) => cell.endsWith('(by time)')), stepCells.join('\n'));
  assert.ok(stepCells.includes(`${visible(STEP_NAMES[1] as string)} (container action image ${HOSTILE_IMAGE})`), stepCells.join('\n'));
  // The job and runner names, the notes and the problems sit in code too.
  assert.match(html, /<p>Job <code>PWN job &lt;script&gt;x&lt;\/script&gt; <\/code>\|<code> www\.evil\.example<\/code> on runner <code>PWN runner @mallory <\/code>\|\.<\/p>/);
  assert.match(html, /<h3>Attribution notes<\/h3>\n<ul>\n<li>run script <code>_temp\/11111111-2222-3333-4444-555555555555\.sh<\/code> \(pid 4300\) spawned at <code>2026-11-23T04:00:40\.500000000Z<\/code>, in the boundary second <code>2026-11-23T04:00:40Z<\/code> of steps <code>PWN step `x` \[l\]\(https:\/\/evil\.example\) #123<\/code> and <code>PWN step \\u\{202e\}evil\\u\{200b\}\\n## injected<\/code>: it may belong to either<\/li>/);
  assert.match(html, /<h3>Problems reading Falco(?:'|&#39;|’)s events<\/h3>\n<ul>\n<li><code>line \d+: not JSON: PWN not json &lt;img/);
  assert.ok(!result.markdown.includes('ghs_gfmRenderTokenNeverShown'), 'the token is never in the summary');
});

test('an API error message with markup renders inert; process attribution still shows, in code', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  api.failWith(403, { message: 'PWN <img src=x onerror=alert(1)> [fix](https://evil.example) @mallory\n# now\n| a | b |', documentation_url: 'https://evil.example' });
  try {
    const result = await buildLiveReport(input());
    assertNoRunnerCommandLines(result.markdown);
    const html = await runCmark(result.markdown);
    assertNoHostileMarkup(html);
    assert.match(html, /<blockquote>\n<p>\[!WARNING\]\nSteps could not be named: <code>the GitHub API refused to list the jobs/);
    // Without step names the hostile action path and command line still show, in code.
    const alertsTable = tablesOf(html)[2];
    assert.equal(alertsTable?.rows.length, written.alerts.length);
    for (const row of alertsTable?.rows ?? []) assert.equal(row.length, 5);
    const stepCells = (alertsTable?.rows ?? []).map((row) => cellText(row[1] as string));
    assert.ok(stepCells.includes(`unknown step (action PWN<img>/r@x|y@${SHA})`), stepCells.join('\n'));
  } finally {
    api.failWith(undefined);
  }
});

test('a summary cut to its budget still renders to well-formed tables', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const findings: AttributedAlert[] = [];
  for (let index = 0; index < 400; index += 1) {
    const parsed = JSON.parse(falcoLine({ rule: `PWN ${index % 7} | <b>`, priority: index % 50 === 0 ? 'Critical' : 'Notice', time: at(10), chain: [10, 1] })) as { output: string };
    parsed.output = `PWN ${'`|<img src=x>'.repeat(200)}`;
    const alert = toFalcoAlert(parsed, index + 1);
    if (!alert.ok) throw new Error(alert.reason);
    findings.push({ alert: alert.alert, steps: [{ number: 2, name: `PWN | step ${index % 3}` }], method: 'process' });
  }
  const model: LiveSummaryModel = { findings, notes: [], problems: [], cost: {}, failOn: 'none' };
  const rendered = renderLiveSummary(model, 200_000);
  assert.ok(rendered.omittedRows > 0 && rendered.shownRows > 0, `${rendered.shownRows} shown, ${rendered.omittedRows} omitted`);
  assertNoRunnerCommandLines(rendered.markdown);
  const html = await runCmark(rendered.markdown);
  assertNoHostileMarkup(html);
  const alertsTable = tablesOf(html)[2];
  assert.equal(alertsTable?.rows.length, rendered.shownRows);
  for (const row of alertsTable?.rows ?? []) assert.equal(row.length, 5);
  assert.equal(alertsTable?.rows.filter((row) => row[3] === 'Critical').length, 8, 'every critical alert kept');
  assert.match(html, new RegExp(`<p><strong>${rendered.omittedRows} more alerts not shown</strong>`));
});
