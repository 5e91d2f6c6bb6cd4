// The analyze run's SARIF file: findings placed in the monitored job's workflow file as the checkout
// holds it (the metadata's workflow ref first, the analyze job's own as a fallback), on line 1 without
// a checkout, and never read from outside it.
import assert from 'node:assert/strict';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { reportsSarif } from '../../../src/analyze/sarif-file.ts';
import { sarifLogSchema } from '../../../src/report/sarif.ts';
import { fixtureReport } from '../../fixtures/reports/build.ts';
import { repoPath } from '../../support/env.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-sarif-file-'));
after(() => rm(scratch, { recursive: true, force: true }));

const REF = 'octo-org/octo-repo/.github/workflows/typical.yml@refs/heads/main';

function lines(text: string): { uri: string; line: number }[] {
  const log = sarifLogSchema.parse(JSON.parse(text));
  return (log.runs[0]?.results ?? []).map((result) => ({
    uri: result.locations?.[0]?.physicalLocation.artifactLocation.uri ?? '',
    line: result.locations?.[0]?.physicalLocation.region?.startLine ?? 0,
  }));
}

test('findings sit on their steps in the workflow file the metadata names, read from the checkout', async () => {
  const workspace = join(scratch, 'checkout');
  await mkdir(join(workspace, '.github', 'workflows'), { recursive: true });
  await copyFile(repoPath('test', 'fixtures', 'workflows', 'typical.yml'), join(workspace, '.github', 'workflows', 'typical.yml'));
  const base = fixtureReport('typical');
  const report = { ...base, job: base.job === null ? null : { ...base.job, workflowRef: REF } };
  const logged: string[] = [];
  const placed = lines(reportsSarif([report], { workspace, fallbackWorkflowRef: 'o/r/.github/workflows/other.yml@refs/heads/x', toolVersion: '0.0.0', log: (line) => logged.push(line) }));
  assert.ok(placed.length > 0);
  assert.ok(placed.every(({ uri }) => uri === '.github/workflows/typical.yml'));
  assert.ok(placed.some(({ line }) => line > 1), 'a step-attributed finding is on its step line');
  assert.equal(logged.length, 0);

  // No checkout: the same file, every finding on line 1, and the log says why.
  const unplaced = lines(reportsSarif([report], { workspace: null, fallbackWorkflowRef: null, toolVersion: '0.0.0', log: (line) => logged.push(line) }));
  assert.ok(unplaced.every(({ uri, line }) => uri === '.github/workflows/typical.yml' && line === 1));
  assert.match(logged[0] ?? '', /no checkout to read \.github\/workflows\/typical\.yml/);
});

test('a report without a workflow ref takes the analyze job\'s; a workflow file linked outside the checkout is not read', async () => {
  const workspace = join(scratch, 'linked');
  await mkdir(join(workspace, '.github', 'workflows'), { recursive: true });
  const outside = join(scratch, 'outside.yml');
  await writeFile(outside, 'jobs:\n  build:\n    steps:\n      - run: x\n');
  await symlink(outside, join(workspace, '.github', 'workflows', 'typical.yml'));
  const logged: string[] = [];
  const placed = lines(reportsSarif([fixtureReport('typical')], { workspace, fallbackWorkflowRef: REF, toolVersion: '0.0.0', log: (line) => logged.push(line) }));
  assert.ok(placed.every(({ uri, line }) => uri === '.github/workflows/typical.yml' && line === 1));
  assert.match(logged.join('\n'), /outside the checkout/);
});
