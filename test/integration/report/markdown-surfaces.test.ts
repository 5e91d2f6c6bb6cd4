// Every Markdown surface renders the hostile-string corpus (test/fixtures/hostile/strings.json) through
// the one escaping module: the job summary (with its monitoring problems), `inventory --format
// markdown` on a capture holding the corpus, and `rules test --format markdown` with rules and outputs
// holding it. Each is rendered by the real cmark-gfm: no link, image, mention, issue reference, HTML
// or bidi control of the corpus survives, every table keeps its columns, every value reads back whole
// from its code, and no line of the Markdown is a workflow command to the runner.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../../support/env.ts';
import { toFalcoAlert } from '../../../src/falco/alert.ts';
import { note, type AttributedAlert } from '../../../src/attribution/index.ts';
import { renderLiveSummary, type LiveSummaryModel } from '../../../src/report/index.ts';
import { summaryMarkdown } from '../../../src/action/publish.ts';
import { buildInventory } from '../../../src/inventory/inventory.ts';
import { renderInventoryMarkdown } from '../../../src/inventory/markdown.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { loadRules, renderRuleTestMarkdown, runRulesOnCapture } from '../../../src/rules/index.ts';
import { falcoLine } from '../../unit/falco/falco-lines.ts';
import { assertInertHtml, assertNoRunnerCommandLines, cellText, requireCmarkGfm, runCmark, tablesOf, visible, type HtmlTable } from './gfm.ts';

