// Analyze mode's Markdown surfaces, the job summary (also the CLI's Markdown) and the pull-request
// comment, rendered by the real cmark-gfm from a report whose every string is from the hostile corpus
// (test/fixtures/hostile/strings.json): no link, image, mention, reference, HTML or bidi control of the
// corpus survives, every table keeps its columns, values read back whole from their code, and no line
// is a workflow command to the runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderAnalyzeSummary, ANALYZE_LIMITS } from '../../../src/report/analyze-markdown.ts';
import { commentMarker, PR_COMMENT_LIMIT_CHARS, renderPrComment } from '../../../src/report/pr-comment.ts';
import { analyzePictures, processTreeSource, stepTimelineSource } from '../../../src/report/mermaid.ts';
import { DEFAULT_SUMMARY_BUDGET_BYTES } from '../../../src/report/render.ts';
import { fixtureReport, HOSTILE_CORPUS, hostilePictureReport, hostileReport, hugeReport } from '../../fixtures/reports/build.ts';
import { assertInertHtml, assertNoRunnerCommandLines, cellText, decode, requireCmarkGfm, runCmark, tablesOf, visible, type HtmlTable } from './gfm.ts';

// `pre`: the Mermaid pictures' fenced blocks (src/report/mermaid.ts).
const TAGS = new Set(['h2', 'h3', 'h4', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'ul', 'li', 'strong', 'pre']);

function assertColumns(tables: readonly HtmlTable[]): void {
  for (const table of tables) {
    for (const row of table.rows) assert.equal(row.length, table.header.length, `row of ${table.header.join('/')}: ${row.join(' ¦ ').slice(0, 300)}`);
  }
}

/** What a bounded hostile value reads as: the visible text, cut after maxChars with our words. */
function shown(text: string, maxChars: number): string {
  const chars = Array.from(text);
  if (chars.length <= maxChars) return visible(text);
  return `${visible(chars.slice(0, maxChars).join(''))} … (${chars.length - maxChars} more characters)`;
}

const byHeader = (tables: readonly HtmlTable[], first: string, second: string) => tables.filter((table) => table.header[0] === first && table.header[1] === second);

test('job summary: a report made of the hostile corpus renders inert, each section a well-formed table', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const report = hostileReport();
  const markdown = renderAnalyzeSummary(report);
  assertNoRunnerCommandLines(markdown);
  const html = await runCmark(markdown);
  assertInertHtml(html, TAGS);
  const tables = tablesOf(html);
  assertColumns(tables);
  // By rule, alerts, connections, DNS, processes, files, containers, three top-talkers tables, hashes.
  assert.equal(tables.length, 11, tables.map((table) => table.header.join('/')).join('\n'));
  const n = HOSTILE_CORPUS.length;

  const [alerts] = byHeader(tables, 'Rule', 'Priority');
  assert.equal(alerts?.rows.length, n);
  const alertByRule = new Map(report.alerts.map((alert) => [visible(alert.rule), alert]));
  for (const row of alerts?.rows ?? []) {
    const alert = alertByRule.get(cellText(row[0] as string));
    assert.ok(alert, `a rule read back whole: ${cellText(row[0] as string).slice(0, 200)}`);
    const step = alert.attribution.step as { number: number; name: string };
    assert.equal(cellText(row[3] as string), `${step.number}: ${shown(step.name, ANALYZE_LIMITS.shortChars)} (${shown(alert.attribution.note ?? '', ANALYZE_LIMITS.shortChars)})`);
    assert.equal(cellText(row[4] as string), shown(`uses: ${alert.attribution.action}`, ANALYZE_LIMITS.shortChars));
  }

  const [containers] = byHeader(tables, 'Id', 'Name');
  assert.deepEqual(
    containers?.rows.map((row) => row.map(cellText)),
    report.containers?.map((entry) => [shown(entry.id, 64), shown(entry.name, ANALYZE_LIMITS.shortChars), shown(entry.image, ANALYZE_LIMITS.valueChars)]),
  );
  const [files] = byHeader(tables, 'Path', 'Outside workspace');
  const outsideFirst = [...(report.writtenFiles ?? []).filter((entry) => entry.outsideWorkspace), ...(report.writtenFiles ?? []).filter((entry) => !entry.outsideWorkspace)];
  assert.deepEqual(files?.rows.map((row) => cellText(row[0] as string)), outsideFirst.map((entry) => shown(entry.path, ANALYZE_LIMITS.valueChars)));
  const [processes] = byHeader(tables, 'Runs', 'Executable');
  assert.deepEqual(processes?.rows.map((row) => cellText(row[2] as string)), report.processes?.map((entry) => shown(entry.args.join(' '), ANALYZE_LIMITS.valueChars)));
  // The notes are a list: ours in words, then each of the report's in code, whole.
  const notes = html.slice(html.indexOf('<h3>Notes</h3>'));
  const items = Array.from(notes.matchAll(/<li>([\s\S]*?)<\/li>/g), (match) => match[1] as string);
  assert.deepEqual(items.slice(-n).map(cellText), report.notes.map((note) => shown(note, ANALYZE_LIMITS.noteChars)));
  assert.match(items[0] ?? '', /^The capture is damaged: 2 regions could not be read \(4096 bytes skipped\)/);
});

