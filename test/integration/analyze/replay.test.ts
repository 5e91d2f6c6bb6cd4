// Analyze's two engines on the same writer-made capture (the rule-pack job of test/unit/rules/job.ts,
// which fires the CI/CD pack): the container engine (the real Falco 0.44.1 image replaying it through
// the real Docker engine) and the native engine (with a copy of the same release's falco_rules.yaml)
// give the same alerts, by rule, event time and proc.pid. Failures name what failed, and no replay
// container is left behind on any path.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { containerEngine } from '../../../src/analyze/container-engine.ts';
import { nativeEngine, type EngineRun } from '../../../src/analyze/engines.ts';
import { isUserError } from '../../../src/action/errors.ts';
import { DockerEngine } from '../../../src/docker/engine.ts';
import { MAX_ANCESTOR_DEPTH } from '../../../src/falco/alert.ts';
import { CONTAINER_LABEL, type RuleFile } from '../../../src/falco/container.ts';
import { REPLAY_LABEL_VALUE, type ReplayDocker } from '../../../src/falco/replay.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { containersByLabel, inspectContainer } from '../../support/docker.ts';
import { falcoImage, repoPath, requireDocker, requireRegistryImage, requireSharedCaptures, requireSharedFalco, sharedCapturesDir, sharedFalcoDir } from '../../support/env.ts';
import { job } from '../../unit/rules/job.ts';

const RULE_FILES: RuleFile[] = [
  { hostPath: repoPath('rules/falco_actions_markers.yaml'), origin: 'markers' },
  { hostPath: repoPath('rules/falco_cicd_rules.yaml'), origin: 'cicd' },
];
const FALCO_RULES_FILE = join(sharedFalcoDir(), 'etc/falco/falco_rules.yaml');

