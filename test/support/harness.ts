// Emulates the GitHub Actions runner for one job so tests run the COMMITTED action bundles the way a
// runner does: a runner-like work tree, the action copied to _work/_actions/OWNER/REPO/REF, inputs as
// INPUT_*, GITHUB_*/RUNNER_* env, fresh file-command files per step, workflow commands and masking,
// post steps in reverse order, and a job record in the REST API's "job" shape. Every step process is a
// child of a long-lived process whose comm is `Runner.Worker` (runner-worker.mjs), as on real runners.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { node24Binary } from './env.ts';
import { repoRoot } from './paths.ts';
import { acquireRunnerLock, type RunnerLock } from './runner-lock.ts';
import {
  addToPrependPath,
  entriesToRecord,
  FileCommandError,
  inputEnvName,
  isoSeconds,
  LineSplitter,
  parseKeyValueFile,
  parsePathFile,
  pathWithPrepended,
  runStepName,
  SecretMasker,
  StepCommandProcessor,
  type Annotation,
} from './runner-commands.ts';

export type { Annotation } from './runner-commands.ts';

const WORKER_SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'runner-worker.mjs');
const STEP_SUMMARY_LIMIT = 128 * 1024;

// ---- action.yml -------------------------------------------------------------------------------------

const ActionInputSchema = z.object({
  description: z.string().optional(),
  required: z.union([z.boolean(), z.string()]).optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  deprecationMessage: z.string().optional(),
});

const ActionManifestSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  inputs: z.record(z.string(), ActionInputSchema.nullable()).optional(),
  outputs: z.record(z.string(), z.unknown()).optional(),
  runs: z.object({
    using: z.enum(['node20', 'node24']),
    main: z.string().min(1),
    pre: z.string().optional(),
    'pre-if': z.string().optional(),
    post: z.string().optional(),
    'post-if': z.string().optional(),
  }),
});
export type ActionManifest = z.infer<typeof ActionManifestSchema>;

export function readActionManifest(actionDir: string): ActionManifest {
  const file = ['action.yml', 'action.yaml'].map((name) => join(actionDir, name)).find((path) => existsSync(path));
  if (file === undefined) throw new Error(`harness: no action.yml in ${actionDir}`);
  const parsed = ActionManifestSchema.safeParse(parseYaml(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    throw new Error(`harness: ${file} is not a node20/node24 JavaScript action the harness can run: ${z.prettifyError(parsed.error)}`);
  }
  if (parsed.data.runs.pre !== undefined) throw new Error(`harness: ${file}: runs.pre is not supported by the harness`);
  return parsed.data;
}

/** Evaluates an input default: literal text, or `${{ github.token }}`; any other expression fails loudly. */
export function evaluateInputDefault(value: string, context: { token: string }, where: string): string {
  if (!value.includes('${{')) return value;
  if (/^\$\{\{\s*github\.token\s*\}\}$/.test(value.trim())) return context.token;
  throw new Error(`harness: ${where}: the harness only evaluates \`\${{ github.token }}\`, not ${JSON.stringify(value)}`);
}

// ---- status functions (if: / post-if:) ----------------------------------------------------------------

export type StatusCondition = 'success()' | 'always()' | 'failure()' | 'cancelled()' | '!cancelled()';

export function evaluateStatusCondition(condition: string, jobFailed: boolean): boolean {
  switch (condition.replace(/^\$\{\{\s*|\s*\}\}$/g, '').trim()) {
    case 'success()':
      return !jobFailed;
    case 'always()':
      return true;
    case 'failure()':
      return jobFailed;
    case 'cancelled()':
      return false;
    case '!cancelled()':
      return true;
    default:
      throw new Error(`harness: unsupported condition ${JSON.stringify(condition)} (supported: success(), always(), failure(), cancelled(), !cancelled())`);
  }
}

// ---- the worker ---------------------------------------------------------------------------------------

interface WorkerSpawnRequest {
  file: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
  onStart?: (pid: number) => void;
  onData: (stream: 'stdout' | 'stderr', chunk: string) => void;
}

interface WorkerExit {
  pid: number | null;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  error: string | null;
}

type WorkerMessage =
  | { type: 'ready'; pid: number; comm: string }
  | { type: 'files-created'; id: string; error: string | null }
  | { type: 'started'; id: string; pid: number }
  | { type: 'data'; id: string; stream: 'stdout' | 'stderr'; chunk: string }
  | ({ type: 'exit'; id: string } & WorkerExit);

/** The long-lived `Runner.Worker` process that parents every step. */
class RunnerWorker {
  readonly #child: ChildProcess;
  readonly #pending = new Map<string, { request: WorkerSpawnRequest; resolve: (exit: WorkerExit) => void }>();
  readonly #fileRequests = new Map<string, (error: string | null) => void>();
  pid = 0;
  comm = '';

  private constructor(child: ChildProcess) {
    this.#child = child;
  }

  static async start(env: Record<string, string>): Promise<RunnerWorker> {
    const child = fork(WORKER_SCRIPT, [], { execArgv: [], env, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const worker = new RunnerWorker(child);
    await new Promise<void>((resolvePromise, reject) => {
      const onExit = (code: number | null): void => reject(new Error(`harness: Runner.Worker exited (${code}) before it was ready`));
      child.once('exit', onExit);
      child.once('error', reject);
      child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          worker.pid = message.pid;
          worker.comm = message.comm;
          child.off('exit', onExit);
          resolvePromise();
        } else {
          worker.#onMessage(message);
        }
      });
    });
    worker.#idle();
    return worker;
  }

  #onMessage(message: WorkerMessage): void {
    if (message.type === 'ready') return;
    if (message.type === 'files-created') {
      const waiting = this.#fileRequests.get(message.id);
      this.#fileRequests.delete(message.id);
      if (this.#pending.size === 0 && this.#fileRequests.size === 0) this.#idle();
      waiting?.(message.error);
      return;
    }
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    if (message.type === 'started') pending.request.onStart?.(message.pid);
    else if (message.type === 'data') pending.request.onData(message.stream, message.chunk);
    else {
      this.#pending.delete(message.id);
      if (this.#pending.size === 0 && this.#fileRequests.size === 0) this.#idle();
      pending.resolve({ pid: message.pid, exitCode: message.exitCode, signal: message.signal, timedOut: message.timedOut, error: message.error });
    }
  }

  // While no step runs, the worker must not keep the test process alive.
  #idle(): void {
    this.#child.unref();
    this.#child.channel?.unref();
  }

  #busy(): void {
    this.#child.ref();
    this.#child.channel?.ref();
  }

  run(request: WorkerSpawnRequest): Promise<WorkerExit> {
    const id = randomUUID();
    this.#busy();
    return new Promise((resolvePromise) => {
      this.#pending.set(id, { request, resolve: resolvePromise });
      this.#child.send({ type: 'spawn', id, file: request.file, args: request.args, cwd: request.cwd, env: request.env, timeoutMs: request.timeoutMs });
    });
  }

  /** Empty files created by the worker itself, as the runner creates a step's file-command files. */
  createFiles(paths: string[]): Promise<void> {
    const id = randomUUID();
    this.#busy();
    return new Promise((resolvePromise, reject) => {
      this.#fileRequests.set(id, (error) => (error === null ? resolvePromise() : reject(new Error(`harness: Runner.Worker could not create ${paths.join(', ')}: ${error}`))));
      this.#child.send({ type: 'create-files', id, paths });
    });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolvePromise) => this.#child.once('exit', () => resolvePromise()));
    if (this.#child.connected) this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
}

