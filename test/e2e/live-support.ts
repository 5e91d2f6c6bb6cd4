// Shared pieces of the live-mode end-to-end tests: the action under test (the committed bundles, or
// bundles built from the sources into a scratch copy while dist/ does not hold them yet), the job
// record the fake GitHub API serves, and checks that nothing is left behind.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JobSchema, type Job } from '../../src/github/schema.ts';
import { CONTAINER_LABEL, CONTAINER_LABEL_VALUE } from '../../src/falco/container.ts';
import { liveStateSchema, STATE_FILE_VARIABLE, type LiveState } from '../../src/state/live-state.ts';
import { containersByLabel, removeContainers, type DockerOptions } from '../support/docker.ts';
import type { RunnerJob } from '../support/harness.ts';
import { repoRoot } from '../support/paths.ts';

const BUNDLES = ['dist/start/index.js', 'dist/start/post.js', 'dist/stop/index.js'];

export interface ActionUnderTest {
  root: string;
  start: string;
  stop: string;
  cleanup(): void;
}

/** The action as the runner downloads it. */
export async function actionUnderTest(): Promise<ActionUnderTest> {
  const checkout = repoRoot();
  if (BUNDLES.every((bundle) => existsSync(join(checkout, bundle)))) {
    return { root: checkout, start: join(checkout, 'start'), stop: join(checkout, 'stop'), cleanup: () => undefined };
  }
  // dist/ does not hold the live bundles yet: build them the way scripts/build.mjs does.
  const root = mkdtempSync(join(tmpdir(), 'falco-actions-e2e-action-'));
  await build({
    entryPoints: { 'start/index': join(checkout, 'start/main.ts'), 'start/post': join(checkout, 'start/post.ts'), 'stop/index': join(checkout, 'stop/main.ts') },
    outdir: join(root, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    // The banner of scripts/build.mjs.
    banner: { js: "import { createRequire as __falcoCreateRequire } from 'node:module'; const require = __falcoCreateRequire(import.meta.url);" },
    external: ['cpu-features', '*.node'],
    logLevel: 'error',
  });
  for (const dir of ['start', 'stop', 'rules']) cpSync(join(checkout, dir), join(root, dir), { recursive: true });
  return { root, start: join(root, 'start'), stop: join(root, 'stop'), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** This job's record as the REST API returns it, plus a concurrent job of the same run on another runner
 * whose steps have the same names but other times: it must never be mixed in. */
export function jobsOfThisRun(job: RunnerJob): Job[] {
  const mine = JobSchema.parse(job.snapshot());
  const shift = (iso: string | null | undefined): string | null => (iso ? new Date(Date.parse(iso) - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);
  const other: Job = {
    ...mine,
    id: mine.id + 1,
    name: 'lint',
    runner_name: 'GitHub Actions 99',
    runner_id: 99,
    started_at: shift(mine.started_at) ?? mine.started_at,
    steps: (mine.steps ?? []).map((step) => ({ ...step, started_at: shift(step.started_at), completed_at: shift(step.completed_at) })),
  };
  return [other, mine];
}

/** The state start left, read through the variable it exported. */
export function startState(job: RunnerJob): LiveState {
  const file = job.exportedEnv[STATE_FILE_VARIABLE];
  if (file === undefined) throw new Error(`start exported no ${STATE_FILE_VARIABLE}`);
  return liveStateSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** Falco containers start created for this run id (its names start falco-actions-<run id>-) still on the engine. */
export async function falcoContainersLeft(runId: number, options: DockerOptions = {}): Promise<string[]> {
  const left = await containersByLabel(CONTAINER_LABEL, CONTAINER_LABEL_VALUE, options);
  return left.flatMap((container) => container.names).filter((name) => name.replace(/^\//, '').startsWith(`falco-actions-${runId}-`));
}

/** A run id no other test uses, so leftovers are attributable. */
export function uniqueRunId(): number {
  return 1_400_000_000 + Math.floor(Math.random() * 90_000_000);
}

/** The rows of the summary's alert table that mention all the given texts. */
export function alertRows(summary: string, ...texts: string[]): string[] {
  return summary.split('\n').filter((line) => line.startsWith('| ') && texts.every((text) => line.includes(text)));
}

/** Test cleanup when a test failed half-way: removes what start created for this run id. */
export async function removeLeftovers(runId: number, options: DockerOptions = {}): Promise<void> {
  const names = await falcoContainersLeft(runId, options).catch(() => [] as string[]);
  await removeContainers(names.map((name) => name.replace(/^\//, '')), options).catch(() => undefined);
}