test('pull-request comment: the hostile report renders inert under its marker, within the limit', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const report = hostileReport();
  const jobKey = report.job?.key ?? '';
  const body = renderPrComment(report, { jobKey, reportUrl: HOSTILE_CORPUS[5]?.text ?? '' });
  assert.ok(body.length <= PR_COMMENT_LIMIT_CHARS);
  assert.ok(body.startsWith(`${commentMarker(jobKey)}\n`));
  assert.match(commentMarker(jobKey), /^<!-- falco-actions:analyze:(?:[0-9a-f]+|sha256-[0-9a-f]{64}) -->$/);
  assertNoRunnerCommandLines(body);
  const html = await runCmark(body);
  // The marker is the one piece of raw HTML, passed through as written.
  assert.ok(html.startsWith(`${commentMarker(jobKey)}\n`), html.slice(0, 200));
  assertInertHtml(html.slice(commentMarker(jobKey).length), TAGS);
  const tables = tablesOf(html);
  assertColumns(tables);
  assert.deepEqual(tables.map((table) => table.header[0]), ['Rule', 'What']);
  // A hostile pointer is not a link: it reads back from its code.
  assert.ok(html.includes('<p>The full report: <code>'), html.slice(-1500));
});

test('pull-request comment: a plain https pointer is the one link', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const url = 'https://github.com/octo-org/octo-repo/actions/runs/1300000001/attempts/2';
  const html = await runCmark(renderPrComment(fixtureReport('typical'), { jobKey: 'build', reportUrl: url }));
  const links = Array.from(html.matchAll(/<a href="([^"]*)">/g), (match) => match[1]);
  assert.deepEqual(links, [url]);
});

test('a summary cut to its budget still renders to well-formed tables, and says what was cut', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const report = hugeReport(5000);
  const markdown = renderAnalyzeSummary(report, { budgetBytes: 150_000 });
  assert.ok(Buffer.byteLength(markdown) <= 150_000);
  assertNoRunnerCommandLines(markdown);
  const html = await runCmark(markdown);
  assertInertHtml(html, TAGS);
  const tables = tablesOf(html);
  assertColumns(tables);
  const [alerts] = byHeader(tables, 'Rule', 'Priority');
  const critical = report.alerts.filter((alert) => alert.priority === 'critical').length;
  assert.equal(alerts?.rows.filter((row) => row[1] === 'Critical').length, critical, 'every critical alert kept');
  assert.match(html, /<p><strong>Cut to fit the step summary limit<\/strong>: \d+ alerts \(the least severe\)/);
});

test('pictures: the Mermaid blocks of a hostile report are one fenced block each, and the rest of the summary and comment is unchanged', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const report = hostilePictureReport();
  const pictures = analyzePictures(report);
  assert.deepEqual(pictures.map((picture) => picture.title), ['Step timeline', 'Process tree']);
  const sources = [stepTimelineSource(report)?.source, processTreeSource(report)?.source];
  const summary = renderAnalyzeSummary(report);
  assert.ok(Buffer.byteLength(summary) <= DEFAULT_SUMMARY_BUDGET_BYTES);
  assertNoRunnerCommandLines(summary);
  const html = await runCmark(summary);
  assertInertHtml(html, TAGS);
  // Exactly one code block per picture, with info string mermaid, holding the diagram as written.
  const blocks = Array.from(html.matchAll(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g), (match) => decode(match[1] as string));
  assert.deepEqual(blocks, sources.map((source) => `${source}\n`));
  assert.equal(html.match(/<pre>/g)?.length, 2);
  // Everything else renders as it does without the pictures: they close nothing and open nothing.
  const picturesHtml = await runCmark(pictures.map((picture) => picture.markdown).join(''));
  const without = await runCmark(renderAnalyzeSummary(report, { pictures: false }));
  assert.ok(html.includes(picturesHtml));
  assert.equal(html.replace(picturesHtml, ''), without);

  const comment = renderPrComment(report, { jobKey: report.job?.key ?? '' });
  assert.ok(comment.length <= PR_COMMENT_LIMIT_CHARS);
  assertNoRunnerCommandLines(comment);
  const commentHtml = await runCmark(comment);
  const commentBlocks = Array.from(commentHtml.matchAll(/<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g), (match) => decode(match[1] as string));
  assert.deepEqual(commentBlocks, sources.map((source) => `${source}\n`));
  assertInertHtml(commentHtml.slice(commentMarker(report.job?.key ?? '').length), TAGS);
});