// ---- the job --------------------------------------------------------------------------------------------

export interface RunnerJobOptions {
  /** owner/name of the repository the workflow runs in. */
  repository?: string;
  runId?: number;
  runAttempt?: number;
  /** The job's display name (REST `name`), also GITHUB_JOB. */
  jobName?: string;
  jobId?: number;
  runnerName?: string;
  runnerId?: number;
  apiUrl?: string;
  serverUrl?: string;
  /** The job's GITHUB_TOKEN: the value of `${{ github.token }}`, masked in logs. */
  token?: string;
  /** Job-level `env:`. */
  env?: Record<string, string>;
  eventName?: string;
  sha?: string;
  ref?: string;
  workflow?: string;
  /** Further values to mask, as `secrets.*` would be. */
  secrets?: string[];
  /** Node binaries for `using: node20` / `node24`; default: the node running the tests. */
  nodeBinaries?: Partial<Record<'node20' | 'node24', string>>;
  /** Parent directory of the job's temp tree; default os.tmpdir(). */
  tmpRoot?: string;
  /** The webhook payload at GITHUB_EVENT_PATH; default a minimal push payload. */
  event?: Record<string, unknown>;
  /** Take the machine-wide runner lock, so no other harness job (any test file) runs meanwhile, as
   *  on a runner that runs one job at a time; default true. */
  exclusive?: boolean;
  /** How long to wait for the runner lock; default 10 minutes. */
  lockTimeoutMs?: number;
}

