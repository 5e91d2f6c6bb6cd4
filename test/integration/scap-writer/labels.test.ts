// Container labels: the capture writer puts them into the container event's JSON, our reader keeps them
// (bounded: the JSON is hostile), and the real Falco 0.44.1 with its container plugin 0.7.1 reads them
// from the same capture on replay, so container.label[KEY] in a rule gives the same alerts in `rules
// test` as in Falco. The issue's own example runs end to end through the CLI.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readCaseFile, runCaseFiles } from '../../../src/rules/cases.ts';
import { eventsFromFields, type FieldEvent } from '../../../src/rules/events-from-fields.ts';
import { containerFromJson, CONTAINER_LABEL_LIMITS } from '../../../src/scap/container.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { parseCaptureDescription, writeCapture, CaptureDescriptionError } from '../../../src/scap/writer/index.ts';
import { falcoReplay, runSharedFalco, replayArgs } from '../../support/falco-replay.ts';
import { repoPath, requireSharedFalco } from '../../support/env.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-labels-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, ['--import', 'tsx', repoPath('src', 'cli', 'main.ts'), ...args], { cwd: repoPath(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const ID = '3f2a9c1b7d4e'.padEnd(64, '0');
const base = {
  processes: [{ pid: 100, ppid: 1, comm: 'sh', exepath: '/bin/sh', containerId: ID }],
  events: [{ type: 'exec', pid: 100, exepath: '/usr/bin/nc' }],
};

test('the writer writes the labels and our reader reads them back; a description with a bad label is refused', async () => {
  const path = join(dir, 'labels.scap');
  const labels = { app: 'jenkins', 'com.example/team': 'ci', empty: '' };
  await writeCapture(parseCaptureDescription({ ...base, containers: [{ id: ID, name: 'jenkins', image: 'jenkins/jenkins:lts', labels }] }), path);
  const summary = await readCapture(path, () => undefined);
  assert.deepEqual(summary.containers.map((container) => [container.id, { ...container.labels }]), [['3f2a9c1b7d4e', labels]]);
  // Without labels the container has none (the JSON says null, as before).
  const plain = join(dir, 'plain.scap');
  await writeCapture(parseCaptureDescription({ ...base, containers: [{ id: ID, name: 'jenkins', image: 'jenkins/jenkins:lts' }] }), plain);
  assert.equal((await readCapture(plain, () => undefined)).containers[0]?.labels, undefined);

  const refused = (labels: unknown): string => {
    try {
      parseCaptureDescription({ ...base, containers: [{ id: ID, name: 'n', image: 'i', labels }] }, 'd.json');
    } catch (error) {
      assert.ok(error instanceof CaptureDescriptionError);
      return error.message;
    }
    return 'accepted';
  };
  assert.match(refused(JSON.parse('{"__proto__": "x"}')), /containers\[0\]\.labels: a label may not be named __proto__/);
  assert.match(refused({ app: 1 }), /containers\[0\]\.labels\.app: /);
  assert.match(refused({ ['k'.repeat(257)]: 'v' }), /containers\[0\]\.labels/);
  assert.match(refused({ k: 'v'.repeat(4097) }), /containers\[0\]\.labels\.k: /);
  assert.match(refused(Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`l${index}`, 'v']))), /containers\[0\]\.labels: at most 100 labels/);
  assert.equal(refused(Object.fromEntries(Array.from({ length: 100 }, (_, index) => [`l${index}`, 'v']))), 'accepted');
});

test('the reader bounds hostile labels: too many, too long, wrongly typed, prototype keys', () => {
  const json = (labels: unknown): string => JSON.stringify({ container: { id: 'abcdef012345', name: 'n', image: 'i', labels } });
  const many = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`k${String(index).padStart(3, '0')}`, 'v']));
  const kept = containerFromJson(json(many))?.labels ?? {};
  assert.equal(Object.keys(kept).length, CONTAINER_LABEL_LIMITS.count);
  assert.equal(Object.keys(kept)[99], 'k099', 'the first labels in key order are kept');
  const sized = containerFromJson(json({ ['k'.repeat(257)]: 'v', long: 'v'.repeat(4097), ok: 'v'.repeat(4096) }))?.labels ?? {};
  assert.deepEqual(Object.keys(sized), ['ok']);
  // A non-string value throws in the container plugin (std::map<string, string>): the container is not added.
  assert.equal(containerFromJson(json({ app: 1 })), undefined);
  assert.equal(containerFromJson(json(['app'])), undefined);
  assert.equal(containerFromJson(json(null))?.labels, undefined);
  const proto = containerFromJson('{"container":{"id":"abcdef012345","labels":{"__proto__":"x","constructor":"y"}}}')?.labels;
  assert.deepEqual(Object.entries(proto ?? {}), [['__proto__', 'x'], ['constructor', 'y']]);
  assert.equal(Object.getPrototypeOf(proto), null);
});

