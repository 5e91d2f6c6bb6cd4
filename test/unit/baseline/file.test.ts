// The baseline file format (src/baseline/file.ts): written from a report, read back, a JSON report
// accepted in its place, and clear errors naming the file for everything else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isUserError } from '../../../src/action/errors.ts';
import { baselineFromReport, MAX_BASELINE_BYTES, parseBaseline, readBaselineFile, readBoundedText, serializeBaseline } from '../../../src/baseline/file.ts';
import { driftIndicators } from '../../../src/baseline/indicators.ts';
import { serializeReport } from '../../../src/report/json-report.ts';
import { fixtureReport } from '../../fixtures/reports/build.ts';

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'baseline-file-'));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

async function rejectsWithUserError(promise: Promise<unknown>, message: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isUserError(error), `a UserError, not ${String(error)}`);
    assert.match((error as Error).message, message);
    return true;
  });
}

test('a baseline written from a report reads back as the report’s indicators and says where it came from', async () => {
  const report = fixtureReport('typical');
  const baseline = baselineFromReport(report);
  assert.deepEqual(baseline.createdFrom, { repository: 'octo-org/octo-repo', workflow: 'CI', job: 'build', runId: '1300000001' });
  const text = serializeBaseline(baseline);
  assert.match(text, /^\{\n {2}"schema": 1,\n {2}"kind": "falco-actions-baseline",/);
  const path = join(work, 'baseline.json');
  await writeFile(path, text);
  assert.deepEqual(await readBaselineFile(path), { indicators: driftIndicators(report), from: 'baseline' });
  assert.equal(baselineFromReport({ ...report, job: null }).createdFrom, null);
});

test('a full JSON report is accepted as a baseline file', async () => {
  const path = join(work, 'report.json');
  await writeFile(path, serializeReport(fixtureReport('typical')));
  assert.deepEqual(await readBaselineFile(path), { indicators: driftIndicators(fixtureReport('typical')), from: 'report' });
});

test('errors name the file and say how to write one', async () => {
  await rejectsWithUserError(readBaselineFile(join(work, 'missing.json')), /^Could not read the baseline file .*missing\.json: there is no such file\. Set baseline-file .*falco-actions baseline write REPORT --output FILE/);
  await mkdir(join(work, 'a-folder'));
  await rejectsWithUserError(readBaselineFile(join(work, 'a-folder')), /a-folder is not a file\./);
  await writeFile(join(work, 'not-json.json'), '{"schema": 1,');
  await rejectsWithUserError(readBaselineFile(join(work, 'not-json.json')), /^The baseline file .*not-json\.json is not JSON\. Write it with `falco-actions baseline write REPORT/);
  // Nothing of the text is quoted: a link to a runner file must not show its content.
  await writeFile(join(work, 'secret.txt'), 'ghp_secretvalue123 more text');
  await rejectsWithUserError(readBaselineFile(join(work, 'secret.txt')), /^(?!.*ghp_)/s);
  await writeFile(join(work, 'other.json'), JSON.stringify({ schema: 2, kind: 'falco-actions-baseline', createdFrom: null, indicators: {} }));
  await rejectsWithUserError(readBaselineFile(join(work, 'other.json')), /other\.json is neither a falco-actions baseline file \(kind "falco-actions-baseline", schema 1\) nor a JSON report at schema: /);
  await writeFile(join(work, 'wrong-shape.json'), JSON.stringify({ schema: 1, kind: 'falco-actions-baseline', createdFrom: null, indicators: { domains: [1] } }));
  await rejectsWithUserError(readBaselineFile(join(work, 'wrong-shape.json')), /at indicators\.domains\.0: /);
  // A report that is not a valid one: the report's own error, naming the file.
  await writeFile(join(work, 'bad-report.json'), JSON.stringify({ schema: 1, tool: { name: 'falco-actions', version: '1' } }));
  await rejectsWithUserError(readBaselineFile(join(work, 'bad-report.json')), /^The baseline file .*bad-report\.json is not a falco-actions analyze report \(schema 1\) at /);
});

test('a file over the bound is refused before it is parsed', async () => {
  const path = join(work, 'big.json');
  await writeFile(path, `${' '.repeat(2048)}{}`);
  await rejectsWithUserError(readBoundedText(path, 'the baseline file', 'Make it smaller.', 1024), /^the baseline file .*big\.json is 2050 bytes, more than the 1024 this reads\. Make it smaller\.$/);
  assert.equal(await readBoundedText(path, 'the baseline file', 'x', 4096), `${' '.repeat(2048)}{}`);
  assert.ok(MAX_BASELINE_BYTES >= 16 * 1024 * 1024, 'room for a busy job’s report');
});

test('a link is followed like any path (the workflow names the file), but a link to a folder is not a file', async () => {
  const target = join(work, 'linked-baseline.json');
  await writeFile(target, serializeBaseline(baselineFromReport(fixtureReport('empty'))));
  await symlink(target, join(work, 'link.json'));
  assert.equal((await readBaselineFile(join(work, 'link.json'))).from, 'baseline');
  await symlink(work, join(work, 'link-to-folder'));
  await rejectsWithUserError(readBaselineFile(join(work, 'link-to-folder')), /is not a file/);
});

test('parseBaseline keeps what the file says, unsorted values included (they are compared as sets)', () => {
  const text = JSON.stringify({ schema: 1, kind: 'falco-actions-baseline', createdFrom: null, indicators: { domains: ['b', 'a'], ips: [], executables: [], 'written-files': [], containers: [] } });
  assert.deepEqual(parseBaseline(text, 'x').indicators.domains, ['b', 'a']);
});