export interface StepOptions {
  name?: string;
  /** Step `id:`; GITHUB_ACTION is this id when given. */
  id?: string;
  /** Step `if:`; default success(). */
  if?: StatusCondition;
  /** Step-level `env:`. */
  env?: Record<string, string>;
  /** The step is killed after this long (SIGKILL) and fails. */
  timeoutMs?: number;
  continueOnError?: boolean;
  /** Called with the step process's pid as soon as it runs. */
  onStart?: (pid: number) => void;
  /** Called with each output line (raw, unmasked) as it arrives. */
  onLine?: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface UsesOptions extends StepOptions {
  /** Ref in `uses: OWNER/REPO/PATH@REF`; default 'main'. */
  ref?: string;
  /** OWNER/REPO of the action; default 'falcosecurity/falco-actions'. */
  actionRepository?: string;
  /** Root of the action's repository, copied as the runner downloads it; default: the checkout when the
   *  action lives in it, else the action directory itself. node_modules and .git are never copied. */
  root?: string;
}

export interface RunOptions extends StepOptions {
  /** `shell:`; default (none) is the runner's `bash -e {0}`. */
  shell?: 'bash' | 'sh' | string;
  /** `working-directory:`, relative to GITHUB_WORKSPACE. */
  workingDirectory?: string;
}

export type StepOutcome = 'success' | 'failure' | 'skipped';

export interface StepResult {
  name: string;
  number: number;
  outcome: StepOutcome;
  /** Differs from outcome only with continue-on-error. */
  conclusion: StepOutcome;
  exitCode: number | null;
  signal: string | null;
  pid: number | null;
  /** Every process the step started as a child of Runner.Worker (several for a composite action). */
  pids: number[];
  /** Raw output of the process (unmasked). */
  stdout: string;
  stderr: string;
  /** The step log as the runner shows it: masked, command lines rendered. */
  log: string[];
  outputs: Record<string, string>;
  annotations: Annotation[];
  debug: string[];
  /** This step's GITHUB_STEP_SUMMARY content (masked). */
  summary: string;
  /** The program the step ran (node binary for actions, the shell for run steps). */
  program: string;
}

export interface JobStepRecord {
  name: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'skipped' | 'cancelled' | null;
  number: number;
  started_at: string | null;
  completed_at: string | null;
}

export interface JobRecord {
  id: number;
  run_id: number;
  run_url: string;
  run_attempt: number;
  node_id: string;
  head_sha: string;
  url: string;
  html_url: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: 'success' | 'failure' | 'cancelled' | null;
  created_at: string;
  started_at: string;
  completed_at: string | null;
  name: string;
  steps: JobStepRecord[];
  check_run_url: string;
  labels: string[];
  runner_id: number;
  runner_name: string;
  runner_group_id: number;
  runner_group_name: string;
  workflow_name: string;
  head_branch: string;
}

interface PostStep {
  name: string;
  actionPath: string;
  entry: string;
  node: string;
  condition: string;
  inputsEnv: Record<string, string>;
  state: Record<string, string>;
  actionEnv: Record<string, string>;
}

interface StepTiming {
  name: string;
  number: number;
  startedAt: Date | null;
  completedAt: Date | null;
  conclusion: JobStepRecord['conclusion'];
}

// Variables of the test process that must not leak into step processes.
const HOST_ONLY_ENV = /^(INPUT_|STATE_|GITHUB_|RUNNER_|ACTIONS_)|^(NODE_TEST_CONTEXT|NODE_OPTIONS|NODE_V8_COVERAGE|TSX_.*)$/;

export class RunnerJob {
  readonly root: string;
  readonly workspace: string;
  readonly runnerTemp: string;
  readonly actionsDir: string;
  readonly toolCache: string;
  readonly repository: string;
  readonly runId: number;
  readonly runAttempt: number;
  readonly jobName: string;
  readonly jobId: number;
  readonly runnerName: string;
  readonly runnerId: number;
  readonly token: string;
  readonly apiUrl: string;
  readonly serverUrl: string;
  /** Env exported by steps through GITHUB_ENV so far. */
  readonly exportedEnv: Record<string, string> = {};
  /** Concatenated step summaries (the job summary). */
  summary = '';
  readonly results: StepResult[] = [];

  readonly #options: RunnerJobOptions;
  readonly #masker = new SecretMasker();
  readonly #posts: PostStep[] = [];
  readonly #timings: StepTiming[] = [];
  readonly #actionCopies = new Map<string, string>();
  readonly #actionIdCounts = new Map<string, number>();
  readonly #createdAt: Date;
  /** RUNNER_TRACKING_ID in every step's env; processes still carrying it when the job ends are orphans. */
  readonly trackingId = `github_${randomUUID()}`;
  /** Orphan processes killed when the job completed or was disposed, as the runner logs them. */
  readonly orphans: Array<{ pid: number; comm: string }> = [];
  #worker: RunnerWorker;
  #lock: RunnerLock | undefined;
  #prependPath: string[] = [];
  #failed = false;
  #completedAt: Date | null = null;
  #disposed = false;

  private constructor(options: RunnerJobOptions, root: string, worker: RunnerWorker, createdAt: Date) {
    this.#options = options;
    this.root = root;
    this.repository = options.repository ?? 'octo-org/octo-repo';
    const repoName = this.repository.split('/')[1] ?? this.repository;
    this.workspace = join(root, '_work', repoName, repoName);
    this.runnerTemp = join(root, '_work', '_temp');
    this.actionsDir = join(root, '_work', '_actions');
    this.toolCache = join(root, '_work', '_tool');
    this.runId = options.runId ?? 1000;
    this.runAttempt = options.runAttempt ?? 1;
    this.jobName = options.jobName ?? 'build';
    this.jobId = options.jobId ?? 2000;
    this.runnerName = options.runnerName ?? 'GitHub Actions 2';
    this.runnerId = options.runnerId ?? 2;
    this.token = options.token ?? 'ghs_harnessToken0000000000000000000000';
    this.apiUrl = (options.apiUrl ?? 'https://api.github.com').replace(/\/+$/, '');
    this.serverUrl = (options.serverUrl ?? 'https://github.com').replace(/\/+$/, '');
    this.#worker = worker;
    this.#createdAt = createdAt;
    this.#masker.add(this.token);
    for (const secret of options.secrets ?? []) this.#masker.add(secret);
  }