test('real Falco 0.44.1 reads the labels from a written capture: the fixture cases give the same alerts as rules test', async (t) => {
  if (!requireSharedFalco(t)) return;
  const file = await readCaseFile(repoPath('test', 'fixtures', 'rules', 'container_labels.cases.yaml'));
  const results = await runCaseFiles([file]);
  assert.deepEqual(results.map((result) => [result.name, result.ok]), file.cases.map((item) => [item.name, true]));
  const got: string[] = [];
  for (const [index, item] of file.cases.entries()) {
    const capture = join(dir, `case-${index}.scap`);
    await writeCapture(parseCaptureDescription(eventsFromFields(item.events ?? [], (event) => `events[${event}]`)), capture);
    const alerts = await falcoReplay(capture, item.ruleFiles);
    for (const rule of results[index]?.rules ?? []) got.push(`${item.name}: ${rule.rule}: Falco ${alerts.filter((alert) => alert.rule === rule.rule).length}, rules test ${rule.got}`);
    if (index === 0) {
      assert.deepEqual(alerts[0]?.output_fields, {
        'container.id': 'fa7e57000000',
        'container.label[app]': 'jenkins',
        'container.label[com.example/team]': 'ci',
        'container.labels': 'app:jenkins, com.example/team:ci',
        'evt.time': alerts[0]?.output_fields['evt.time'],
      });
    }
  }
  assert.deepEqual(got, [
    'nc in a container labelled app=jenkins: Jenkins Container Runs Netcat: Falco 1, rules test 1',
    'nc in a container labelled app=jenkins: Unlabelled Container Reads Shadow: Falco 0, rules test 0',
    'nc in a container of another app, on the host, and git in the Jenkins container: Jenkins Container Runs Netcat: Falco 0, rules test 0',
    'shadow read in a container without the team label, and in one with it: Unlabelled Container Reads Shadow: Falco 1, rules test 1',
  ]);
});

test('container.label.KEY in a rule: real Falco 0.44.1 refuses to load it, and rules check says so with the bracket form', async (t) => {
  const rules = join(dir, 'dotted.yaml');
  await writeFile(rules, '- rule: Dotted label\n  desc: x\n  condition: evt.type = execve and container.label.app = jenkins\n  output: x\n  priority: WARNING\n');
  const check = await cli(['rules', 'check', rules]);
  assert.equal(check.code, 1);
  assert.match(check.stderr, /error: rule 'Dotted label': condition: field 'container\.label\.app' is not accepted by Falco 0\.44 \(its container plugin takes the key in brackets only\): write container\.label\[app\]/);
  if (!requireSharedFalco(t)) return;
  const capture = join(dir, 'dotted.scap');
  await writeCapture(parseCaptureDescription(eventsFromFields([{ 'evt.type': 'execve', 'container.label.app': 'jenkins' }], String)), capture);
  const falco = await runSharedFalco(replayArgs(capture, [rules]));
  assert.notEqual(falco.code, 0);
  assert.match(falco.stdout + falco.stderr, /container\.label requires an argument but none provided/);
});

test("the issue's example: rules test --event with container.label.app runs, and a rule on the label fires", async () => {
  const example = '{"evt.type":"execve","proc.name":"nc","container.label.app":"jenkins"}';
  const run = await cli(['rules', 'test', '--rules', 'rules/devops_toolchain_rules.yaml', '--event', example]);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { capture: string; summary: { fired: unknown[] } };
  assert.equal(report.capture, '(1 event from field values)');
  assert.deepEqual(report.summary.fired, [], 'no rule of the pack looks at labels; the nc is not under a Jenkins JVM');
  const labelled = await cli(['rules', 'test', '--rules', 'test/fixtures/rules/container_labels.yaml', '--event', example, '--event', '{"evt.type":"execve","proc.name":"nc","container.id":"0123456789ab","container.label[app]":"gitlab"}']);
  assert.equal(labelled.code, 0, labelled.stderr);
  const fired = JSON.parse(labelled.stdout) as { rules: { rule: string; matches: number; events: { output: string }[] }[] };
  const rule = fired.rules.find((entry) => entry.rule === 'Jenkins Container Runs Netcat');
  assert.equal(rule?.matches, 1);
  assert.equal(rule?.events[0]?.output, 'nc in a Jenkins container (app=jenkins team=<NA> labels=app:jenkins container_id=fa7e57000000)');
});

test('real Falco 0.44.1 and rules test print the same label fields for a host process, a container without labels and one with an empty and an io.kubernetes.* label', async (t) => {
  if (!requireSharedFalco(t)) return;
  const rules = join(dir, 'any-nc.yaml');
  await writeFile(rules, '- rule: Any nc\n  desc: x\n  condition: evt.type = execve and proc.name = nc\n  output: "id=%container.id labels=(%container.labels) app=%container.label[app] empty=(%container.label[empty])"\n  priority: WARNING\n');
  const events: FieldEvent[] = [
    { 'evt.type': 'execve', 'proc.name': 'nc' },
    { 'evt.type': 'execve', 'proc.name': 'nc', 'container.id': '0123456789ab' },
    { 'evt.type': 'execve', 'proc.name': 'nc', 'container.id': '3f2a9c1b7d4e', 'container.label.empty': '', 'container.label[io.kubernetes.pod.name]': 'p' },
  ];
  const capture = join(dir, 'any-nc.scap');
  await writeCapture(parseCaptureDescription(eventsFromFields(events, String)), capture);
  const falco = (await falcoReplay(capture, [rules])).map((alert) => alert.output.slice(alert.output.indexOf('id=')));
  const ours = await cli(['rules', 'test', '--rules', rules, capture]);
  assert.equal(ours.code, 0, ours.stderr);
  const outputs = (JSON.parse(ours.stdout) as { rules: { events: { output: string }[] }[] }).rules.flatMap((rule) => rule.events.map((event) => event.output));
  assert.deepEqual(falco, [
    'id=host labels=() app=<NA> empty=(<NA>)',
    'id=0123456789ab labels=() app=<NA> empty=(<NA>)',
    'id=3f2a9c1b7d4e labels=(empty) app=<NA> empty=()',
  ]);
  assert.deepEqual(outputs, falco);
});
