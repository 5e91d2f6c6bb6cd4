// What the live report hands to stop becomes workflow commands on stdout (@actions/core: one
// annotation per rule, a warning per problem, the fail-on failure). The runner reads every stdout line
// of a step as a possible command (actions/runner src/Runner.Common/ActionCommand.cs): first
// "::name props::data" at the start of the (left-trimmed) line, then the legacy "##[name props]data"
// ANYWHERE in the line. Hostile alert data must never yield a command of its own (add-mask,
// stop-commands, set-output, save-state, a forged error...), nor lose or gain a line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGitHubApi, fixtureJobs, type GitHubApi } from '../../support/github-api.ts';
import { repoRoot } from '../../support/env.ts';
import { parseRunnerCommand } from '../../support/runner-commands.ts';
import { buildLiveReport, type LiveReportResult } from '../../../src/report/live-report.ts';
import { falcoLine, markerLine, RUNNER_WORKER_PID } from '../../unit/falco/falco-lines.ts';

/** The runner's reading of one stdout line, named as this test's expectations name it. */
function runnerCommand(line: string): { name: string; properties: Record<string, string>; data: string; syntax: 'v2' | 'legacy' } | undefined {
  const command = parseRunnerCommand(line);
  return command === undefined ? undefined : { name: command.command, properties: command.properties, data: command.data, syntax: command.syntax };
}

// Issues the report's commands as stop's publish step does, with the real @actions/core, in a child
// process so its stdout is exactly what the runner would read.
const ISSUE = `
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
const report = JSON.parse(readFileSync(process.env.FA_REPORT_FILE, 'utf8'));
for (const a of report.annotations) core[a.level](a.message, { title: a.title });
for (const problem of report.problems) core.warning(problem, { title: 'falco-actions' });
if (report.failed) core.setFailed(report.failureMessage);
`;