let dir = '';
let capturePath = '';
let ciJobPath = '';
const logLines: string[] = [];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analyze-replay-'));
  capturePath = join(dir, 'packs-job.scap');
  await writeCapture(parseCaptureDescription(job, 'packs job'), capturePath);
  ciJobPath = join(dir, 'ci-job.scap');
  await writeCapture(parseCaptureDescription(JSON.parse(await readFile(repoPath('examples', 'ci-job.json'), 'utf8')), 'examples/ci-job.json'), ciJobPath);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The containers the engine created (the real engine's calls, recorded on the way through). */
const created: Array<{ id: string; labels: Record<string, string> }> = [];

function engine(timeoutMs?: number) {
  const real = new DockerEngine();
  const docker: ReplayDocker = {
    ensureImage: (...args) => real.ensureImage(...args),
    createContainer: async (spec) => {
      const id = await real.createContainer(spec);
      created.push({ id, labels: { ...(spec.labels ?? {}) } });
      return id;
    },
    startContainer: (...args) => real.startContainer(...args),
    followLogs: (...args) => real.followLogs(...args),
    status: (...args) => real.status(...args),
    removeContainer: (...args) => real.removeContainer(...args),
  };
  return containerEngine({ docker, image: falcoImage(), log: (line) => logLines.push(line), ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

async function ready(t: TestContext): Promise<boolean> {
  return (await requireDocker(t)) && (await requireRegistryImage(t, falcoImage()));
}

async function assertNoReplayContainer(): Promise<void> {
  assert.deepEqual(await containersByLabel(CONTAINER_LABEL, REPLAY_LABEL_VALUE), [], 'no replay container is left behind');
  for (const container of created) {
    assert.equal(container.labels[CONTAINER_LABEL], REPLAY_LABEL_VALUE, 'the replay container carries the label looked for');
    assert.equal(await inspectContainer(container.id), undefined, `container ${container.id} was removed`);
  }
}

const key = (alert: EngineRun['alerts'][number]): string => `${alert.rule} @ ${alert.time} pid ${String(alert.fields['proc.pid'])}`;

async function compareEngines(t: TestContext, path: string, expected: number): Promise<void> {
  let started = Date.now();
  const container = await engine().run(path, RULE_FILES);
  const containerMs = Date.now() - started;
  started = Date.now();
  const native = await nativeEngine({ falcoRulesFile: FALCO_RULES_FILE }).run(path, RULE_FILES);
  const nativeMs = Date.now() - started;
  t.diagnostic(`${basename(path)}: alerts: container ${container.alerts.length} in ${containerMs} ms, native ${native.alerts.length} in ${nativeMs} ms`);
  await assertNoReplayContainer();
  // Known difference: the native engine skips the default rules using fields it cannot evaluate on a
  // capture (said in a note); none of them fires on these captures, so the alerts still agree.
  assert.match(native.notes.join('\n'), /skipped 8 rule\(s\).*Terminal shell in container/);

  assert.equal(container.falcoVersion, '0.44.1');
  assert.equal(container.image, falcoImage());
  assert.deepEqual(container.notes, []);
  assert.deepEqual(container.rulesFiles, ['/etc/falco/falco_rules.yaml', ...RULE_FILES.map((file) => file.hostPath)]);
  assert.equal(container.alerts.length, expected, `${basename(path)}: container alerts`);
  assert.deepEqual(native.alerts.map(key).sort(), container.alerts.map(key).sort());
  // The same priorities and the same ancestry (live mode's appended pid fields) for each alert.
  // Known difference: Falco's output_fields also hold the fields the rule's output prints (proc.name,
  // proc.cmdline, ...); the native engine gives only the pid fields, all analyze reads of an alert's
  // fields (proc.pid: src/analyze/attribute.ts, build.ts).
  const nativeByKey = new Map(native.alerts.map((alert) => [key(alert), alert]));
  for (const alert of container.alerts) {
    const ours = nativeByKey.get(key(alert));
    assert.ok(ours !== undefined);
    assert.equal(ours.priority, alert.priority, key(alert));
    const pidKeys = Object.keys(ours.fields);
    assert.equal(pidKeys.length, 2 + MAX_ANCESTOR_DEPTH);
    assert.deepEqual(ours.fields, Object.fromEntries(pidKeys.map((field) => [field, alert.fields[field]])), key(alert));
    assert.ok(Object.keys(alert.fields).length > pidKeys.length, `${key(alert)}: Falco adds the rule's output fields`);
  }
}

test('the container engine and the native engine give the same alerts on writer-made CI jobs', async (t) => {
  if (!(await ready(t)) || !requireSharedFalco(t)) return;
  await compareEngines(t, capturePath, 17);
  await compareEngines(t, ciJobPath, 6);
});

test('the container engine and the native engine give the same alerts on the shared real captures', async (t) => {
  if (!(await ready(t)) || !requireSharedFalco(t) || !requireSharedCaptures(t)) return;
  const captures = readdirSync(sharedCapturesDir()).filter((file) => file.endsWith('.scap'));
  assert.ok(captures.length >= 8);
  // Falco's default rules, the markers and the CI/CD pack fire on none of these (ordinary commands).
  for (const file of captures) await compareEngines(t, join(sharedCapturesDir(), file), 0);
});

test('a missing capture fails with an error naming its path, before any container', async (t) => {
  if (!(await ready(t))) return;
  const missing = join(dir, 'no-such-capture.scap');
  const before = created.length;
  await assert.rejects(engine().run(missing, RULE_FILES), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.ok(error.message.includes(missing), error.message);
    return true;
  });
  assert.equal(created.length, before, 'no container is created for a missing capture');
  await assertNoReplayContainer();
});

test('a rule file Falco rejects fails with an error naming it, and the container is removed', async (t) => {
  if (!(await ready(t))) return;
  const rejected = join(dir, 'rejected_rules.yaml');
  const before = created.length;
  await writeFile(rejected, '- rule: Rejected\n  desc: an unknown field\n  condition: proc.no_such_field = x\n  output: x\n  priority: WARNING\n');
  await assert.rejects(engine().run(capturePath, [...RULE_FILES, { hostPath: rejected, origin: 'custom' }]), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.match(error.message, /Falco rejected the rule file/);
    assert.ok(error.message.includes(rejected), error.message);
    return true;
  });
  assert.equal(created.length, before + 1, 'Falco ran in a container, which rejected the file');
  await assertNoReplayContainer();
});

test('a replay that runs past its time limit fails naming the capture, and its running container is removed', async (t) => {
  if (!(await ready(t))) return;
  const before = created.length;
  // 1 ms: Falco is still loading its rules when the limit passes, so the container is running.
  await assert.rejects(engine(1).run(capturePath, RULE_FILES), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.ok(error.message.includes(`did not finish replaying ${capturePath}`), error.message);
    return true;
  });
  assert.equal(created.length, before + 1);
  await assertNoReplayContainer();
});
