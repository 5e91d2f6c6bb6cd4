// The enrichment of a run, as composed from the settings: which stages are on, and the drift stage
// shared by every report of the run (the default branch's runs listed once, each report looked up under
// its own report artifact's name). The runs API and the artifact lookup are the stage's collaborators,
// recorded in process; their real implementations are tested against the local services
// (test/integration/baseline/default-branch.test.ts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RunsApi } from '../../../src/baseline/default-branch.ts';
import { runEnrichment } from '../../../src/enrich/stages.ts';
import { parseAnalyzeSettings } from '../../../src/settings/analyze.ts';
import { fixtureReport } from '../../fixtures/reports/build.ts';

test('one drift stage for the run: the runs are listed once, each report asks for its own report artifact', async () => {
  const calls: string[] = [];
  const runs: RunsApi = {
    async defaultBranch() {
      calls.push('default branch');
      return 'main';
    },
    async successfulRuns() {
      calls.push('runs');
      return [{ id: 41, htmlUrl: null, event: 'push', headRepository: 'octo-org/octo-repo' }];
    },
  };
  const notFound = Object.assign(new Error('not found'), { name: 'ArtifactNotFoundError' });
  const enrichment = await runEnrichment(parseAnalyzeSettings(() => '', {}), {
    verdictStore: async () => assert.fail('no VirusTotal key: no store'),
    defaultBranch: () => ({
      repository: 'octo-org/octo-repo',
      workflowRef: 'octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main',
      currentRunId: 42,
      runs,
      artifacts: {
        getArtifact: async (name: string) => {
          calls.push(`artifact ${name}`);
          throw notFound;
        },
        downloadArtifact: async () => assert.fail('nothing found to download'),
      },
      token: 'ghs_test',
      workDir: '/nonexistent',
    }),
    baseDir: '/',
    log: () => undefined,
  });
  assert.deepEqual(enrichment.stages, ['new since the default branch']);
  for (const artifact of ['falco-report-build', 'falco-report-test']) {
    const enriched = await enrichment.enrich(fixtureReport('typical'), artifact);
    assert.equal(enriched.enrichment?.drift, undefined);
    assert.equal(enriched.enrichment?.notes.length, 1);
  }
  assert.deepEqual(calls, ['default branch', 'runs', 'artifact falco-report-build', 'artifact falco-report-test']);
});

test('no key, no baseline: no stage, and the report goes through unchanged', async () => {
  const enrichment = await runEnrichment(parseAnalyzeSettings((name) => (name === 'baseline' ? 'none' : ''), {}), {
    verdictStore: async () => assert.fail('no store'),
    baseDir: '/',
    log: () => undefined,
  });
  assert.deepEqual(enrichment.stages, []);
  const report = fixtureReport('typical');
  assert.equal(await enrichment.enrich(report, null), report);
});
