// Where in the workflow file a finding belongs: the monitored job's workflow (GITHUB_WORKFLOW_REF, kept
// in the capture's metadata) parsed with positions, and a report's step found in it, so a SARIF result
// points at the line of the step that caused it.
//
// The workflow file is the repository's, and a pull request can change it: it may be large, malformed,
// full of anchors, or not say what the runner ran (a reusable workflow's jobs, expressions in names).
// Nothing here throws on its content; what cannot be placed falls back to the job's line, then line 1.
import { closeSync, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';

/** Workflow files above this size are not read (GitHub's own limit on a workflow file is far below). */
export const MAX_WORKFLOW_BYTES = 1024 * 1024;

/** A place in the file, both 1-based (SARIF's region.startLine / startColumn). */
export interface FilePosition {
  line: number;
  column: number;
}

/** How a step was found: by its `name:`, by the name the runner gives an unnamed `uses:` / `run:` step, or by its position. */
export type StepMatch = 'name' | 'uses' | 'run' | 'position';

export interface StepPosition extends FilePosition {
  matched: StepMatch;
}

/** What locateFinding says: the step's line, else the job's, else the file's first line. */
export interface FindingPosition extends FilePosition {
  precision: 'step' | 'job' | 'file';
}

export interface StepQuery {
  /** The job's key under `jobs:` (GITHUB_JOB, report.job.key). */
  jobKey: string;
  /** The step as the jobs API named and numbered it (report attribution), or null. */
  step: { number: number; name: string } | null;
  /** Every step of the job as the jobs API listed it (report.steps); lets a position count past "Set up job" and pre steps. */
  steps?: readonly { number: number; name: string }[];
}

interface IndexedStep extends FilePosition {
  name: string | null;
  uses: string | null;
  run: string | null;
}

interface IndexedJob extends FilePosition {
  steps: IndexedStep[];
}

/** A parsed workflow: its jobs by key, each with its steps in order. Built once, asked many times. */
export interface WorkflowIndex {
  jobs: ReadonlyMap<string, IndexedJob>;
}

// OWNER/REPO/PATH@REF. The path is the repository-relative file below .github/workflows; the ref is
// refs/heads/…, refs/tags/… or refs/pull/N/merge, so the first ".yml@refs/" ends the path even when a
// branch name holds "@".
const WORKFLOW_REF = /^[^/\s]+\/[^/\s]+\/(\.github\/workflows\/[^\0]+?\.ya?ml)@refs\/\S/;

/**
 * The repository-relative path of the workflow file named by GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/ci.yml@refs/heads/main` -> `.github/workflows/ci.yml`), or null when
 * the value is absent or not of that form. A path that climbs (`..`) or holds control characters or
 * backslashes is refused: it is used as a URI in SARIF and as a path below the workspace.
 */
export function workflowFileFromRef(ref: string | null | undefined): string | null {
  if (!ref) return null;
  const match = WORKFLOW_REF.exec(ref.trim());
  const path = match?.[1];
  if (path === undefined) return null;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) return null;
  if (path.split('/').some((segment) => segment === '' || segment === '.' || segment === '..')) return null;
  return path;
}

/**
 * Reads the workflow file at `path` below `root` (the checkout), bounded: null text with a plain-words
 * note when it is missing, not a regular file, outside the root (through a symbolic link too), or larger
 * than MAX_WORKFLOW_BYTES. Never throws.
 */
