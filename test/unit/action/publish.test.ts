import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fenced, problemsMarkdown, publishStopOutcome, summaryMarkdown, type ActionSink } from '../../../src/action/publish.ts';
import { DEFAULT_SUMMARY_BUDGET_BYTES, STEP_SUMMARY_LIMIT_BYTES } from '../../../src/report/index.ts';
import type { StopOutcome } from '../../../src/live/stop.ts';

function recordingSink() {
  const calls: string[] = [];
  const outputs = new Map<string, string>();
  let summary = '';
  const sink: ActionSink = {
    info: (message) => calls.push(`info:${message}`),
    warning: (message, properties) => calls.push(`warning:${properties?.title}:${message}`),
    error: (message, properties) => calls.push(`error:${properties?.title}:${message}`),
    notice: (message, properties) => calls.push(`notice:${properties?.title}:${message}`),
    setOutput: (name, value) => outputs.set(name, value),
    setFailed: (message) => calls.push(`failed:${message}`),
    appendSummary: async (markdown) => {
      calls.push('summary');
      summary += markdown;
    },
  };
  return { sink, calls, outputs, summary: () => summary };
}

const stopped = (failed: boolean, problems: string[] = []): StopOutcome => ({
  kind: 'stopped',
  eventsFile: '/rt/events.json',
  problems,
  state: {
    version: 1,
    mode: 'live',
    containerId: 'c',
    containerName: 'n',
    image: 'i',
    eventsFile: '/rt/events.json',
    workDir: '/rt',
    ruleFiles: [],
    verbose: false,
    startedAt: '2026-06-10T08:00:00.000Z',
    startSeconds: 1,
  },
  report: {
    forwardAlerts: [],
    markdown: '## Falco\n',
    alerts: 3,
    highestPriority: 'warning',
    annotations: [
      { level: 'warning', title: 'Rule A', message: '2 alerts' },
      { level: 'error', title: 'Rule B', message: '1 alert' },
    ],
    failed,
    ...(failed ? { failureMessage: 'Rule B fired at error, fail-on is warning' } : {}),
    problems: ['line 4 of the events file is not JSON'],
  },
});