  static async create(options: RunnerJobOptions = {}): Promise<RunnerJob> {
    const lock = options.exclusive === false ? undefined : await acquireRunnerLock(randomUUID(), options.lockTimeoutMs ?? 600_000);
    const createdAt = new Date();
    let root: string | undefined;
    try {
      root = mkdtempSync(join(options.tmpRoot ?? tmpdir(), 'falco-actions-runner-'));
      const worker = await RunnerWorker.start(hostEnv());
      const job = new RunnerJob(options, root, worker, createdAt);
      job.#lock = lock;
      for (const dir of [job.workspace, job.runnerTemp, job.actionsDir, job.toolCache, join(job.runnerTemp, '_runner_file_commands')]) {
        mkdirSync(dir, { recursive: true });
      }
      mkdirSync(join(job.runnerTemp, '_github_workflow'), { recursive: true });
      writeFileSync(job.eventPath, `${JSON.stringify(options.event ?? defaultEvent(job))}\n`);
      return job;
    } catch (error) {
      if (root !== undefined) rmSync(root, { recursive: true, force: true });
      lock?.release();
      throw error;
    }
  }

  get eventPath(): string {
    return join(this.runnerTemp, '_github_workflow', 'event.json');
  }

  /** pid of the Runner.Worker process and its /proc comm as the worker read it. */
  get workerPid(): number {
    return this.#worker.pid;
  }

  get workerComm(): string {
    return this.#worker.comm;
  }

  /** Whether a step has failed so far (what success()/failure() see). */
  get failed(): boolean {
    return this.#failed;
  }