export function readWorkflowFile(root: string, path: string, maxBytes = MAX_WORKFLOW_BYTES): { text: string | null; note: string | null } {
  const refuse = (why: string) => ({ text: null, note: `the workflow file ${path} was not read (${why}); findings point at its first line` });
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..')) return refuse('not a path inside the repository');
  let fd: number | undefined;
  try {
    const realRoot = realpathSync(root);
    const real = realpathSync(resolve(root, path));
    const inside = relative(realRoot, real);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) return refuse('it lies outside the checkout');
    fd = openSync(real, 'r');
    const stat = fstatSync(fd);
    if (!stat.isFile()) return refuse('not a regular file');
    if (stat.size > maxBytes) return refuse(`${stat.size} bytes, more than ${maxBytes}`);
    const buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return { text: buffer.subarray(0, read).toString('utf8'), note: null };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return refuse(typeof code === 'string' ? code : 'unreadable');
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function scalarText(node: unknown): string | null {
  return isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number' || typeof node.value === 'boolean') ? String(node.value) : null;
}

/** The node itself, or what an alias (`*anchor`) points at; no expansion beyond one hop per lookup. */
function deref(doc: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(doc) : node;
}

function mapGet(doc: Document, map: YAMLMap, key: string): unknown {
  for (const pair of map.items) {
    if (scalarText(pair.key) === key) return deref(doc, pair.value);
  }
  return undefined;
}

function positionOf(node: Node, lineCounter: LineCounter): FilePosition | null {
  const start = node.range?.[0];
  if (start === undefined) return null;
  const { line, col } = lineCounter.linePos(start);
  return { line, column: col };
}

/**
 * The workflow's jobs and steps with their positions, or null when the text is too large, not YAML, or
 * has no `jobs:` map. Pure; never throws.
 */
export function indexWorkflow(text: string): WorkflowIndex | null {
  if (text.length > MAX_WORKFLOW_BYTES) return null;
  try {
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: false });
    if (doc.errors.length > 0 || !isMap(doc.contents)) return null;
    const jobs = mapGet(doc, doc.contents, 'jobs');
    if (!isMap(jobs)) return null;
    const index = new Map<string, IndexedJob>();
    for (const pair of jobs.items) {
      const key = scalarText(pair.key);
      if (key === null || index.has(key) || !isScalar(pair.key)) continue;
      const keyPosition = positionOf(pair.key, lineCounter);
      if (keyPosition === null) continue;
      const job = deref(doc, pair.value);
      const steps: IndexedStep[] = [];
      const stepList = isMap(job) ? mapGet(doc, job, 'steps') : undefined;
      if (isSeq(stepList)) {
        for (const item of stepList.items) {
          const step = deref(doc, item);
          if (!isMap(step)) continue;
          const position = positionOf(step, lineCounter);
          if (position === null) continue;
          steps.push({
            ...position,
            name: scalarText(mapGet(doc, step, 'name')),
            uses: scalarText(mapGet(doc, step, 'uses')),
            run: scalarText(mapGet(doc, step, 'run')),
          });
        }
      }
      index.set(key, { ...keyPosition, steps });
    }
    return { jobs: index };
  } catch {
    return null;
  }
}

// The runner names a step without `name:` "Run <uses>" or "Run <first line of run>" (the script's
// first non-blank line), its pre step "Pre " + that name and its post step "Post " + the main step's
// name (see src/attribution/steps.ts). A `name:` may hold expressions (`${{ matrix.os }}`), which the
// runner evaluates: they match any text, and a literal match wins over one through an expression.
type NameMatch = 'exact' | 'pattern' | 'any' | null;

/**
 * Whether `shown` is `pattern` with each `${{ … }}` replaced by some text. Matched as a glob (prefix,
 * suffix, the middle parts leftmost first), never as a regular expression: both strings are the
 * repository's, and a pattern of many expressions must not backtrack.
 */
function displayNameMatches(pattern: string, shown: string): NameMatch {
  const wanted = pattern.trim();
  if (wanted === shown) return 'exact';
  if (!wanted.includes('${{')) return null;
  const parts = wanted.split(/\$\{\{[\s\S]*?\}\}/);
  if (parts.every((part) => part.trim() === '')) return 'any';
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  if (shown.length < first.length + last.length || !shown.startsWith(first) || !shown.endsWith(last)) return null;
  let from = first.length;
  const end = shown.length - last.length;
  for (const middle of parts.slice(1, -1)) {
    const found = shown.indexOf(middle, from);
    if (found < 0 || found + middle.length > end) return null;
    from = found + middle.length;
  }
  return 'pattern';
}

function firstRunLine(run: string): string {
  const trimmed = run.replace(/^[ \t\r\n]+/, '');
  const newline = trimmed.search(/[\r\n]/);
  return (newline >= 0 ? trimmed.slice(0, newline) : trimmed).trim();
}