interface HostileString {
  what: string;
  text: string;
}
const CORPUS = JSON.parse(readFileSync(repoPath('test', 'fixtures', 'hostile', 'strings.json'), 'utf8')) as HostileString[];
const BLOCK_TAGS = ['h1', 'h2', 'h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'ul', 'li', 'strong', 'em', 'blockquote', 'pre'];
const TAGS = new Set(BLOCK_TAGS);

function assertColumns(tables: readonly HtmlTable[]): void {
  for (const table of tables) {
    for (const row of table.rows) assert.equal(row.length, table.header.length, `row of ${table.header.join('/')}: ${row.join(' ¦ ').slice(0, 300)}`);
  }
}

/** What a bounded hostile value reads as: the visible text, cut after maxChars with our words. */
function shown(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return visible(text);
  return `${visible(chars.slice(0, maxChars).join(''))} … (${chars.length - maxChars} more characters)`;
}

test('the corpus covers every class the escaping must close', () => {
  const all = CORPUS.map((entry) => entry.text).join('\n');
  for (const char of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u200e', '\u200f', '\u061c']) {
    assert.ok(all.includes(char), `bidi control U+${char.codePointAt(0)?.toString(16)}`);
  }
  for (const needle of ['https://', 'www.', '@evil.example', '@mallory', '#123', 'octo-org/octo-repo#9', '<img', '](', '|', '`', '\n', '##[', '\n::error::']) {
    assert.ok(all.includes(needle), needle);
  }
  assert.ok(CORPUS.every((entry) => entry.text.includes('PWN')), 'every string carries the marker');
});

test('job summary: alerts, steps, notes and monitoring problems from the corpus render inert', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const findings: AttributedAlert[] = CORPUS.map((entry, index) => {
    const parsed = JSON.parse(falcoLine({ rule: `r${index}`, priority: ['Critical', 'Warning', 'Notice'][index % 3] as string, time: `2026-11-23T04:00:${String(10 + index).padStart(2, '0')}.000000001Z`, chain: [100 + index, 50] })) as {
      rule: string;
      output: string;
    };
    parsed.rule = `${entry.text.slice(0, 150)} ${index}`;
    parsed.output = entry.text;
    const alert = toFalcoAlert(parsed, index + 1);
    if (!alert.ok) throw new Error(alert.reason);
    return { alert: alert.alert, steps: [{ number: 2, name: entry.text.slice(0, 300) }], method: 'process' };
  });
  const model: LiveSummaryModel = {
    findings,
    notes: CORPUS.map((entry) => note`a process ${entry.text} in step ${entry.what}`),
    problems: CORPUS.map((entry) => entry.text),
    stepsUnavailable: CORPUS[15]?.text ?? '',
    job: { name: CORPUS[7]?.text ?? '', runnerName: CORPUS[12]?.text ?? '' },
    cost: {},
    failOn: 'warning',
  };
  const rendered = renderLiveSummary(model);
  assert.equal(rendered.omittedRows, 0);
  const markdown = summaryMarkdown(rendered.markdown, CORPUS.map((entry) => `Falco's last log lines:\n${entry.text}`));
  assertNoRunnerCommandLines(markdown);
  const html = await runCmark(markdown);
  assertInertHtml(html, TAGS);

  const tables = tablesOf(html);
  assert.equal(tables.length, 4, 'priority, rule, alerts and cost tables, nothing else');
  assertColumns(tables);
  const alertRows = tables[2]?.rows ?? [];
  assert.equal(alertRows.length, CORPUS.length);
  alertRows.forEach((row, index) => {
    const entry = CORPUS[index] as HostileString;
    assert.equal(cellText(row[1] as string), shown(entry.text.slice(0, 300), 200), `step of ${entry.what}`);
    assert.equal(cellText(row[2] as string), shown(`${entry.text.slice(0, 150)} ${index}`, 200), `rule of ${entry.what}`);
    assert.equal(cellText(row[4] as string), shown(entry.text, 1000), `output of ${entry.what}`);
  });
  // The monitoring problems are code blocks holding every line, the runner's command openers shown escaped.
  const blocks = Array.from(html.matchAll(/<pre><code class="language-text">([\s\S]*?)<\/code><\/pre>/g), (match) => match[1] as string);
  assert.equal(blocks.length, CORPUS.length);
  assert.match(blocks[15] ?? '', /\n\\u\{003a\}:error::forged\n/);
  assert.match(blocks[15] ?? '', /PWN ::add-mask::x #\\u\{0023\}\[add-mask\]y/);
});

// A capture cannot hold every string as written: arguments and paths are NUL-terminated in scap, the
// kernel's comm is at most 15 bytes and exepath/cwd are absolute. The inventory is compared with what
// the reader read, so nothing here depends on how the writer stores a value.
const captureText = (text: string) => text.replaceAll('\u0000', '\u0001');

let dir: string;
let capture: string;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'markdown-surfaces-'));
  capture = join(dir, 'hostile.scap');
  const containerId = 'c0ffee'.padEnd(64, '0');
  const description = parseCaptureDescription({
    processes: [{ pid: 100, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash', cwd: '/home/runner/work' }],
    containers: [{ id: containerId, name: captureText(CORPUS[7]?.text ?? 'x'), image: captureText(CORPUS[5]?.text ?? 'x') }],
    events: CORPUS.flatMap((entry, index) => {
      const pid = 200 + index;
      const text = captureText(entry.text);
      return [
        { type: 'clone', pid: 100, childPid: pid },
        { type: 'exec', pid, exepath: `/PWN/${text.slice(0, 200)}`, args: [text, `--${entry.what}`], comm: Array.from(`PWN${text}`.replace(/[\u0000-\u001f]/g, '')).slice(0, 10).join(''), cwd: `/${text.slice(0, 100)}` },
        { type: 'open', pid, path: `/tmp/${text.slice(0, 300)}`, flags: ['O_WRONLY', 'O_CREAT'] },
        { type: 'dns', pid, server: { ip: '8.8.8.8' }, local: { ip: '10.1.0.4', port: 40000 + index }, name: text.slice(0, 200).replace(/\.\./g, '.') || 'x' },
      ];
    }),
  });
  await writeCapture(description, capture);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('inventory --format markdown: a capture holding the corpus renders inert, each value whole in its cell', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const inventory = await buildInventory(capture);
  assert.ok(inventory.processes.length >= CORPUS.length, `${inventory.processes.length} processes`);
  const markdown = renderInventoryMarkdown(inventory);
  assertNoRunnerCommandLines(markdown);
  const html = await runCmark(markdown);
  assertInertHtml(html, TAGS);
  const tables = tablesOf(html);
  assertColumns(tables);
  const byHeader = (first: string) => tables.find((table) => table.header[0] === first);
  const processes = byHeader('runs');
  const dns = byHeader('name');
  const files = byHeader('path');
  const containers = byHeader('id');
  assert.deepEqual(processes?.header, ['runs', 'when', 'exepath', 'args', 'parent', 'user', 'container']);
  assert.equal(processes?.rows.length, inventory.processes.length);
  inventory.processes.forEach((entry, index) => {
    const row = processes?.rows[index] ?? [];
    assert.equal(cellText(row[2] as string), visible(entry.exepath || entry.name));
    assert.equal(cellText(row[3] as string), visible(entry.args.join(' ')));
  });
  // The hostile text reached the inventory (the test would prove nothing if the capture lost it).
  for (const needle of ['\u202e', '##[add-mask]', '@mallory', '<img', '\n::error::']) {
    assert.ok(inventory.processes.some((entry) => entry.args.join(' ').includes(needle)), `an argument holding ${JSON.stringify(needle)} was read`);
  }
  assert.equal(dns?.rows.length, inventory.dns.length);
  inventory.dns.forEach((entry, index) => assert.equal(cellText(dns?.rows[index]?.[0] as string), visible(entry.name)));
  for (const needle of ['user@evil.example', '\u202e', '[link](https://']) {
    assert.ok(inventory.dns.some((entry) => entry.name.includes(needle)), `a DNS name holding ${JSON.stringify(needle)} was read`);
  }
  assert.equal(files?.rows.length, inventory.files.length);
  inventory.files.forEach((entry, index) => assert.equal(cellText(files?.rows[index]?.[0] as string), visible(entry.path)));
  assert.equal(cellText(containers?.rows[0]?.[2] as string), visible(inventory.containers[0]?.image ?? ''));
});

test('rules test --format markdown: hostile rule names, tags and outputs from a capture holding the corpus render inert', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  // YAML is a superset of JSON: the rule file is written with JSON's escapes, so every string arrives whole.
  const rules = CORPUS.slice(0, 12).map((entry, index) => ({
    rule: `${entry.text} ${index}`,
    desc: 'hostile',
    condition: index % 2 === 0 ? 'evt.type = execve and evt.dir = <' : 'evt.type in (open, openat) and evt.dir = <',
    output: `${entry.text.replaceAll('%', '%%')} cmdline=%proc.cmdline file=%fd.name`,
    priority: 'WARNING',
    tags: [entry.text.slice(0, 40), 'PWN'],
  }));
  const set = loadRules([{ file: 'hostile.yaml', text: JSON.stringify(rules) }]);
  assert.deepEqual(set.problems.filter((problem) => problem.severity === 'error'), []);
  assert.equal(set.rules.length, rules.length);
  const report = await runRulesOnCapture(set, capture);
  assert.ok(report.rules.every((rule) => rule.matches > 0), report.rules.map((rule) => rule.matches).join(','));
  const markdown = renderRuleTestMarkdown(report);
  assertNoRunnerCommandLines(markdown);
  const html = await runCmark(markdown);
  assertInertHtml(html, TAGS);
  // The report's own "Summary" section comes first; every other heading is a rule's name.
  const headings = Array.from(html.matchAll(/<h2>([\s\S]*?)<\/h2>/g), (match) => cellText(match[1] as string)).filter((heading) => heading !== 'Summary');
  assert.deepEqual(headings, rules.map((rule) => visible(rule.rule)));
  const [summary, ...tables] = tablesOf(html);
  assertColumns([summary!, ...tables]);
  // The summary table names every rule that fired, whole and inert, like the sections below it.
  assert.deepEqual((summary?.rows ?? []).map((row) => cellText(row[0] as string)).sort(), report.summary.fired.map((rule) => visible(rule.rule)).sort());
  assert.equal(tables.length, report.rules.length);
  report.rules.forEach((rule, index) => {
    const rows = tables[index]?.rows ?? [];
    assert.equal(rows.length, rule.events.length);
    rule.events.forEach((event, row) => assert.equal(cellText(rows[row]?.[2] as string), visible(event.output), `output of ${rule.rule}`));
  });
});