  /** `uses: OWNER/REPO/PATH@REF` for the action in `actionDir` (absolute, or relative to the checkout). */
  async uses(actionDir: string, inputs: Record<string, string | number | boolean> = {}, options: UsesOptions = {}): Promise<StepResult> {
    this.#assertOpen();
    const sourceDir = resolve(repoRoot(), actionDir);
    const manifest = readActionManifest(sourceDir);
    const checkout = repoRoot();
    const sourceRoot = resolve(options.root ?? (isInside(sourceDir, checkout) ? checkout : sourceDir));
    if (!isInside(sourceDir, sourceRoot)) throw new Error(`harness: action ${sourceDir} is not inside its root ${sourceRoot}`);
    const actionRepository = options.actionRepository ?? 'falcosecurity/falco-actions';
    const ref = options.ref ?? 'main';
    const pathInRepo = relative(sourceRoot, sourceDir).split(sep).join('/');
    const reference = `${actionRepository}${pathInRepo === '' ? '' : `/${pathInRepo}`}@${ref}`;
    const copyRoot = this.#downloadAction(sourceRoot, actionRepository, ref);
    const actionPath = join(copyRoot, ...pathInRepo.split('/').filter(Boolean));
    const entry = (file: string): string => {
      const path = resolve(actionPath, file);
      if (!isInside(path, copyRoot)) throw new Error(`harness: ${reference}: ${file} points outside the action repository`);
      if (!existsSync(path)) throw new Error(`harness: ${reference}: ${file} does not exist (is the bundle built and committed?)`);
      return path;
    };
    const main = entry(manifest.runs.main);
    const post = manifest.runs.post === undefined ? undefined : entry(manifest.runs.post);
    const node = this.#nodeBinary(manifest.runs.using, reference);

    const name = options.name ?? `Run ${reference}`;
    const declared = manifest.inputs ?? {};
    const inputsEnv: Record<string, string> = {};
    const annotations: Annotation[] = [];
    for (const [inputName, spec] of Object.entries(declared)) {
      if (spec?.default === undefined) continue;
      inputsEnv[inputEnvName(inputName)] = evaluateInputDefault(String(spec.default), { token: this.token }, `${reference} input '${inputName}' default`);
    }
    const unexpected: string[] = [];
    for (const [inputName, value] of Object.entries(inputs)) {
      if (!(inputName in declared)) unexpected.push(inputName);
      inputsEnv[inputEnvName(inputName)] = String(value);
    }
    if (unexpected.length > 0) {
      annotations.push({
        level: 'warning',
        message: `Unexpected input(s) '${unexpected.join("', '")}', valid inputs are ['${Object.keys(declared).join("', '")}']`,
      });
    }

    const [owner = '', repo = ''] = actionRepository.split('/');
    const actionEnv: Record<string, string> = {
      GITHUB_ACTION: options.id ?? this.#nextActionId(`__${owner}_${repo}`),
      GITHUB_ACTION_PATH: actionPath,
      GITHUB_ACTION_REPOSITORY: actionRepository,
      GITHUB_ACTION_REF: ref,
    };
    const condition = options.if ?? 'success()';
    const result = await this.#runStep({
      name,
      condition,
      file: node,
      args: [main],
      cwd: this.workspace,
      extraEnv: { ...actionEnv, ...inputsEnv },
      stepEnv: options.env ?? {},
      options,
      annotations,
      failureMessage: undefined,
    });
    if (post !== undefined && result.step.outcome !== 'skipped') {
      this.#posts.push({
        name: `Post ${name}`,
        actionPath,
        entry: post,
        node,
        condition: manifest.runs['post-if'] ?? 'always()',
        inputsEnv,
        state: result.state,
        actionEnv,
      });
    }
    return result.step;
  }

  /** A `run:` step: the script is written to RUNNER_TEMP/<uuid>.sh and run with the shell. */
  async run(script: string, options: RunOptions = {}): Promise<StepResult> {
    this.#assertOpen();
    const scriptFile = join(this.runnerTemp, `${randomUUID()}.sh`);
    writeFileSync(scriptFile, script);
    const [shell, ...args] = shellCommand(options.shell, scriptFile);
    // The runner starts the shell by its full path (the step's exe and cmdline show it).
    const file = resolveOnPath(shell!, process.env.PATH);
    const result = await this.#runStep({
      name: options.name ?? runStepName(script),
      condition: options.if ?? 'success()',
      file,
      args,
      cwd: options.workingDirectory === undefined ? this.workspace : resolve(this.workspace, options.workingDirectory),
      extraEnv: { GITHUB_ACTION: options.id ?? this.#nextActionId('__run') },
      stepEnv: options.env ?? {},
      options,
      annotations: [],
      failureMessage: (exitCode) => `Process completed with exit code ${exitCode}.`,
    });
    rmSync(scriptFile, { force: true });
    return result.step;
  }

  /**
   * A `uses:` step of a composite action made of `run:` steps: one step of the job whose inner steps
   * each run as their own child of Runner.Worker, carrying GITHUB_ACTION "<step>.<inner>"
   * (CompositeActionHandler.cs), named "Run OWNER/REPO@REF" unless named. Inner scripts run with bash.
   */
  async composite(scripts: string[], options: StepOptions & { actionRepository?: string; ref?: string } = {}): Promise<StepResult> {
    this.#assertOpen();
    if (scripts.length === 0) throw new Error('harness: a composite action needs at least one inner step');
    const actionRepository = options.actionRepository ?? 'octo-org/toolchain';
    const ref = options.ref ?? 'v2';
    const [owner = '', repo = ''] = actionRepository.split('/');
    const stepId = options.id ?? this.#nextActionId(`__${owner}_${repo}`);
    const bash = resolveOnPath('bash', process.env.PATH);
    const files = scripts.map((script) => {
      const file = join(this.runnerTemp, `${randomUUID()}.sh`);
      writeFileSync(file, script);
      return file;
    });
    const inner = files.map((file, index) => ({
      file: bash,
      args: ['--noprofile', '--norc', '-eo', 'pipefail', file],
      env: { GITHUB_ACTION: `${stepId}.__run${index === 0 ? '' : `_${index + 1}`}` },
    }));
    try {
      const result = await this.#runStep({
        name: options.name ?? `Run ${actionRepository}@${ref}`,
        condition: options.if ?? 'success()',
        file: (inner[0] as { file: string }).file,
        args: (inner[0] as { args: string[] }).args,
        cwd: this.workspace,
        extraEnv: { ...(inner[0] as { env: Record<string, string> }).env, GITHUB_ACTION_REPOSITORY: actionRepository, GITHUB_ACTION_REF: ref },
        then: inner.slice(1),
        stepEnv: options.env ?? {},
        options,
        annotations: [],
        failureMessage: (exitCode) => `Process completed with exit code ${exitCode}.`,
      });
      return result.step;
    } finally {
      for (const file of files) rmSync(file, { force: true });
    }
  }

  /**
   * `uses: docker://IMAGE`: the runner's `docker run` of the image as the step's process
   * (ContainerActionHandler.cs through DockerCommandManager.DockerRun), named "Run docker://IMAGE".
   */
  async container(image: string, args: string[] = [], options: StepOptions = {}): Promise<StepResult> {
    this.#assertOpen();
    const docker = resolveOnPath('docker', process.env.PATH);
    const name = `${this.jobId}_${randomUUID().replaceAll('-', '')}`;
    const result = await this.#runStep({
      name: options.name ?? `Run docker://${image}`,
      condition: options.if ?? 'success()',
      file: docker,
      args: ['run', '--name', name, '--label', 'falco-actions-harness', '--workdir', '/github/workspace', '--rm', '-e', 'CI=true', '-e', 'GITHUB_ACTIONS=true', '-v', `${this.workspace}:/github/workspace`, image, ...args],
      cwd: this.workspace,
      extraEnv: { GITHUB_ACTION: options.id ?? this.#nextActionId(`__docker_${image.replace(/[^A-Za-z0-9]+/g, '_')}`) },
      stepEnv: options.env ?? {},
      options,
      annotations: [],
      failureMessage: (exitCode) => `Docker run failed with exit code ${exitCode}`,
    });
    return result.step;
  }

  /** The job record so far, as GET .../actions/jobs/{id} returns it while the job runs. */
  snapshot(): JobRecord {
    return this.#record();
  }

  /** Runs the post steps (reverse registration order), finishes the job and returns its record. */
  async complete(): Promise<JobRecord> {
    this.#assertOpen();
    if (this.#completedAt !== null) return this.#record();
    for (const post of [...this.#posts].reverse()) {
      await this.#runStep({
        name: post.name,
        condition: post.condition,
        file: post.node,
        args: [post.entry],
        cwd: this.workspace,
        extraEnv: {
          ...post.actionEnv,
          ...post.inputsEnv,
          ...Object.fromEntries(Object.entries(post.state).map(([key, value]) => [`STATE_${key}`, value])),
        },
        stepEnv: {},
        options: {},
        annotations: [],
        failureMessage: undefined,
      });
    }
    this.#posts.length = 0;
    const completeJob: StepTiming = { name: 'Complete job', number: this.#timings.length + 1, startedAt: new Date(), completedAt: null, conclusion: null };
    this.#timings.push(completeJob);
    completeJob.completedAt = new Date();
    completeJob.conclusion = 'success';
    // The runner's "Cleaning up orphan processes": whatever the steps left running is killed.
    this.#killOrphans();
    this.#completedAt = completeJob.completedAt;
    await this.#worker.stop();
    return this.#record();
  }

  /** Stops the worker and removes the job's temp tree. */
  async dispose(): Promise<void> {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      this.#killOrphans();
      await this.#worker.stop();
      rmSync(this.root, { recursive: true, force: true });
    } finally {
      this.#lock?.release();
      this.#lock = undefined;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  // ---- internals ----

  #assertOpen(): void {
    if (this.#disposed) throw new Error('harness: the job was disposed');
  }

  #killOrphans(): void {
    for (const pid of processesWithEnv(`RUNNER_TRACKING_ID=${this.trackingId}`)) {
      let comm = '';
      try {
        comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        process.kill(pid, 'SIGKILL');
        this.orphans.push({ pid, comm });
      } catch {
        // already gone
      }
    }
  }

  /** The node a `using:` value runs on: the option, else Node 24 from setup.sh for node24 (required under
   *  CI; elsewhere the tests' own node stands in), else the tests' node for node20. */
  #nodeBinary(using: 'node20' | 'node24', reference: string): string {
    const chosen = this.#options.nodeBinaries?.[using];
    if (chosen !== undefined) return chosen;
    if (using === 'node24') {
      const node24 = node24Binary();
      if (node24 !== undefined) return node24;
      if (process.env.CI === 'true') {
        throw new Error(`harness: ${reference} runs on node24 but Node 24 is not installed; \`bash .ci/setup.sh\` installs it`);
      }
    }
    return process.execPath;
  }

  #nextActionId(base: string): string {
    const count = (this.#actionIdCounts.get(base) ?? 0) + 1;
    this.#actionIdCounts.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  }

  /** Copies the action repository once per job and ref, as the runner downloads it. */
  #downloadAction(sourceRoot: string, actionRepository: string, ref: string): string {
    const key = `${actionRepository}@${ref}`;
    const existing = this.#actionCopies.get(key);
    if (existing !== undefined) return existing;
    const target = join(this.actionsDir, ...actionRepository.split('/'), ref);
    cpSync(sourceRoot, target, {
      recursive: true,
      filter: (source) => {
        const rel = relative(sourceRoot, source).split(sep);
        return !rel.some((part) => part === 'node_modules' || part === '.git') && !(rel[0] === 'tmp' || rel[0] === '.cache');
      },
    });
    this.#actionCopies.set(key, target);
    return target;
  }

  #baseEnv(): Record<string, string> {
    const [owner = ''] = this.repository.split('/');
    const defaults: Record<string, string> = {
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTOR: owner,
      GITHUB_ACTOR_ID: '1',
      GITHUB_API_URL: this.apiUrl,
      GITHUB_GRAPHQL_URL: `${this.apiUrl}/graphql`,
      GITHUB_SERVER_URL: this.serverUrl,
      GITHUB_EVENT_NAME: this.#options.eventName ?? 'push',
      GITHUB_EVENT_PATH: this.eventPath,
      GITHUB_JOB: this.jobName,
      GITHUB_REF: this.#options.ref ?? 'refs/heads/main',
      GITHUB_REF_NAME: (this.#options.ref ?? 'refs/heads/main').replace(/^refs\/(heads|tags)\//, ''),
      GITHUB_REF_TYPE: (this.#options.ref ?? '').startsWith('refs/tags/') ? 'tag' : 'branch',
      GITHUB_REPOSITORY: this.repository,
      GITHUB_REPOSITORY_OWNER: owner,
      GITHUB_RETENTION_DAYS: '90',
      GITHUB_RUN_ID: String(this.runId),
      GITHUB_RUN_NUMBER: '1',
      GITHUB_RUN_ATTEMPT: String(this.runAttempt),
      GITHUB_SHA: this.#options.sha ?? '0123456789abcdef0123456789abcdef01234567',
      GITHUB_WORKFLOW: this.#options.workflow ?? 'CI',
      GITHUB_WORKFLOW_REF: `${this.repository}/.github/workflows/ci.yml@${this.#options.ref ?? 'refs/heads/main'}`,
      GITHUB_WORKSPACE: this.workspace,
      RUNNER_ARCH: 'X64',
      RUNNER_ENVIRONMENT: 'github-hosted',
      RUNNER_NAME: this.runnerName,
      RUNNER_OS: 'Linux',
      RUNNER_TEMP: this.runnerTemp,
      RUNNER_TOOL_CACHE: this.toolCache,
      RUNNER_WORKSPACE: dirname(this.workspace),
    };
    return defaults;
  }

  async #runStep(step: {
    name: string;
    condition: string;
    file: string;
    args: string[];
    cwd: string;
    extraEnv: Record<string, string>;
    /** Further processes of the step (a composite action's inner steps), with their own env on top. */
    then?: Array<{ file: string; args: string[]; env: Record<string, string> }>;
    stepEnv: Record<string, string>;
    options: StepOptions;
    annotations: Annotation[];
    failureMessage: ((exitCode: number | null) => string) | undefined;
  }): Promise<{ step: StepResult; state: Record<string, string> }> {
    this.#ensureSetUpJob();
    const timing: StepTiming = { name: step.name, number: this.#timings.length + 1, startedAt: null, completedAt: null, conclusion: null };
    const result: StepResult = {
      name: step.name, number: timing.number, outcome: 'skipped', conclusion: 'skipped', exitCode: null, signal: null, pid: null,
      stdout: '', stderr: '', log: [], outputs: {}, annotations: [...step.annotations], debug: [], summary: '', program: step.file, pids: [],
    };
    if (!evaluateStatusCondition(step.condition, this.#failed)) {
      // The API reports a skipped step as completed, with both times set to when it was skipped.
      timing.startedAt = new Date();
      timing.completedAt = timing.startedAt;
      timing.conclusion = 'skipped';
      this.#timings.push(timing);
      this.results.push(result);
      return { step: result, state: {} };
    }
    timing.startedAt = new Date();
    this.#timings.push(timing);

    const commandsDir = join(this.runnerTemp, '_runner_file_commands');
    const suffix = randomUUID();
    const files = {
      env: join(commandsDir, `set_env_${suffix}`),
      output: join(commandsDir, `set_output_${suffix}`),
      state: join(commandsDir, `save_state_${suffix}`),
      path: join(commandsDir, `add_path_${suffix}`),
      summary: join(commandsDir, `step_summary_${suffix}`),
    };
    await this.#worker.createFiles(Object.values(files));

    const host = hostEnv();
    // Precedence as on the runner: GITHUB_ENV exports < job env < step env < the runner's own
    // GITHUB_*/RUNNER_* values < inputs/state of the action.
    const env: Record<string, string> = {
      ...host,
      ...this.exportedEnv,
      ...(this.#options.env ?? {}),
      ...step.stepEnv,
      ...this.#baseEnv(),
      GITHUB_ENV: files.env,
      GITHUB_OUTPUT: files.output,
      GITHUB_STATE: files.state,
      GITHUB_PATH: files.path,
      GITHUB_STEP_SUMMARY: files.summary,
      RUNNER_TRACKING_ID: this.trackingId,
      ...step.extraEnv,
    };
    env.PATH = pathWithPrepended(this.#prependPath, env.PATH ?? host.PATH);

    const processor = new StepCommandProcessor(this.#masker);
    const splitters = {
      stdout: new LineSplitter((line) => {
        step.options.onLine?.('stdout', line);
        processor.line(line);
      }),
      stderr: new LineSplitter((line) => {
        step.options.onLine?.('stderr', line);
        processor.line(line);
      }),
    };
    // The step's processes, each its own child of Runner.Worker, one after the other while they
    // succeed: one for a `run:` or node step, one per inner step for a composite action.
    let exit: WorkerExit | undefined;
    for (const spawned of [{ file: step.file, args: step.args, env: {} as Record<string, string> }, ...(step.then ?? [])]) {
      if (exit !== undefined && (exit.exitCode !== 0 || exit.error !== null)) break;
      exit = await this.#worker.run({
        file: spawned.file,
        args: spawned.args,
        cwd: step.cwd,
        env: { ...env, ...spawned.env },
        ...(step.options.timeoutMs === undefined ? {} : { timeoutMs: step.options.timeoutMs }),
        onStart: (pid) => {
          result.pid ??= pid;
          result.pids.push(pid);
          step.options.onStart?.(pid);
        },
        onData: (stream, chunk) => {
          result[stream] += chunk;
          splitters[stream].push(chunk);
        },
      });
    }
    if (exit === undefined) throw new Error('harness: a step ran no process');
    splitters.stdout.end();
    splitters.stderr.end();
    result.exitCode = exit.exitCode;
    result.signal = exit.signal;
    result.log = processor.results.log;
    result.debug = processor.results.debug;
    result.annotations.push(...processor.results.annotations);
    let failed = exit.exitCode !== 0;
    if (exit.error !== null) result.annotations.push({ level: 'error', message: exit.error });
    if (exit.timedOut) result.annotations.push({ level: 'error', message: `The action '${step.name}' has timed out after ${step.options.timeoutMs} ms.` });
    else if (failed && step.failureMessage !== undefined) result.annotations.push({ level: 'error', message: step.failureMessage(exit.exitCode) });

    // File commands, in the runner's order: path, env, step summary, output, state.
    const state: Record<string, string> = { ...processor.results.state };
    const outputs: Record<string, string> = { ...processor.results.outputs };
    const fileCommand = (contextName: string, apply: () => void): void => {
      try {
        apply();
      } catch (error) {
        if (!(error instanceof FileCommandError)) throw error;
        result.annotations.push({ level: 'error', message: `Unable to process file command '${contextName}' successfully.` });
        result.annotations.push({ level: 'error', message: error.message });
        failed = true;
      }
    };
    fileCommand('path', () => {
      this.#prependPath = addToPrependPath(this.#prependPath, parsePathFile(readFileSync(files.path, 'utf8')));
    });
    fileCommand('env', () => {
      for (const entry of parseKeyValueFile(readFileSync(files.env, 'utf8'), 'environment variable')) {
        if (entry.name.toUpperCase() === 'NODE_OPTIONS') {
          result.annotations.push({ level: 'error', message: "Can't store NODE_OPTIONS output parameter using '$GITHUB_ENV' command." });
          continue;
        }
        this.exportedEnv[entry.name] = entry.value;
      }
    });
    const summaryText = readFileSync(files.summary, 'utf8');
    if (Buffer.byteLength(summaryText) > STEP_SUMMARY_LIMIT) {
      result.annotations.push({
        level: 'error',
        message: `$GITHUB_STEP_SUMMARY supports content up a size of ${STEP_SUMMARY_LIMIT / 1024}k got ${Math.floor(Buffer.byteLength(summaryText) / 1024)}k`,
      });
    } else if (summaryText !== '') {
      result.summary = summaryText.split('\n').map((line) => this.#masker.mask(line)).join('\n');
      this.summary += result.summary.endsWith('\n') ? result.summary : `${result.summary}\n`;
    }
    fileCommand('output', () => Object.assign(outputs, entriesToRecord(parseKeyValueFile(readFileSync(files.output, 'utf8'), 'output'))));
    fileCommand('state', () => Object.assign(state, entriesToRecord(parseKeyValueFile(readFileSync(files.state, 'utf8'), 'state'))));
    for (const file of Object.values(files)) rmSync(file, { force: true });

    result.outputs = outputs;
    result.outcome = failed ? 'failure' : 'success';
    result.conclusion = failed && step.options.continueOnError === true ? 'success' : result.outcome;
    if (result.conclusion === 'failure') this.#failed = true;
    timing.completedAt = new Date();
    timing.conclusion = result.conclusion;
    this.results.push(result);
    return { step: result, state };
  }

  #ensureSetUpJob(): void {
    if (this.#timings.length > 0) return;
    this.#timings.push({ name: 'Set up job', number: 1, startedAt: this.#createdAt, completedAt: new Date(), conclusion: 'success' });
  }

  #record(): JobRecord {
    const completed = this.#completedAt !== null;
    const timings = this.#timings.length > 0 ? this.#timings : [{ name: 'Set up job', number: 1, startedAt: this.#createdAt, completedAt: null, conclusion: null } satisfies StepTiming];
    const steps: JobStepRecord[] = timings.map((timing) => ({
      name: timing.name,
      status: timing.conclusion !== null ? 'completed' : timing.startedAt !== null ? 'in_progress' : 'queued',
      conclusion: timing.conclusion,
      number: timing.number,
      started_at: timing.startedAt === null ? null : isoSeconds(timing.startedAt),
      completed_at: timing.completedAt === null ? null : isoSeconds(timing.completedAt),
    }));
    const repoUrl = `${this.apiUrl}/repos/${this.repository}`;
    return {
      id: this.jobId,
      run_id: this.runId,
      run_url: `${repoUrl}/actions/runs/${this.runId}`,
      run_attempt: this.runAttempt,
      node_id: `CR_kwDOharness${this.jobId}`,
      head_sha: this.#options.sha ?? '0123456789abcdef0123456789abcdef01234567',
      url: `${repoUrl}/actions/jobs/${this.jobId}`,
      html_url: `${this.serverUrl}/${this.repository}/actions/runs/${this.runId}/job/${this.jobId}`,
      status: completed ? 'completed' : 'in_progress',
      conclusion: completed ? (this.#failed ? 'failure' : 'success') : null,
      created_at: isoSeconds(this.#createdAt),
      started_at: isoSeconds(this.#createdAt),
      completed_at: this.#completedAt === null ? null : isoSeconds(this.#completedAt),
      name: this.jobName,
      steps,
      check_run_url: `${repoUrl}/check-runs/${this.jobId}`,
      labels: ['ubuntu-latest'],
      runner_id: this.runnerId,
      runner_name: this.runnerName,
      runner_group_id: 1,
      runner_group_name: 'GitHub Actions',
      workflow_name: this.#options.workflow ?? 'CI',
      head_branch: (this.#options.ref ?? 'refs/heads/main').replace(/^refs\/(heads|tags)\//, ''),
    };
  }
}

function defaultEvent(job: RunnerJob): Record<string, unknown> {
  const [owner = '', name = ''] = job.repository.split('/');
  return {
    ref: 'refs/heads/main',
    repository: { full_name: job.repository, name, owner: { login: owner }, private: false },
    sender: { login: owner },
  };
}

function hostEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value !== undefined && !HOST_ONLY_ENV.test(key)) env[key] = value;
  }
  return env;
}

function isInside(path: string, root: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** pids of processes whose initial environment holds `entry` (NAME=value), as /proc shows it. */
export function processesWithEnv(entry: string): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(entry)) pids.push(Number(name));
    } catch {
      // exited meanwhile, or not ours to read
    }
  }
  return pids;
}

/** Full path of a program found on PATH, or the name unchanged when it is a path or not found. */
export function resolveOnPath(program: string, pathVariable: string | undefined): string {
  if (program.includes('/')) return program;
  for (const dir of (pathVariable ?? '').split(':')) {
    if (dir === '') continue;
    const candidate = join(dir, program);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return program;
}

/** The runner's shell templates for `run:` steps on Linux. */
export function shellCommand(shell: string | undefined, scriptFile: string): string[] {
  switch (shell) {
    case undefined:
      return ['bash', '-e', scriptFile];
    case 'bash':
      return ['bash', '--noprofile', '--norc', '-eo', 'pipefail', scriptFile];
    case 'sh':
      return ['sh', '-e', scriptFile];
    default: {
      if (!shell.includes('{0}')) throw new Error(`harness: custom shell ${JSON.stringify(shell)} must contain {0}`);
      return shell.split(/\s+/).filter(Boolean).map((part) => (part === '{0}' ? scriptFile : part));
    }
  }
}

/** Whether a path is a directory (helper for tests building throwaway actions). */
export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}
