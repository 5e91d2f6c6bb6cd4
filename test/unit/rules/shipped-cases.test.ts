// The cases shipped next to the rule packs (rules/*.cases.yaml) pass, and cover every rule: each rule of
// each pack has at least one case where it must fire and one where it must not. A new rule without
// cases, or a pack without a case file, fails here.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { readCaseFile, renderCaseResults, runCaseFiles, type CaseFile, type CaseResult } from '../../../src/rules/cases.ts';
import { loadRuleFiles } from '../../../src/rules/index.ts';
import { repoPath } from '../../support/env.ts';

const RULES_DIR = repoPath('rules');
let packs: string[];
let caseFiles: CaseFile[];
let results: CaseResult[];

before(async () => {
  const entries = await readdir(RULES_DIR);
  packs = entries.filter((name) => name.endsWith('.yaml') && !name.endsWith('.cases.yaml')).sort();
  caseFiles = await Promise.all(entries.filter((name) => name.endsWith('.cases.yaml')).sort().map((name) => readCaseFile(join(RULES_DIR, name))));
  results = await runCaseFiles(caseFiles);
});

test('every pack has a case file next to it', () => {
  assert.deepEqual(packs, ['devops_toolchain_rules.yaml', 'falco_actions_markers.yaml', 'falco_cicd_rules.yaml']);
  assert.deepEqual(
    caseFiles.map((file) => file.file),
    packs.map((pack) => join(RULES_DIR, pack.replace(/\.yaml$/, '.cases.yaml'))),
  );
});

test('every shipped case passes', () => {
  const failed = results.filter((result) => !result.ok);
  assert.equal(failed.length, 0, renderCaseResults(failed));
  assert.ok(results.length >= 42, `cases: ${results.length}`);
});

test('every rule of every pack has a positive and a negative case that load its pack', async () => {
  const uncovered: string[] = [];
  let rules = 0;
  for (const pack of packs) {
    const path = join(RULES_DIR, pack);
    const set = await loadRuleFiles([path]);
    assert.deepEqual(set.problems.filter((problem) => problem.severity === 'error'), [], pack);
    const cases = caseFiles.flatMap((file) => file.cases).filter((item) => item.ruleFiles.includes(path));
    for (const rule of set.rules) {
      rules++;
      const positive = cases.some((item) => (item.expect.fire[rule.name] ?? 0) >= 1);
      const negative = cases.some((item) => item.expect.not_fire.includes(rule.name));
      if (!positive) uncovered.push(`${pack}: ${JSON.stringify(rule.name)} has no case where it must fire`);
      if (!negative) uncovered.push(`${pack}: ${JSON.stringify(rule.name)} has no case where it must not fire`);
    }
  }
  assert.deepEqual(uncovered, []);
  assert.equal(rules, 20);
});

test('the tuning walkthrough: the alert before the appended macro, none after, other interpreters still caught', () => {
  const byName = new Map(results.map((result) => [result.name, result]));
  const before = byName.get('tuning, before: an integration test suite calling a real API alerts');
  const after = byName.get('tuning, after: the appended macro silences pytest, a perl one-liner still fires');
  assert.ok(before?.ok && after?.ok);
  const tuned = caseFiles.flatMap((file) => file.cases).find((item) => item.name === after?.name);
  assert.ok(tuned?.ruleFiles.some((file) => file.endsWith('rules/examples/tune_pytest_connections.yaml')));
  // The same pytest event fires without the tuning file: the "after" case passes because of the macro.
  assert.equal(before.rules[0]?.got, 1);
  assert.equal(after.rules[0]?.got, 1);
});
