// The native engine on the rule-pack job written with the capture writer (test/unit/rules/job.ts):
// alerts in the shape live mode reads (rule, priority, ISO time, pid fields as numbers, null for the
// ancestor levels the process does not have), and a rule file it cannot load named in a UserError.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { nativeEngine } from '../../../src/analyze/engines.ts';
import { isUserError } from '../../../src/action/errors.ts';
import { MAX_ANCESTOR_DEPTH } from '../../../src/falco/alert.ts';
import type { RuleFile } from '../../../src/falco/container.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { repoPath } from '../../support/env.ts';
import { job } from '../rules/job.ts';

const RULE_FILES: RuleFile[] = [
  { hostPath: repoPath('rules/falco_actions_markers.yaml'), origin: 'markers' },
  { hostPath: repoPath('rules/falco_cicd_rules.yaml'), origin: 'cicd' },
];

let dir = '';
let capturePath = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analyze-engines-'));
  capturePath = join(dir, 'packs-job.scap');
  await writeCapture(parseCaptureDescription(job, 'packs job'), capturePath);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('the native engine returns the pack alerts with rule, priority, ISO time and pid fields', async () => {
  const run = await nativeEngine().run(capturePath, RULE_FILES);
  assert.equal(run.image, null);
  assert.deepEqual(run.rulesFiles, RULE_FILES.map((file) => file.hostPath));
  assert.ok(run.notes.some((note) => note.includes("without Falco's default rules")));
  assert.equal(run.alerts.length, 14);
  assert.ok(new Set(run.alerts.map((alert) => alert.rule)).size >= 12);
  for (const alert of run.alerts) {
    assert.match(alert.time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z$/);
    assert.equal(typeof alert.fields['proc.pid'], 'number');
    assert.equal(typeof alert.fields['proc.ppid'], 'number');
    assert.equal(alert.fields['proc.apid[1]'], alert.fields['proc.ppid']);
    assert.equal(alert.fields[`proc.apid[${MAX_ANCESTOR_DEPTH}]`], null);
  }
  // Lines numbered as an events file would be, in event order.
  assert.deepEqual(run.alerts.map((alert) => alert.lineNumber), run.alerts.map((_, index) => index + 1));
  // One alert checked field by field: the memory dump of Runner.Worker by python3 (pid 230, under bash 200).
  const dump = run.alerts.find((alert) => alert.rule === 'Process Dumping Memory of Others');
  assert.ok(dump !== undefined);
  assert.equal(dump.priority, 'critical');
  assert.equal(dump.time, '2025-06-02T09:30:00.012012000Z');
  assert.equal(dump.epochNs, 1748856600012012000n);
  assert.deepEqual(
    [230, 200, 200, 100, 50, 1, null],
    ['proc.pid', 'proc.ppid', 'proc.apid[1]', 'proc.apid[2]', 'proc.apid[3]', 'proc.apid[4]', 'proc.apid[5]'].map((key) => dump.fields[key]),
  );
});

test('a rule file the native engine cannot load fails with a UserError naming it', async () => {
  const broken = join(dir, 'broken_rules.yaml');
  await writeFile(broken, '- rule: Broken\n  desc: no condition\n  condition: proc.name = \n  output: x\n  priority: WARNING\n');
  await assert.rejects(nativeEngine().run(capturePath, [...RULE_FILES, { hostPath: broken, origin: 'custom' }]), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.match(error.message, /cannot be loaded/);
    assert.ok(error.message.includes(broken), error.message);
    return true;
  });
});
