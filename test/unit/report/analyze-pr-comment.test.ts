// The analyze pull-request comment: its job marker (what reruns find to update in place), the choice
// of the comment to update, what it shows, and GitHub's 65,536-character limit for any report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { commentMarker, findOwnComment, PR_COMMENT_LIMIT_CHARS, PR_COMMENT_LIMITS, renderPrComment } from '../../../src/report/pr-comment.ts';
import { renderAnalyzeSummary } from '../../../src/report/analyze-markdown.ts';
import { analyzeReportSchema, SECTIONS, type AnalyzeReport } from '../../../src/analyze/report.ts';
import { FALCO_PRIORITIES } from '../../../src/falco/priority.ts';
import { fixtureReport, hostileReport, hugeReport } from '../../fixtures/reports/build.ts';

test('the marker names the job in hex: nothing in a key can close the comment or forge a line', () => {
  assert.equal(commentMarker('build'), '<!-- falco-actions:analyze:6275696c64 -->');
  assert.equal(commentMarker('test (ubuntu, 22) --> <img src=x>\n::error::x'), `<!-- falco-actions:analyze:${Buffer.from('test (ubuntu, 22) --> <img src=x>\n::error::x').toString('hex')} -->`);
  // A long key (a matrix of many values) is its SHA-256: the marker stays short.
  const long = 'matrix '.repeat(100);
  assert.match(commentMarker(long), /^<!-- falco-actions:analyze:sha256-[0-9a-f]{64} -->$/);
  assert.notEqual(commentMarker(long), commentMarker(`${long}x`));
});

test('property: distinct keys, distinct markers; every marker is one line of hex inside one HTML comment', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), fc.string({ maxLength: 80 }), (a, b) => {
      const marker = commentMarker(a);
      assert.match(marker, /^<!-- falco-actions:analyze:(?:[0-9a-f]*|sha256-[0-9a-f]{64}) -->$/);
      if (a !== b) assert.notEqual(marker, commentMarker(b));
    }),
    { numRuns: 500 },
  );
});

test("findOwnComment: the oldest comment starting with this job's marker, by the given user; quotes and other jobs' comments are not taken", () => {
  const mine = commentMarker('build');
  const comments = [
    { id: 7, body: `> ${mine}\nquoting the bot`, user: { login: 'github-actions[bot]' } },
    { id: 8, body: `${commentMarker('test')}\n### Falco analyze`, user: { login: 'github-actions[bot]' } },
    { id: 9, body: `${mine}\nforged by a contributor`, user: { login: 'mallory' } },
    { id: 12, body: `${mine}\n### Falco analyze: newer`, user: { login: 'github-actions[bot]' } },
    { id: 10, body: `${mine}\r\n### Falco analyze: older`, user: { login: 'github-actions[bot]' } },
    { id: 11, body: null, user: null },
    { id: 13, body: `${mine}x\nanother key's prefix` },
  ];
  assert.equal(findOwnComment(comments, 'build', { login: 'github-actions[bot]' })?.id, 10);
  assert.equal(findOwnComment(comments, 'build')?.id, 9, 'without a login, any author');
  assert.equal(findOwnComment(comments, 'test', { login: 'github-actions[bot]' })?.id, 8);
  assert.equal(findOwnComment(comments, 'lint'), undefined);
  assert.equal(findOwnComment([], 'build'), undefined);
});

test('the comment: marker first, headline, alerts, notable findings with step and action, then the pointer; shorter than the summary', () => {
  const report = fixtureReport('typical');
  const body = renderPrComment(report, { jobKey: 'build', reportUrl: 'https://github.com/octo-org/octo-repo/actions/runs/1300000001' });
  const lines = body.split('\n');
  assert.equal(lines[0], commentMarker('build'));
  assert.equal(lines[1], '### Falco analyze: 4 alerts (1 Error, 2 Warning, 1 Notice)');
  assert.match(body, /\| ` Write below binary dir ` \| Error \| 04:01:12\.004 \| 3: ` Run make build ` \|/);
  const notable = lines.filter((line) => /^\| (?:public destination|domain|written outside the workspace) \|/.test(line));
  assert.deepEqual(notable, [
    '| public destination | ` 203.0.113.9:443/tcp ` by ` /home/runner/runners/2.321.0/externals/node20/bin/node ` | 2: ` Run some-org/setup-tool@v2 ` | ` uses: some-org/setup-tool@v2 ` |',
    '| public destination | ` [2001:db8::7]:443/tcp ` by ` /usr/bin/curl ` | 3: ` Run make build ` |  |',
    '| domain | ` downloads.example.org ` | 3: ` Run make build ` |  |',
    '| written outside the workspace | ` /usr/local/bin/helper ` | 3: ` Run make build ` |  |',
  ]);
  // Private destinations, files in the workspace and the other sections are the full report's.
  assert.ok(!body.includes('10.1.0.1') && !body.includes('out.o') && !body.includes('### Processes'));
  assert.ok(body.endsWith('The full report: [job summary and JSON report artifact](https://github.com/octo-org/octo-repo/actions/runs/1300000001).\n'));
  assert.ok(body.length < renderAnalyzeSummary(report).length);
});