describe('publishing what stop found', () => {
  it('writes the summary before failing, one annotation per rule, and the outputs', async () => {
    const { sink, calls, outputs } = recordingSink();
    await publishStopOutcome(stopped(true), sink);
    assert.ok(calls.indexOf('summary') < calls.findIndex((call) => call.startsWith('failed:')));
    assert.ok(calls.includes('warning:Rule A:2 alerts'));
    assert.ok(calls.includes('error:Rule B:1 alert'));
    assert.ok(calls.includes('warning:falco-actions:line 4 of the events file is not JSON'));
    assert.deepEqual(Object.fromEntries(outputs), { alerts: '3', 'highest-priority': 'warning', 'events-file': '/rt/events.json' });
    assert.ok(calls.includes('failed:Rule B fired at error, fail-on is warning'));
  });

  it('does not fail when the report did not', async () => {
    const { sink, calls } = recordingSink();
    await publishStopOutcome(stopped(false), sink);
    assert.ok(!calls.some((call) => call.startsWith('failed:')));
  });

  it('adds monitoring problems to the summary in blocks their text cannot escape', async () => {
    const { sink, summary } = recordingSink();
    const hostile = 'Falco said ```\n| a | b |\n<img src=x onerror=alert(1)>';
    await publishStopOutcome(stopped(false, [hostile]), sink);
    assert.match(summary(), /### Monitoring problems/);
    assert.ok(summary().includes(fenced(hostile)));
    assert.ok(fenced(hostile).startsWith('````text\n'));
  });

  it('only says so when there was nothing to stop', async () => {
    const { sink, calls, outputs } = recordingSink();
    await publishStopOutcome({ kind: 'not-started', message: 'no state at /tmp/x ##[add-mask]y' }, sink);
    // The message names a path the job can choose: quoted between stop-commands and its token.
    assert.equal(calls.length, 3);
    const token = /^info:::stop-commands::(\S+)$/.exec(calls[0] ?? '')?.[1];
    assert.ok(token !== undefined && token.length >= 32, calls[0]);
    assert.deepEqual(calls.slice(1), ['info:no state at /tmp/x ##[add-mask]y', `info:::${token}::`]);
    assert.equal(outputs.size, 0);
  });
});

const byteLength = (text: string): number => Buffer.byteLength(text, 'utf8');
const leftOutCount = (markdown: string): number => Number(/_(\d+) more monitoring problems? (?:was|were) left out/.exec(markdown)?.[1] ?? 0);

describe("the step summary stays within GitHub's 1 MiB", () => {
  // The report may use all of its budget; the summary writer adds one line end.
  const fullReport = `## Falco\n${'| row |\n'.repeat(Math.floor((DEFAULT_SUMMARY_BUDGET_BYTES - 10) / 8))}`;

  it('keeps problems whole, in order, while they fit, and counts those left out', () => {
    const problems = Array.from({ length: 3000 }, (_, index) => `problem ${index}: Falco's last log lines:\n${'é'.repeat(400)}`);
    const markdown = summaryMarkdown(fullReport, problems);
    assert.ok(byteLength(markdown) + 1 <= STEP_SUMMARY_LIMIT_BYTES, String(byteLength(markdown)));
    assert.ok(markdown.startsWith(fullReport));
    const shown = problems.filter((problem) => markdown.includes(fenced(problem)));
    assert.ok(shown.length > 0 && shown.length < problems.length, String(shown.length));
    assert.deepEqual(shown, problems.slice(0, shown.length), 'the first problems, in order');
    assert.equal(leftOutCount(markdown), problems.length - shown.length);
    assert.match(markdown, /Every problem is in this step's log\._\n$/);
  });

  it('cuts one long problem to the room left, at a character, saying how long it was', () => {
    const long = `Falco's last log lines:\n${'\u{1F600}'.repeat(600_000)}`;
    const markdown = summaryMarkdown(fullReport, [long, 'second']);
    assert.ok(byteLength(markdown) + 1 <= STEP_SUMMARY_LIMIT_BYTES);
    assert.ok(markdown.includes(`[cut: ${byteLength(long)} bytes in all]`));
    assert.doesNotMatch(markdown, /[\uD800-\uDBFF](?![\uDC00-\uDFFF])/, 'no half of a surrogate pair');
    assert.equal(leftOutCount(markdown), 1);
    assert.ok(!markdown.includes('second'));
  });

  it('fits any limit: nothing but whole or marked-cut problems and an exact count', () => {
    const problems = Array.from({ length: 40 }, (_, index) => `p${index} ${'x'.repeat((index * 37) % 300)}`);
    for (let limit = 100; limit < 9000; limit += 89) {
      const markdown = problemsMarkdown(problems, limit);
      assert.ok(byteLength(markdown) <= limit, `${limit}: ${byteLength(markdown)}`);
      const whole = problems.filter((problem) => markdown.includes(fenced(problem))).length;
      const cut = markdown.includes('[cut: ') ? 1 : 0;
      if (markdown !== '') assert.equal(leftOutCount(markdown), problems.length - whole - cut, String(limit));
    }
    assert.equal(problemsMarkdown(problems), ['', '### Monitoring problems', '', ...problems.map(fenced), ''].join('\n'), 'unlimited: all of them');
  });

  it('publishes a summary within the limit whatever stop collected', async () => {
    const { sink, summary } = recordingSink();
    const outcome = stopped(false, Array.from({ length: 500 }, () => 'x'.repeat(4096)));
    if (outcome.kind === 'stopped') outcome.report.markdown = fullReport;
    await publishStopOutcome(outcome, sink);
    assert.ok(byteLength(summary()) + 1 <= STEP_SUMMARY_LIMIT_BYTES);
    assert.ok(leftOutCount(summary()) > 0);
  });
});

