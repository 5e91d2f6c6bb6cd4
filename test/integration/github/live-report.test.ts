import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { startGitHubApi, fixtureJobs, type GitHubApi, type JobRecord } from '../../support/github-api.ts';
import { buildLiveReport, type LiveReportInput } from '../../../src/report/live-report.ts';
import { falcoLine, markerLine, RUNNER_WORKER_PID } from '../../unit/falco/falco-lines.ts';

const TOKEN = 'ghs_liveReportTokenNeverLogged0123456789';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const NODE = '/home/runner/runners/2.321.0/externals/node20/bin/node';
const at = (clock: string) => `2026-11-23T04:00:${clock}Z`;

let api: GitHubApi;
let dir: string;
let eventsFile: string;

// What Falco wrote during the fixture's "build" job (runner "GitHub Actions 1000000001").
const EVENTS = [
  markerLine(at('07.400000000'), 3001, `${NODE} /home/runner/work/_actions/actions/checkout/v4/dist/index.js`),
  falcoLine({ rule: 'Read sensitive file untrusted', priority: 'Warning', time: at('08.100000000'), chain: [3002, 3001, RUNNER_WORKER_PID], message: 'read <img src=x> by @octocat | git' }),
  markerLine(at('09.300000000'), 3050, `${NODE} /home/runner/work/_actions/octo-org/falco-actions/${SHA}/start/dist/index.js`),
  // A container process: no marked ancestor, attributed by time to the start step (04:00:15).
  falcoLine({ rule: 'Container drift', priority: 'Error', time: at('15.000000000'), chain: [9001, 9000, 1] }),
  markerLine(at('20.500000000'), 3100, '/usr/bin/bash -e /home/runner/work/_temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh'),
  falcoLine({ rule: 'Outbound connection to C2', priority: 'Critical', time: at('25.000000001'), chain: [3120, 3110, 3100, RUNNER_WORKER_PID] }),
  '{"hostname":"fv-az1234-567","output":"04:00:32.1: Notice half',
];

before(async () => {
  api = await startGitHubApi();
  dir = mkdtempSync(join(tmpdir(), 'live-report-'));
  eventsFile = join(dir, 'events.json');
  writeFileSync(eventsFile, EVENTS.join('\n'));
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

const input = (overrides: Partial<LiveReportInput['github']> = {}, failOn: LiveReportInput['failOn'] = 'none'): LiveReportInput => ({
  eventsFile,
  github: {
    token: TOKEN,
    apiUrl: api.url,
    repository: 'octo-org/octo-repo',
    runId: 1300000001,
    runAttempt: 1,
    runnerName: 'GitHub Actions 1000000001',
    job: 'build',
    ...overrides,
  },
  cost: { cpuSeconds: 3.2, peakMemoryBytes: 80 * 1024 * 1024, startSeconds: 11, stopSeconds: 1.5 },
  failOn,
});

test('alerts are attributed to the steps of this job only, across paginated jobs', async () => {
  const others: JobRecord[] = Array.from({ length: 120 }, (_, i) => ({ ...(fixtureJobs()[2] as JobRecord), id: 50_000 + i, runner_name: `other-${i}` }));
  api.setJobs([...others, ...fixtureJobs()]);
  api.requests.length = 0;
  try {
    const result = await buildLiveReport(input({}, 'error'));
    assert.equal(api.requests.length, 2, 'two pages of 100');
    assert.equal(result.alerts, 3);
    assert.equal(result.highestPriority, 'critical');
    const md = result.markdown;
    const row = (rule: string) => md.split('\n').find((line) => line.includes(`\` ${rule} \``) && line.startsWith('| 04:')) ?? '';
    assert.match(row('Read sensitive file untrusted'), /\| ` Run actions\/checkout@v4 ` \| /);
    assert.match(row('Read sensitive file untrusted'), /\| ` read <img src=x> by @octocat  `\\\|`  git ` \|$/);
    assert.match(row('Container drift'), /` Run octo-org\/falco-actions\/start@0123456789abcdef0123456789abcdef01234567 ` \(by time\)/);
    assert.match(row('Outbound connection to C2'), /` Build ` \(run script ` _temp\/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\.sh `\)/);
    assert.doesNotMatch(md, /test \(ubuntu|GitHub Actions 1000000002/, 'the concurrent job on another runner is never mixed in');
    assert.match(md, /Job ` build ` on runner ` GitHub Actions 1000000001 `/);
    assert.match(md, /placed in ` Run actions\/checkout@v4 ` by its action name/);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0] ?? '', /^line 7: incomplete last line/);
    assert.deepEqual(result.annotations.map((a) => [a.level, a.title]), [
      ['error', 'Falco: Outbound connection to C2'],
      ['error', 'Falco: Container drift'],
      ['warning', 'Falco: Read sensitive file untrusted'],
    ]);
    assert.equal(result.failed, true);
    assert.match(result.failureMessage ?? '', /2 alerts at or above "error"/);
    assert.ok(!JSON.stringify(result).includes(TOKEN));
    for (const request of api.requests) assert.equal(request.headers.authorization, `token ${TOKEN}`);
  } finally {
    api.setJobs(fixtureJobs());
  }
});

test('403 (no actions: read): the summary is still written, saying what is missing and how to grant it', async () => {
  api.failWith(403);
  try {
    const result = await buildLiveReport(input({}, 'critical'));
    assert.equal(result.alerts, 3);
    assert.match(result.markdown, /Steps could not be named/);
    assert.match(result.markdown, /Resource not accessible by integration/);
    assert.match(result.markdown, /permissions: \{ actions: read \}/);
    // Process attribution still names the action and the script.
    assert.match(result.markdown, /unknown step \(action ` actions\/checkout@v4 `\)/);
    assert.match(result.problems[0] ?? '', /^job steps unavailable: .*actions: read/);
    assert.equal(result.failed, true);
    assert.ok(!result.markdown.includes(TOKEN));
  } finally {
    api.failWith(undefined);
  }
});

test('500 and an unreachable API: the summary is still written with the reason', async () => {
  api.failWith(500);
  try {
    const result = await buildLiveReport(input());
    assert.match(result.markdown, /HTTP 500/);
    assert.equal(result.alerts, 3);
  } finally {
    api.failWith(undefined);
  }
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = probe.address() as { port: number };
      probe.close(() => resolve(free));
    });
  });
  const result = await buildLiveReport(input({ apiUrl: `http://127.0.0.1:${port}` }));
  assert.match(result.markdown, /could not reach the GitHub API/);
  assert.equal(result.annotations.length, 3);
});