/** Whether the runner could have shown this step (without its Pre/Post prefix) as `shown`, and how. */
function matchStep(step: IndexedStep, shown: string): { matched: StepMatch; how: Exclude<NameMatch, null> } | null {
  const how = (matched: StepMatch, name: NameMatch) => (name === null ? null : { matched, how: name });
  if (step.name !== null && step.name.trim() !== '') return how('name', displayNameMatches(step.name, shown));
  if (step.uses !== null) return how('uses', `Run ${step.uses.trim()}` === shown ? 'exact' : null);
  if (step.run !== null) return how('run', displayNameMatches(`Run ${firstRunLine(step.run)}`, shown));
  return null;
}

const RUNNER_STEPS = new Set(['Set up job', 'Complete job', 'Initialize containers', 'Stop containers', 'Set up runner']);

/**
 * The workflow step's index (0-based) for a jobs-API step number: the API numbers "Set up job" 1, then
 * the pre steps of actions ("Pre …") and "Initialize containers", then the workflow's steps, then post
 * steps. Without the job's step list only "Set up job" is counted. Null for the runner's own and post steps.
 */
function positionIndex(query: StepQuery): number | null {
  const step = query.step;
  if (step === null) return null;
  const name = step.name.trim();
  if (RUNNER_STEPS.has(name) || name.startsWith('Post ') || name.startsWith('Pre ')) return null;
  const before = (query.steps ?? []).filter((other) => other.number < step.number);
  const runnerOwn = query.steps === undefined ? 1 : before.filter((other) => RUNNER_STEPS.has(other.name.trim()) || other.name.trim().startsWith('Pre ')).length;
  const index = step.number - 1 - runnerOwn;
  return index >= 0 ? index : null;
}

/**
 * The line and column of a report's step in the workflow: by the step's `name:`, else by the name the
 * runner gives an unnamed `uses:` or `run:` step (Pre/Post steps go to their main step), else by its
 * position. Null when the job or the step cannot be found (a reusable workflow's job, a key not in this
 * file, a malformed file). Pure.
 */
export function locateStep(workflow: string | WorkflowIndex | null, query: StepQuery): StepPosition | null {
  const index = typeof workflow === 'string' ? indexWorkflow(workflow) : workflow;
  const job = index?.jobs.get(query.jobKey);
  if (!job || query.step === null || job.steps.length === 0) return null;
  const shown = query.step.name.trim();
  const candidates = [shown];
  const prefixed = /^(?:Pre|Post) (.+)$/.exec(shown);
  if (prefixed?.[1] !== undefined) candidates.push(prefixed[1].trim());
  const at = positionIndex(query);
  for (const candidate of candidates) {
    const found = job.steps.flatMap((step, position) => {
      const match = matchStep(step, candidate);
      return match ? [{ step, position, ...match }] : [];
    });
    // Literal matches first, then matches through expressions; a name that is only an expression matches
    // any step, so it counts at the step's position only. Of several, the one at the position, else the first.
    for (const kind of ['exact', 'pattern', 'any'] as const) {
      const best = found.filter((entry) => entry.how === kind && (kind !== 'any' || entry.position === at));
      const chosen = best.find((entry) => entry.position === at) ?? best[0];
      if (chosen) return { line: chosen.step.line, column: chosen.step.column, matched: chosen.matched };
    }
  }
  const byPosition = at === null ? undefined : job.steps[at];
  return byPosition ? { line: byPosition.line, column: byPosition.column, matched: 'position' } : null;
}

/** The line and column of a job's key under `jobs:`, or null. */
export function locateJob(workflow: string | WorkflowIndex | null, jobKey: string): FilePosition | null {
  const index = typeof workflow === 'string' ? indexWorkflow(workflow) : workflow;
  const job = index?.jobs.get(jobKey);
  return job ? { line: job.line, column: job.column } : null;
}

/** Where a finding goes: its step, else its job, else line 1 of the file. Never null, never throws. */
export function locateFinding(workflow: string | WorkflowIndex | null, query: StepQuery): FindingPosition {
  const index = typeof workflow === 'string' ? indexWorkflow(workflow) : workflow;
  const step = locateStep(index, query);
  if (step) return { line: step.line, column: step.column, precision: 'step' };
  const job = locateJob(index, query.jobKey);
  if (job) return { ...job, precision: 'job' };
  return { line: 1, column: 1, precision: 'file' };
}
