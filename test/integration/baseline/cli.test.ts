// `falco-actions baseline write REPORT [--output FILE]` (src/cli/baseline.ts), run from source through
// the dispatcher (the bundle in dist/ is built by CI): the file it writes compares back to nothing new
// with the same report, and through fileDrift with a changed one.
import { test, before, after } from 'node:test';
import { execFile } from 'node:child_process';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeReportSchema } from '../../../src/analyze/report.ts';
import { fileDrift } from '../../../src/baseline/default-branch.ts';
import { noIndicators } from '../../../src/baseline/indicators.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from '../../../src/cli/exit-codes.ts';
import { serializeReport } from '../../../src/report/json-report.ts';
import { fixtureReport } from '../../fixtures/reports/build.ts';
import { repoPath } from '../../support/env.ts';

let work: string;
let reportPath: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'baseline-cli-'));
  reportPath = join(work, 'report.json');
  await writeFile(reportPath, serializeReport(fixtureReport('typical')));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

/** `falco-actions ARGS` through the dispatcher's source (src/cli/main.ts) in a child process, as plan.test.ts does. */
function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', repoPath('src', 'cli', 'main.ts'), 'baseline', ...args], { cwd: repoPath(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

test('a baseline written from a report compares back to nothing new; a changed run shows only its change', async () => {
  const output = join(work, 'nested', 'falco-baseline.json');
  const result = await run(['write', reportPath, '--output', output]);
  assert.equal(result.code, EXIT_OK, result.stderr);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /^wrote "?.*falco-baseline\.json"? from "?.*report\.json"?\n$/);
  const same = await fileDrift(output)(fixtureReport('typical'));
  assert.ok('drift' in same);
  assert.deepEqual(same.drift.new, noIndicators());
  assert.deepEqual(same.drift.against, { kind: 'file', path: output });
  const typical = fixtureReport('typical');
  const changed = analyzeReportSchema.parse({ ...typical, containers: [...(typical.containers ?? []), { id: 'x', name: 'miner', image: 'evil/miner:latest' }] });
  const drift = await fileDrift(output)(changed);
  assert.ok('drift' in drift);
  assert.deepEqual(drift.drift.new, { ...noIndicators(), containers: ['evil/miner:latest'] });
});

test('without --output the baseline goes to stdout, the same bytes as the file', async () => {
  const output = join(work, 'to-file.json');
  assert.equal((await run(['write', reportPath, '-o', output])).code, EXIT_OK);
  const result = await run(['write', reportPath]);
  assert.equal(result.code, EXIT_OK);
  assert.equal(result.stderr, '');
  assert.equal(result.stdout, await readFile(output, 'utf8'));
  assert.equal(JSON.parse(result.stdout).kind, 'falco-actions-baseline');
});

test('errors name the input; a wrong command line is a usage error', async () => {
  const missing = await run(['write', join(work, 'missing.json')]);
  assert.equal(missing.code, EXIT_FAILURE);
  assert.match(missing.stderr, /^falco-actions baseline write: Could not read the JSON report .*missing\.json: there is no such file\. Pass the report-file/);
  const notReport = join(work, 'not-a-report.json');
  await writeFile(notReport, '{"schema":1}');
  const bad = await run(['write', notReport, '--output', join(work, 'never.json')]);
  assert.equal(bad.code, EXIT_FAILURE);
  assert.match(bad.stderr, /^falco-actions baseline write: The JSON report "?.*not-a-report\.json"? is not a falco-actions analyze report \(schema 1\)/);
  await assert.rejects(readFile(join(work, 'never.json')), { code: 'ENOENT' });
  assert.equal((await run(['write'])).code, EXIT_USAGE);
  assert.equal((await run(['write', reportPath, 'extra'])).code, EXIT_USAGE);
  assert.equal((await run(['write', reportPath, '--outptu', 'x'])).code, EXIT_USAGE);
  const unknown = await run(['read']);
  assert.equal(unknown.code, EXIT_USAGE);
  assert.match(unknown.stderr, /unknown sub-command "?read"?\nusage: falco-actions baseline write REPORT \[--output FILE\]\n$/);
});

test('an unwritable output is one line naming it', async () => {
  const blocker = join(work, 'a-file');
  await writeFile(blocker, '');
  const result = await run(['write', reportPath, '--output', join(blocker, 'baseline.json')]);
  assert.equal(result.code, EXIT_FAILURE);
  assert.match(result.stderr, /^falco-actions baseline write: cannot write "?.*a-file\/baseline\.json"?: /);
});
