// The shipped rule packs outside our CI: they load alone (they are self-contained, so `rules check` needs
// no --assume-falco-defaults for them) and after Falco 0.44.1's default rules, as Falco loads them (the
// default rules file first, then the packs), and they take none of its names. `falco-actions rules check`
// and the real Falco binary (`falco -V`, ../shared/falco/0.44.1) give the same verdict on each
// combination, including ones that must fail (the tuning example alone appends to a macro no earlier
// file defines).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { checkRuleFiles } from '../../../src/rules/check.ts';
import { loadRuleFiles } from '../../../src/rules/index.ts';
import { repoPath, requireSharedFalco } from '../../support/env.ts';
import { falcoValidate } from '../../support/falco-replay.ts';

const DEFAULTS = 'test/fixtures/falco-rules/falco_rules.yaml';
const MARKERS = 'rules/falco_actions_markers.yaml';
const CICD = 'rules/falco_cicd_rules.yaml';
const DEVOPS = 'rules/devops_toolchain_rules.yaml';
const TUNING = 'rules/examples/tune_pytest_connections.yaml';

/** Each combination in load order, and whether it must load. */
const COMBINATIONS: [files: string[], loads: boolean][] = [
  [[DEFAULTS], true],
  [[MARKERS], true],
  [[CICD], true],
  [[DEVOPS], true],
  [[DEFAULTS, MARKERS], true],
  [[DEFAULTS, CICD], true],
  [[DEFAULTS, DEVOPS], true],
  [[DEFAULTS, MARKERS, CICD, DEVOPS], true],
  [[DEFAULTS, MARKERS, CICD, DEVOPS, TUNING], true],
  [[CICD, TUNING], true],
  [[TUNING], false],
  [[DEFAULTS, TUNING], false],
];

test("the fixture is Falco 0.44.1's default rules file, with the hash its provenance names", async () => {
  const bytes = await readFile(repoPath(DEFAULTS));
  const provenance = await readFile(repoPath('test/fixtures/falco-rules/PROVENANCE.md'), 'utf8');
  const named = /sha256: `([0-9a-f]{64})`/.exec(provenance)?.[1];
  assert.equal(createHash('sha256').update(bytes).digest('hex'), named);
  assert.match(provenance, /falco-rules-5\.1\.0/);
  assert.match(provenance, /6cbb113dd3fbcaf157c077414a57d2180f3e0eec/);
  assert.match(provenance, /License: Apache-2\.0/);
  assert.match(bytes.toString('utf8'), /^# SPDX-License-Identifier: Apache-2\.0/);
});

test('rules check: each pack alone (no --assume-falco-defaults), and after the default rules', async () => {
  for (const [files, loads] of COMBINATIONS) {
    const result = await checkRuleFiles(files.map((file) => repoPath(file)));
    const errors = result.problems.filter((problem) => problem.severity === 'error');
    assert.equal(errors.length === 0, loads, `${files.join(' + ')}: ${JSON.stringify(errors.map((problem) => problem.message))}`);
    if (loads) assert.deepEqual(result.assumed, { macros: [], lists: [], rules: [] }, files.join(' + '));
  }
  const all = await checkRuleFiles([DEFAULTS, MARKERS, CICD, DEVOPS].map((file) => repoPath(file)));
  const packsAlone = await Promise.all([MARKERS, CICD, DEVOPS].map((file) => checkRuleFiles([repoPath(file)])));
  const defaultsAlone = await checkRuleFiles([repoPath(DEFAULTS)]);
  assert.equal(all.rules, defaultsAlone.rules + packsAlone.reduce((total, check) => total + check.rules, 0), 'every rule of every file is loaded once');
});

test("the packs define no macro, list or rule of Falco's default rules (they would replace it)", async () => {
  const defaults = await loadRuleFiles([repoPath(DEFAULTS)]);
  const taken = new Set([...defaults.macros.keys(), ...defaults.lists.keys(), ...defaults.rules.map((rule) => rule.name)]);
  assert.ok(taken.size > 150, `default names: ${taken.size}`);
  for (const pack of [MARKERS, CICD, DEVOPS]) {
    const set = await loadRuleFiles([repoPath(pack)]);
    const names = [...set.macros.keys(), ...set.lists.keys(), ...set.rules.map((rule) => rule.name)];
    assert.deepEqual(names.filter((name) => taken.has(name)), [], pack);
  }
});

test('real Falco 0.44.1 (falco -V) gives the same verdict as rules check on every combination', async (t) => {
  if (!requireSharedFalco(t)) return;
  for (const [files, loads] of COMBINATIONS) {
    const ours = await checkRuleFiles(files.map((file) => repoPath(file)));
    const oursLoads = !ours.problems.some((problem) => problem.severity === 'error');
    const { run, result } = await falcoValidate(files.map((file) => repoPath(file)));
    const falcoLoads = run.code === 0 && result.falco_load_results.every((file) => file.successful);
    assert.equal(falcoLoads, oursLoads, `${files.join(' + ')}: falco -V exit ${run.code}, rules check ${oursLoads ? 'OK' : 'errors'}\n${run.stdout.slice(-3000)}`);
    assert.equal(oursLoads, loads, files.join(' + '));
    assert.deepEqual(result.falco_load_results.map((file) => file.name), files.map((file) => repoPath(file)));
    if (!loads) {
      const codes = result.falco_load_results.flatMap((file) => file.errors.map((error) => error.code));
      assert.deepEqual(codes, ['LOAD_ERR_VALIDATE'], files.join(' + '));
      assert.ok(ours.problems.some((problem) => problem.severity === 'error' && problem.code === 'LOAD_ERR_NO_EARLIER_DEFINITION'), files.join(' + '));
    }
  }
});
