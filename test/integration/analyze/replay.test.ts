// Analyze's two engines on the same writer-made capture (the rule-pack job of test/unit/rules/job.ts,
// which fires the CI/CD pack): the container engine (the real Falco 0.44.1 image replaying it through
// the real Docker engine) and the native engine (with a copy of the same release's falco_rules.yaml)
// give the same alerts, by rule, event time and proc.pid. Failures name what failed, and no replay
// container is left behind on any path.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { containerEngine } from '../../../src/analyze/container-engine.ts';
import { nativeEngine, type EngineRun } from '../../../src/analyze/engines.ts';
import { isUserError } from '../../../src/action/errors.ts';
import { DockerEngine } from '../../../src/docker/engine.ts';
import { MAX_ANCESTOR_DEPTH } from '../../../src/falco/alert.ts';
import { CONTAINER_LABEL, type RuleFile } from '../../../src/falco/container.ts';
import { REPLAY_LABEL_VALUE } from '../../../src/falco/replay.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { containersByLabel } from '../../support/docker.ts';
import { falcoImage, repoPath, requireDocker, requireRegistryImage, requireSharedFalco, sharedFalcoDir } from '../../support/env.ts';
import { job } from '../../unit/rules/job.ts';

const RULE_FILES: RuleFile[] = [
  { hostPath: repoPath('rules/falco_actions_markers.yaml'), origin: 'markers' },
  { hostPath: repoPath('rules/falco_cicd_rules.yaml'), origin: 'cicd' },
];
const FALCO_RULES_FILE = join(sharedFalcoDir(), 'etc/falco/falco_rules.yaml');

let dir = '';
let capturePath = '';
const logLines: string[] = [];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analyze-replay-'));
  capturePath = join(dir, 'packs-job.scap');
  await writeCapture(parseCaptureDescription(job, 'packs job'), capturePath);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function engine() {
  return containerEngine({ docker: new DockerEngine(), image: falcoImage(), log: (line) => logLines.push(line) });
}

async function ready(t: Parameters<typeof requireDocker>[0]): Promise<boolean> {
  return (await requireDocker(t)) && (await requireRegistryImage(t, falcoImage()));
}

async function assertNoReplayContainer(): Promise<void> {
  assert.deepEqual(await containersByLabel(CONTAINER_LABEL, REPLAY_LABEL_VALUE), [], 'no replay container is left behind');
}

const key = (alert: EngineRun['alerts'][number]): string => `${alert.rule} @ ${alert.time} pid ${String(alert.fields['proc.pid'])}`;

test('the container engine and the native engine give the same alerts on a writer-made CI job', async (t) => {
  if (!(await ready(t)) || !requireSharedFalco(t)) return;
  let started = Date.now();
  const container = await engine().run(capturePath, RULE_FILES);
  const containerMs = Date.now() - started;
  started = Date.now();
  const native = await nativeEngine({ falcoRulesFile: FALCO_RULES_FILE }).run(capturePath, RULE_FILES);
  const nativeMs = Date.now() - started;
  t.diagnostic(`alerts: container ${container.alerts.length} in ${containerMs} ms, native ${native.alerts.length} in ${nativeMs} ms`);
  await assertNoReplayContainer();

  assert.equal(container.falcoVersion, '0.44.1');
  assert.equal(container.image, falcoImage());
  assert.deepEqual(container.notes, []);
  assert.deepEqual(container.rulesFiles, ['/etc/falco/falco_rules.yaml', ...RULE_FILES.map((file) => file.hostPath)]);
  assert.ok(container.alerts.length >= 14, `container alerts: ${container.alerts.length}`);
  assert.deepEqual(native.alerts.map(key).sort(), container.alerts.map(key).sort());
  // The same priorities and the same ancestry (live mode's appended pid fields) for each alert.
  // Known difference: Falco's output_fields also hold the fields the rule's output prints (proc.name,
  // proc.cmdline, ...); the native engine gives only the pid fields, which is all the report reads of them.
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
});

test('a missing capture fails with an error naming its path, before any container', async (t) => {
  if (!(await ready(t))) return;
  const missing = join(dir, 'no-such-capture.scap');
  await assert.rejects(engine().run(missing, RULE_FILES), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.ok(error.message.includes(missing), error.message);
    return true;
  });
  await assertNoReplayContainer();
});

test('a rule file Falco rejects fails with an error naming it, and the container is removed', async (t) => {
  if (!(await ready(t))) return;
  const rejected = join(dir, 'rejected_rules.yaml');
  await writeFile(rejected, '- rule: Rejected\n  desc: an unknown field\n  condition: proc.no_such_field = x\n  output: x\n  priority: WARNING\n');
  await assert.rejects(engine().run(capturePath, [...RULE_FILES, { hostPath: rejected, origin: 'custom' }]), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.match(error.message, /Falco rejected the rule file/);
    assert.ok(error.message.includes(rejected), error.message);
    return true;
  });
  await assertNoReplayContainer();
});