function issueCommands(report: LiveReportResult, file: string): Promise<string> {
  writeFileSync(file, JSON.stringify(report));
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', FA_REPORT_FILE: file };
    execFile(process.execPath, ['--input-type=module', '-e', ISSUE], { cwd: repoRoot(), env, timeout: 30_000 }, (error, stdout, stderr) => {
      // setFailed exits 1; anything else is a broken child.
      if (error && (error as { code?: unknown }).code !== 1) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

const HOSTILE = [
  'x\n::add-mask::ghs_hostile\n::set-output name=alerts::0',
  'y ::stop-commands::pause ##[stop-commands]pause',
  'z ##[add-mask]hostile ##[set-output name=alerts;]0 ##[save-state name=k;]v',
  'w %0A::error::forged%0D%0A::warning::also %25 %3A %2C',
  '::error file=.github/workflows/ci.yml,line=1::forged',
  '\r::notice::carriage return \u2028::notice::line separator \u0085::notice::nel',
];
const TOKEN = 'ghs_workflowCommandsTokenNeverShown0000';

let api: GitHubApi;
let dir: string;

before(async () => {
  api = await startGitHubApi({ jobs: fixtureJobs() });
  dir = mkdtempSync(join(tmpdir(), 'workflow-commands-'));
});
after(async () => {
  await api.close();
  rmSync(dir, { recursive: true, force: true });
});

test('annotations, problems and the failure issue exactly their own commands, whatever Falco reported', async () => {
  const eventsFile = join(dir, 'events.json');
  const lines = [markerLine('2026-11-23T04:00:20.500000000Z', 3100, '/usr/bin/bash -e /home/runner/work/_temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh')];
  HOSTILE.forEach((text, index) => {
    lines.push(
      falcoLine({
        rule: `rule ${index} ${text}`,
        priority: ['Critical', 'Warning', 'Notice'][index % 3] as string,
        time: `2026-11-23T04:00:2${index}.000000001Z`,
        message: text,
        chain: [3200 + index, 3100, RUNNER_WORKER_PID],
      }),
    );
  });
  // Bad lines come back as problems quoting them.
  lines.push('not json ::add-mask::quoted ##[add-mask]quoted\n::error::forged');
  writeFileSync(eventsFile, `${lines.join('\n')}\n`);
  const report = await buildLiveReport({
    eventsFile,
    github: { token: TOKEN, apiUrl: api.url, repository: 'octo-org/octo-repo', runId: 1300000001, runAttempt: 1, runnerName: 'GitHub Actions 1000000001', job: 'build' },
    cost: {},
    failOn: 'warning',
  });
  assert.equal(report.annotations.length, HOSTILE.length);
  assert.ok(report.failed, 'fail-on warning fires');

  const stdout = await issueCommands(report, join(dir, 'report.json'));
  assert.ok(!stdout.includes(TOKEN), 'the token is never printed');
  const outputLines = stdout.split(/\r?\n/).filter((line) => line !== '');
  const commands = outputLines.map((line) => {
    const command = runnerCommand(line);
    assert.ok(command, `every line is one of our commands: ${JSON.stringify(line)}`);
    return command;
  });
  const expected = [
    ...report.annotations.map((a) => ({ name: a.level, properties: { title: a.title }, data: a.message, syntax: 'v2' as const })),
    ...report.problems.map((problem) => ({ name: 'warning', properties: { title: 'falco-actions' }, data: problem, syntax: 'v2' as const })),
    { name: 'error', properties: {}, data: report.failureMessage ?? '', syntax: 'v2' as const },
  ];
  assert.deepEqual(commands, expected);
  // The hostile text is all there, as data: annotations are one line each, flattened.
  for (const annotation of report.annotations) assert.doesNotMatch(annotation.message + annotation.title, /[\r\n\u2028\u0085]/);
  assert.ok(report.annotations.some((a) => a.message.includes('##[add-mask]hostile')), 'hostile text kept as data, not dropped');
  assert.ok(report.problems.some((problem) => problem.includes('##[add-mask]quoted')), 'the bad line is quoted back');
});

test("the runner's legacy syntax is found anywhere in a line: plain log lines quoting hostile text are commands", () => {
  // Why annotations must go through core.error/warning/notice (a "::" command owns its line) and
  // never core.info: a plain line is read with the legacy parser, which looks anywhere in it.
  assert.deepEqual(runnerCommand('falco: rule output ##[add-mask]secret-value'), { name: 'add-mask', properties: {}, data: 'secret-value', syntax: 'legacy' });
  assert.equal(runnerCommand('    : :add-mask::x')?.name, undefined);
  assert.equal(runnerCommand('    ::add-mask::x')?.name, 'add-mask');
  assert.equal(runnerCommand('::error title=a%3Ab::x ##[add-mask]y')?.syntax, 'v2');
});

test('problems quoting a hostile API message and job names are single lines without invisible characters', async () => {
  const eventsFile = join(dir, 'one-alert.json');
  writeFileSync(eventsFile, `${falcoLine({ rule: 'R', priority: 'Warning', time: '2026-11-23T04:00:21.000000001Z', chain: [5, 4] })}\n`);
  api.failWith(403, { message: 'denied\n::add-mask::x\r\n##[stop-commands]t \u202Eevil\u200B\u2028::error::forged' });
  try {
    const report = await buildLiveReport({
      eventsFile,
      github: { token: TOKEN, apiUrl: api.url, repository: 'octo-org/octo-repo', runId: 1300000001, runAttempt: 1, runnerName: 'GitHub Actions 1000000001', job: 'build' },
      cost: {},
      failOn: 'none',
    });
    assert.match(report.problems[0] ?? '', /^job steps unavailable: .*denied ::add-mask::x  ##\[stop-commands\]t  evil  ::error::forged/);
    for (const problem of report.problems) assert.doesNotMatch(problem, /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u);
    const stdout = await issueCommands(report, join(dir, 'report-api.json'));
    const commands = stdout.split(/\r?\n/).filter((line) => line !== '').map(runnerCommand);
    assert.deepEqual(commands.map((command) => command?.name), ['warning', ...report.problems.map(() => 'warning')]);
    assert.equal(commands[1]?.data, report.problems[0]);
  } finally {
    api.failWith(undefined);
  }
});