test('a runner not in the attempt: summary says so', async () => {
  const result = await buildLiveReport(input({ runnerName: 'somewhere-else' }));
  assert.match(result.markdown, /none of the 3 job/);
});

test('only markers, or no events file: no API call, a clear problem', async () => {
  const markersOnly = join(dir, 'markers.json');
  writeFileSync(markersOnly, `${EVENTS[0]}\n${EVENTS[2]}\n`);
  api.requests.length = 0;
  const quiet = await buildLiveReport({ ...input(), eventsFile: markersOnly });
  assert.equal(quiet.alerts, 0);
  assert.equal(quiet.highestPriority, undefined);
  assert.equal(quiet.failed, false);
  assert.deepEqual(quiet.annotations, []);
  assert.match(quiet.markdown, /no alerts in this job/);
  assert.equal(api.requests.length, 0);
  const missing = await buildLiveReport({ ...input(), eventsFile: join(dir, 'absent.json') });
  assert.match(missing.problems[0] ?? '', /does not exist/);
  assert.match(missing.markdown, /does not exist/);
});

test('a file full of garbage: every bad line counted, the problem list kept short', async () => {
  const garbage = join(dir, 'garbage.json');
  const lines = Array.from({ length: 120 }, (_, i) => `garbage line ${i}`);
  writeFileSync(garbage, `${[EVENTS[0], ...lines, EVENTS[1]].join('\n')}\n`);
  const result = await buildLiveReport({ ...input(), eventsFile: garbage });
  assert.equal(result.alerts, 1, 'the good alert after the garbage is kept');
  assert.equal(result.problems.length, 21);
  assert.match(result.problems[0] ?? '', /^line 2: not JSON: garbage line 0$/);
  assert.equal(result.problems[20], '… and 100 more problems in the events file (the job summary lists up to 50)');
  assert.match(result.markdown, /- … and 70 more problems/);
});

test('more bad lines than are kept: the counts in the problems and the summary are still exact', async () => {
  const garbage = join(dir, 'much-garbage.json');
  const lines = Array.from({ length: 2500 }, (_, i) => `garbage line ${i}`);
  writeFileSync(garbage, `${[EVENTS[0], ...lines, EVENTS[1]].join('\n')}\n`);
  const result = await buildLiveReport({ ...input(), eventsFile: garbage });
  assert.equal(result.alerts, 1);
  assert.equal(result.problems.at(-1), '… and 2480 more problems in the events file (the job summary lists up to 50)');
  assert.match(result.markdown, /- … and 2450 more problems\n/);
});

test("Falco's own syscall event drop message is a finding and a note that activity may be missing", async () => {
  const drops = join(dir, 'drops.json');
  const internal = '{"hostname":"fv-az1234-567","output":"Falco internal: syscall event drop. 1024 system calls dropped in last second.","output_fields":{"ebpf_enabled":"1","n_drops":"1024","n_drops_buffer_total":"1024","n_drops_bug":"0","n_drops_page_faults":"0","n_drops_scratch_map":"0","n_evts":"40000"},"priority":"Debug","rule":"Falco internal: syscall event drop","source":"internal","time":"2026-11-23T04:00:26.000000000Z"}';
  writeFileSync(drops, `${[EVENTS[4], EVENTS[5], internal].join('\n')}\n`);
  const result = await buildLiveReport({ ...input(), eventsFile: drops });
  assert.equal(result.alerts, 2);
  assert.deepEqual(result.problems, []);
  assert.match(result.markdown, /- Falco dropped syscall events &#40;1 report&#41;&#58; some activity of this job may be missing from the alerts/);
});