/** The hostile corpus in every string of every enrichment part: reputations, the AI's answer, the drift, the notes. */
function hostileEnrichedReport() {
  const report = hostileReport();
  const texts = HOSTILE_CORPUS.map((entry) => entry.text);
  const stats = { malicious: 5, suspicious: 1, harmless: 60, undetected: 10, timeout: 0 };
  return {
    ...report,
    enrichment: {
      virustotal: {
        thresholds: { malicious: 3 },
        reputations: texts.map((text, index) => ({
          kind: (['ip', 'domain', 'file'] as const)[index % 3]!,
          indicator: text,
          label: text,
          verdict: (['malicious', 'suspicious', 'clean', 'unknown'] as const)[index % 4]!,
          stats: index % 4 === 3 ? null : stats,
          link: text,
          checkedAt: '2026-12-05T00:00:00Z',
          fromCache: index % 2 === 0,
        })),
        skipped: texts.slice(0, 3).map((text) => ({ kind: 'domain' as const, indicator: text, reason: text })),
        notSent: Object.fromEntries(texts.slice(0, 3).map((text, index) => [text, index + 1])),
        requests: texts.length,
        notes: texts.slice(0, 3),
      },
      triage: {
        model: texts[0]!,
        summary: texts.join('\n'),
        findings: texts.map((text, index) => ({ ref: text, triage: (['likely_benign', 'needs_a_look', 'likely_malicious'] as const)[index % 3]!, reason: text, suggestedException: text })),
        refusedExceptions: 2,
        // Our words (src/enrich/openai/findings.ts writes them from counts), not the job's.
        cut: ['3 of 40 alert rules (the least severe) were not sent, to keep the data within 24 KB.'],
      },
      drift: {
        against: { kind: 'run' as const, runId: 7, branch: texts[1]!, url: texts[2]! },
        new: { domains: texts, ips: texts, executables: texts.map((text) => ({ path: text, sha256: null })), 'written-files': texts, containers: texts },
        known: { domains: 1 },
      },
      notes: texts.slice(0, 4),
    },
  };
}

/** Our VirusTotal links, checked and taken out: the one kind of link the enrichment writes. */
function withoutOurLinks(html: string): string {
  for (const match of html.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) {
    assert.match(match[1] ?? '', /^https:\/\/www\.virustotal\.com\/gui\/(?:ip-address|domain|file)\/[A-Za-z0-9%._~-]*$/, `a link that is not ours: ${match[0]}`);
    assert.equal(match[2], 'VirusTotal');
  }
  return html.replace(/<a href="https:\/\/www\.virustotal\.com\/gui\/[^"]*">VirusTotal<\/a>/g, 'VirusTotal');
}

test('enrichment: the hostile corpus in reputations, the AI triage, the drift and the notes renders inert in the summary and the comment', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const report = hostileEnrichedReport();
  const summary = renderAnalyzeSummary(report);
  assertNoRunnerCommandLines(summary);
  assert.match(summary, /AI triage \(AI-generated, advisory\)/);
  const summaryHtml = await runCmark(summary);
  assertInertHtml(withoutOurLinks(summaryHtml), TAGS);
  const summaryTables = tablesOf(summaryHtml);
  assertColumns(summaryTables);
  const headers = summaryTables.map((table) => table.header.join('/'));
  assert.ok(headers.includes('Indicator/Kind/Verdict/Engines/Cached/Link'), headers.join('\n'));
  assert.ok(headers.includes('Finding/AI triage/Reason/Suggested exception'), headers.join('\n'));

  const jobKey = report.job?.key ?? '';
  const comment = renderPrComment(report, { jobKey });
  assert.ok(comment.length <= PR_COMMENT_LIMIT_CHARS);
  assertNoRunnerCommandLines(comment);
  const commentHtml = await runCmark(comment);
  assertInertHtml(withoutOurLinks(commentHtml.slice(commentMarker(jobKey).length)), TAGS);
  assertColumns(tablesOf(commentHtml));
});
