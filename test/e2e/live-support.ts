// Shared pieces of the live-mode end-to-end tests: the action under test (the committed bundles, or
// bundles built from the sources by scripts/build.mjs while dist/ waits for a rebuild), the job
// record the fake GitHub API serves, and checks that nothing is left behind.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { JobSchema, type Job } from '../../src/github/schema.ts';
import { CONTAINER_LABEL, CONTAINER_LABEL_VALUE } from '../../src/falco/container.ts';
import { STATE_FILE_VARIABLE } from '../../src/live/hand-off.ts';
import { liveStateSchema, type LiveState } from '../../src/live/state.ts';
import { containersByLabel, removeContainers, type DockerOptions } from '../support/docker.ts';
import { startGitHubApi, type GitHubApi } from '../support/github-api.ts';
import type { RunnerJob } from '../support/harness.ts';
import { repoRoot } from '../support/paths.ts';

/** The action bundles: each action's entry files and the chunks they share (dist/cli is the CLI's). */
function actionBundles(root: string): string[] {
  const dist = join(root, 'dist');
  if (!existsSync(dist)) return [];
  return readdirSync(dist, { recursive: true })
    .map(String)
    .filter((file) => file.endsWith('.js') && !file.startsWith('cli'))
    .map((file) => join('dist', file))
    .sort();
}

export interface ActionUnderTest {
  root: string;
  start: string;
  stop: string;
  /** Why the committed bundles are not the ones under test, when they are not. */
  note: string | undefined;
  cleanup(): void;
}

function sameFile(left: string, right: string): boolean {
  return existsSync(left) && existsSync(right) && readFileSync(left).equals(readFileSync(right));
}

/**
 * The action as the runner downloads it: the committed bundles when they are what the build script makes
 * of the sources (as CI requires), else bundles built from the sources by scripts/build.mjs in a scratch
 * copy, so these tests follow the sources while the committed bundles wait for a rebuild.
 */
export async function actionUnderTest(): Promise<ActionUnderTest> {
  const checkout = repoRoot();
  const scratch = mkdtempSync(join(tmpdir(), 'falco-actions-e2e-action-'));
  for (const entry of ['package.json', 'tsconfig.json', 'scripts', 'src', 'start', 'stop', 'analyze', 'rules']) {
    if (existsSync(join(checkout, entry))) cpSync(join(checkout, entry), join(scratch, entry), { recursive: true });
  }
  symlinkSync(join(checkout, 'node_modules'), join(scratch, 'node_modules'));
  execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: scratch, stdio: ['ignore', 'ignore', 'pipe'] });
  const built = actionBundles(scratch);
  const fresh = built.length > 0 && built.join('\n') === actionBundles(checkout).join('\n') && built.every((bundle) => sameFile(join(checkout, bundle), join(scratch, bundle)));
  if (fresh) {
    rmSync(scratch, { recursive: true, force: true });
    return { root: checkout, start: join(checkout, 'start'), stop: join(checkout, 'stop'), note: undefined, cleanup: () => undefined };
  }
  rmSync(join(scratch, 'node_modules'));
  return {
    root: scratch,
    start: join(scratch, 'start'),
    stop: join(scratch, 'stop'),
    note: 'the committed bundles differ from a build of the sources: testing bundles built from the sources',
    cleanup: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** The action under test and the fake GitHub API, shared by the tests of one file. */
export interface LiveFixture {
  readonly action: ActionUnderTest;
  readonly api: GitHubApi;
}

/**
 * Registers the file's before/after hooks: the action under test (noting when it is built from the
 * sources) and a fake GitHub API with no jobs yet; both are cleaned up after the file's tests.
 */
export function liveFixture(): LiveFixture {
  let action: ActionUnderTest | undefined;
  let api: GitHubApi | undefined;
  before(async () => {
    action = await actionUnderTest();
    if (action.note !== undefined) console.log(`# ${action.note}`);
    api = await startGitHubApi({ jobs: [] });
  });
  after(async () => {
    action?.cleanup();
    await api?.close();
  });
  const ready = <T>(value: T | undefined, name: string): T => {
    if (value === undefined) throw new Error(`the live fixture's ${name} is used before its before() hook ran`);
    return value;
  };
  return {
    get action() {
      return ready(action, 'action');
    },
    get api() {
      return ready(api, 'API');
    },
  };
}

/** This job's record as the REST API returns it, plus a concurrent job of the same run on another runner
 * whose steps have the same names but other times: it must never be mixed in. */
export function jobsOfThisRun(job: RunnerJob): Job[] {
  const snapshot = job.snapshot();
  const mine = JobSchema.parse(snapshot);
  const shift = (iso: string | null | undefined): string | null => (iso ? new Date(Date.parse(iso) - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') : null);
  const other: Job = {
    ...mine,
    id: snapshot.id + 1,
    name: 'lint',
    runner_name: 'GitHub Actions 99',
    runner_id: 99,
    started_at: shift(snapshot.started_at) ?? snapshot.started_at,
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

/** The rows of the summary's "Alerts" table, with their Step and Rule cells. */
export function alertTable(summary: string): Array<{ step: string; rule: string; line: string }> {
  const lines = summary.split('\n');
  const head = lines.indexOf('### Alerts');
  if (head < 0) return [];
  const rows: Array<{ step: string; rule: string; line: string }> = [];
  // The heading, a blank line, the header row and the separator row, then one row per alert.
  for (const line of lines.slice(head + 4)) {
    if (!line.startsWith('| ')) break;
    const cells = line.split(/(?<!\\)\|/).map((cell) => cell.trim());
    rows.push({ step: cells[2] ?? '', rule: cells[3] ?? '', line });
  }
  return rows;
}

/**
 * The Alerts rows attributed to this step by ancestry (the alert's process descends from the step's):
 * not "(by time)" nor "either … (boundary second)", which is how alerts of processes outside the job's
 * process tree (a concurrent test run on this host: Falco sees the whole host) can land on a step.
 */
export function stepAlertRows(summary: string, step: string, ...texts: string[]): string[] {
  return alertTable(summary)
    .filter((row) => row.step.startsWith(`\` ${step} \``) && !row.step.endsWith('(by time)'))
    .map((row) => row.line)
    .filter((line) => texts.every((text) => line.includes(text)));
}

/** Test cleanup when a test failed half-way: removes what start created for this run id. */
export async function removeLeftovers(runId: number, options: DockerOptions = {}): Promise<void> {
  const names = await falcoContainersLeft(runId, options).catch(() => [] as string[]);
  await removeContainers(names.map((name) => name.replace(/^\//, '')), options).catch(() => undefined);
}
