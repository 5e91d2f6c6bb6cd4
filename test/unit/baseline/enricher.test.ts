// Which drift stage the settings choose (src/baseline/default-branch.ts driftEnricher), and fileDrift's
// relative paths. The default-branch collaborators are built only for baseline: default-branch.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { driftEnricher, type DefaultBranchOptions } from '../../../src/baseline/default-branch.ts';
import { baselineFromReport, serializeBaseline } from '../../../src/baseline/file.ts';
import { noIndicators } from '../../../src/baseline/indicators.ts';
import { isUserError } from '../../../src/action/errors.ts';
import { fixtureReport } from '../../fixtures/reports/build.ts';

let work: string;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'baseline-enricher-'));
  await writeFile(join(work, 'falco-baseline.json'), serializeBaseline(baselineFromReport(fixtureReport('typical'))));
});
after(async () => {
  await rm(work, { recursive: true, force: true });
});

const notBuilt = (): DefaultBranchOptions => {
  throw new Error('the default-branch collaborators must not be built');
};

test('baseline: none is no stage; baseline-file reads the file from the workspace and names it as written', async () => {
  assert.equal(driftEnricher({ kind: 'none' }, { defaultBranch: notBuilt, baseDir: work }), undefined);
  const stage = driftEnricher({ kind: 'file', path: 'falco-baseline.json' }, { defaultBranch: notBuilt, baseDir: work });
  assert.ok(stage !== undefined);
  const outcome = await stage(fixtureReport('typical'));
  assert.ok('drift' in outcome);
  assert.deepEqual(outcome.drift.against, { kind: 'file', path: 'falco-baseline.json' });
  assert.deepEqual(outcome.drift.new, noIndicators());
});

test('a missing baseline file fails the stage with an error naming it', async () => {
  const stage = driftEnricher({ kind: 'file', path: 'nope.json' }, { defaultBranch: notBuilt, baseDir: work });
  await assert.rejects(stage!(fixtureReport('typical')), (error: unknown) => isUserError(error) && /Could not read the baseline file .*nope\.json: there is no such file/.test((error as Error).message));
});

test('baseline: default-branch builds its collaborators; without GITHUB_WORKFLOW_REF it says so and calls nothing', async () => {
  let built = 0;
  const stage = driftEnricher(
    { kind: 'default-branch' },
    {
      baseDir: work,
      defaultBranch: () => {
        built += 1;
        const unused = async (): Promise<never> => {
          throw new Error('no API call was expected');
        };
        return {
          repository: 'octo-org/octo-repo',
          workflowRef: '',
          currentRunId: 1,
          token: 't',
          workDir: work,
          runs: { defaultBranch: unused, successfulRuns: unused },
          artifacts: { getArtifact: unused, downloadArtifact: unused },
        };
      },
    },
  );
  assert.equal(built, 1);
  assert.deepEqual(await stage!(fixtureReport('typical')), { note: 'No comparison with the default branch: the workflow\'s file is not known (GITHUB_WORKFLOW_REF is "").' });
});