test('no alerts and no pointer: the comment says so and where the full report is', () => {
  const body = renderPrComment(fixtureReport('empty'), { jobKey: 'build' });
  assert.match(body, /^<!-- falco-actions:analyze:6275696c64 -->\n### Falco analyze: no alerts\n/);
  assert.doesNotMatch(body, /\| Rule \|/);
  assert.ok(body.endsWith("The full report is in this run's job summary and its JSON report artifact.\n"));
});

test('a pointer that is not a plain https URL is shown in code, never linked', () => {
  for (const url of ['javascript:alert(1)', 'https://evil.example/x) [y](https://other.example', 'https://a.example/<b>', 'http://plain.example/']) {
    const body = renderPrComment(fixtureReport('empty'), { jobKey: 'k', reportUrl: url });
    assert.ok(!body.includes('[job summary and JSON report artifact]('), url);
    assert.match(body, /The full report: `+ /, url);
  }
});

test('alerts beyond the cap are counted, the most severe kept', () => {
  const report = hugeReport(3000);
  const body = renderPrComment(report, { jobKey: 'build' });
  assert.ok(body.length <= PR_COMMENT_LIMIT_CHARS);
  const rows = body.split('\n').filter((line) => /^\| ` Rule \d+ ` \|/.test(line));
  assert.equal(rows.length, PR_COMMENT_LIMITS.alertRows);
  assert.equal(rows.filter((row) => row.includes(' | Critical | ')).length, 3, 'the three critical alerts');
  assert.match(body, new RegExp(`\\n${3000 - PR_COMMENT_LIMITS.alertRows} more alerts \\(the least severe\\) in the full report\\.\\n`));
  assert.match(body, /\n\d+ more public destinations, domains and files written outside the workspace in the full report\.\n/);
});

// Strings built from what breaks Markdown and lengths: astral characters (2 UTF-16 units), code
// fences, pipes, line breaks, workflow command openers, mentions, bidi controls.
const hostileText = fc.string({ unit: fc.constantFrom('a', ' ', '`', '|', '\n', ':', '#', '[', '@', '<', '\u202e', '\u{1F600}', 'é', '\\', '-'), maxLength: 3000, size: 'max' });

const reportArbitrary: fc.Arbitrary<AnalyzeReport> = fc
  .record({
    pool: fc.array(hostileText, { minLength: 1, maxLength: 12 }),
    alerts: fc.nat({ max: 400 }),
    entries: fc.nat({ max: 400 }),
    notes: fc.nat({ max: 60 }),
    seed: fc.nat(),
  })
  .map(({ pool, alerts, entries, notes, seed }) => {
    const text = (index: number) => pool[(index + seed) % pool.length] as string;
    const attribution = (index: number) => ({ step: index % 4 === 0 ? null : { number: index, name: text(index + 1) }, action: index % 3 === 0 ? null : text(index + 2), ...(index % 5 === 0 ? { note: text(index) } : {}) });
    const range = (count: number) => Array.from({ length: count }, (_, index) => index);
    return analyzeReportSchema.parse({
      schema: 1,
      tool: { name: 'falco-actions', version: text(0) },
      job: seed % 7 === 0 ? null : { key: text(1), name: text(2), repository: text(3), workflow: text(4), runId: text(5), runAttempt: text(6), htmlUrl: null },
      capture: { file: text(7), events: seed, firstEventTime: text(8), lastEventTime: null, redacted: [true, false, null][seed % 3], truncated: seed % 2 === 0, damage: seed % 3 === 0 ? { regionCount: 1, bytesSkipped: 2, stoppedAt: null } : null },
      engine: { kind: 'container', falcoVersion: text(9), image: text(10), rulesFiles: [text(11)] },
      alerts: range(alerts).map((index) => ({ rule: text(index), priority: FALCO_PRIORITIES[(index + seed) % 8], time: text(index + 3), output: text(index + 4), source: null, tags: [], pid: null, attribution: attribution(index) })),
      sections: [...SECTIONS],
      connections: range(entries).map((index) => ({ remote: { address: text(index), port: null }, protocol: text(index + 1), scope: index % 2 === 0 ? 'public' : 'private', process: text(index + 2), exepath: text(index + 3), count: 1, bytesSent: 0, bytesReceived: 0, firstTime: text(index), attribution: attribution(index) })),
      dns: range(entries).map((index) => ({ name: text(index), types: [], queries: 1, answers: [], processes: [], firstTime: text(index), attribution: attribution(index) })),
      writtenFiles: range(entries).map((index) => ({ path: text(index), count: 1, flags: [], processes: [], outsideWorkspace: index % 2 === 1, firstTime: text(index), attribution: attribution(index) })),
      exceptions: { file: null, removed: {} },
      steps: [],
      notes: range(notes).map(text),
    });
  });

test('property: for any report the comment is within 65,536 characters, starts with its marker, and no line is a workflow command', () => {
  let longest = 0;
  fc.assert(
    fc.property(reportArbitrary, hostileText, (report, jobKey) => {
      const body = renderPrComment(report, { jobKey });
      longest = Math.max(longest, body.length);
      assert.ok(body.length <= PR_COMMENT_LIMIT_CHARS, `${body.length} characters`);
      assert.ok(body.startsWith(`${commentMarker(jobKey)}\n`));
      for (const line of body.split(/\r\n|[\n\r\u2028\u2029\u0085]/)) assert.ok(!line.trimStart().startsWith('::'), line.slice(0, 200));
      assert.ok(!body.includes('##['));
    }),
    { numRuns: 40 },
  );
  // The runs reached the limit: the cut was exercised, not only small reports.
  assert.ok(longest > PR_COMMENT_LIMIT_CHARS - 2000, `longest comment ${longest} characters`);
});

test('property: a smaller limit holds too', () => {
  const report = hostileReport();
  fc.assert(
    fc.property(fc.integer({ min: 20_000, max: PR_COMMENT_LIMIT_CHARS }), (limit) => {
      const body = renderPrComment(report, { jobKey: 'build' }, limit);
      assert.ok(body.length <= limit, `${body.length} > ${limit}`);
      assert.ok(body.includes('### Falco analyze: '));
    }),
    { numRuns: 30 },
  );
});
