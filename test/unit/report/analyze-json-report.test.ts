// The analyze JSON report file: schema-checked both ways, the same bytes for the same report whatever
// order its keys were built in, written whole or not at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseReport, readJsonReport, serializeReport, writeJsonReport } from '../../../src/report/json-report.ts';
import { isUserError } from '../../../src/action/errors.ts';
import type { AnalyzeReport } from '../../../src/analyze/report.ts';
import { fixtureReport, hostileReport } from '../../fixtures/reports/build.ts';

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'json-report-'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The same value with every object's keys in reverse order. */
function reversedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reversedKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).reverse().map(([key, inner]) => [key, reversedKeys(inner)]));
}

test('a report reads back equal to what was written, hostile strings and all', () => {
  for (const report of [fixtureReport('typical'), fixtureReport('empty'), hostileReport()]) {
    assert.deepEqual(parseReport(serializeReport(report)), report);
  }
});

test('stable key order: the schema order for its objects, sorted keys for the open records', () => {
  const virustotal = { thresholds: { malicious: 3 }, reputations: [], skipped: [], notSent: { 'private address': 2, exception: 1 }, requests: 0, notes: [] };
  const report: AnalyzeReport = { ...fixtureReport('typical'), enrichment: { virustotal, notes: ['x'] } };
  const text = serializeReport(report);
  assert.equal(serializeReport(reversedKeys(report) as AnalyzeReport), text);
  assert.deepEqual(Object.keys(JSON.parse(text) as object).slice(0, 5), ['schema', 'tool', 'job', 'capture', 'engine']);
  assert.match(text, /"removed": \{\n\s+"connections": 40,\n\s+"dns": 3\n/);
  assert.match(text, /"enrichment": \{\n\s+"notes": \[\n\s+"x"\n\s+\],\n\s+"virustotal": \{/);
  assert.match(text, /"notSent": \{\n\s+"exception": 1,\n\s+"private address": 2\n/);
  assert.ok(text.endsWith('}\n'));
});

test('a report that breaks its schema is not written; unknown keys are dropped', () => {
  const typical = fixtureReport('typical');
  const bad = { ...typical, alerts: [{ ...typical.alerts[0], priority: 'loud' }] } as unknown as AnalyzeReport;
  assert.throws(() => serializeReport(bad), /priority/);
  const extra = { ...typical, secret: 'ghs_x' } as unknown as AnalyzeReport;
  assert.ok(!serializeReport(extra).includes('ghs_x'));
});

test('parseReport: not JSON, or not a report, is a user error naming the source and the place', () => {
  assert.throws(() => parseReport('{', 'report.json'), (error: unknown) => isUserError(error) && /^report\.json is not JSON/.test((error as Error).message));
  assert.throws(
    () => parseReport(JSON.stringify({ ...fixtureReport('empty'), schema: 2 }), 'report.json'),
    (error: unknown) => isUserError(error) && /^report\.json is not a falco-actions analyze report \(schema 1\) at schema: /.test((error as Error).message),
  );
});

test('writeJsonReport makes its folder, writes the whole report, leaves no temporary file', async () => {
  const path = join(dir, 'out', 'nested', 'report.json');
  await writeJsonReport(path, hostileReport());
  assert.equal(readFileSync(path, 'utf8'), serializeReport(hostileReport()));
  assert.deepEqual(await readJsonReport(path), hostileReport());
  assert.deepEqual(readdirSync(join(dir, 'out', 'nested')), ['report.json']);
});

test('writeJsonReport where it cannot write: a user error naming the path, no temporary file left behind', async () => {
  // The report's path is a folder: the temporary file is written, the rename fails, the file is removed.
  const folder = join(dir, 'taken');
  mkdirSync(join(folder, 'report.json'), { recursive: true });
  const path = join(folder, 'report.json');
  await assert.rejects(writeJsonReport(path, fixtureReport('empty')), (error: unknown) => isUserError(error) && (error as Error).message.startsWith(`Could not write the JSON report to ${path}: `));
  assert.deepEqual(readdirSync(folder), ['report.json']);
  // A file where the folder should be.
  const blocked = join(dir, 'blocked');
  writeFileSync(blocked, '');
  await assert.rejects(writeJsonReport(join(blocked, 'report.json'), fixtureReport('empty')), (error: unknown) => isUserError(error) && /ENOTDIR|EEXIST/.test((error as Error).message));
});

test('readJsonReport of a missing file: a user error naming it', async () => {
  const path = join(dir, 'missing.json');
  await assert.rejects(readJsonReport(path), (error: unknown) => isUserError(error) && (error as Error).message.startsWith(`Could not read the JSON report ${path}: `));
});
