// `falco-actions rules check --assume-falco-defaults` (the CLI bundle, as users run it) and live start's
// pre-flight (src/live/rule-check.ts) are one check (src/rules/check.ts): on every rule file of the
// corpus they give the same verdict, the same errors, the same warnings (start leaves out only those
// whose code concerns evaluating captures), and the same note about names assumed to be in Falco's
// default rules. Without the flag, `rules check` loads the files alone, as `falco -V FILE` does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { checkRuleFiles as checkBeforeStart } from '../../../src/live/rule-check.ts';
import { assumedNamesWarning, checkRuleFiles } from '../../../src/rules/check.ts';
import { formatProblem, problemScope } from '../../../src/rules/index.ts';
import { runCli } from '../../support/cli.ts';
import { repoPath } from '../../support/env.ts';

async function corpus(): Promise<string[][]> {
  const files: string[][] = [];
  for (const folder of ['test/fixtures/rule-files', 'test/fixtures/rule-files/hostile', 'test/fixtures/rules', 'rules']) {
    for (const name of (await readdir(repoPath(folder))).filter((entry) => entry.endsWith('.yaml') && !entry.endsWith('.cases.yaml')).sort()) files.push([join(folder, name)]);
  }
  // As start loads them: the action's packs, then a custom file that uses Falco's default macros.
  files.push(['rules/falco_actions_markers.yaml', 'rules/falco_cicd_rules.yaml', 'test/fixtures/rules/undefined_macro.yaml']);
  return files;
}

const problemLines = (stderr: string, severity: 'error' | 'warning'): string[] => stderr.split('\n').filter((line) => line.includes(`: ${severity}: `) && !line.startsWith('warning: '));

test('rules check --assume-falco-defaults and start agree on every file of the corpus', async () => {
  const sets = await corpus();
  assert.ok(sets.length >= 28, `files: ${sets.length}`);
  let withErrors = 0;
  let withAssumedNames = 0;
  for (const files of sets) {
    const label = files.join(' + ');
    const start = await checkBeforeStart(files);
    const cli = await runCli(['rules', 'check', '--assume-falco-defaults', ...files]);
    assert.equal(cli.code, start.errors.length > 0 ? 1 : 0, `${label}: the same verdict\n${cli.stderr}`);
    assert.deepEqual(problemLines(cli.stderr, 'error'), start.errors.map(formatProblem), `${label}: the same errors`);
    const shared = await checkRuleFiles(files, { assumeFalcoDefaults: true });
    const captureOnly = shared.problems.filter((problem) => problem.severity === 'warning' && problemScope(problem) === 'capture').map(formatProblem);
    assert.deepEqual(
      problemLines(cli.stderr, 'warning').filter((line) => !captureOnly.includes(line)),
      start.warnings,
      `${label}: the same warnings, but for those about evaluating captures`,
    );
    const assumed = assumedNamesWarning(start);
    assert.equal(cli.stderr.split('\n').find((line) => line.startsWith('warning: ')), assumed === undefined ? undefined : `warning: ${assumed}`, `${label}: the same assumed names`);
    if (start.errors.length > 0) withErrors++;
    if (assumed !== undefined) withAssumedNames++;
  }
  assert.ok(withErrors >= 15, `files with errors: ${withErrors}`);
  assert.ok(withAssumedNames >= 3, `files with assumed names: ${withAssumedNames}`);
});

test("one behaviour for a macro of Falco's default rules: an error alone, assumed after the defaults", async () => {
  const file = 'test/fixtures/rule-files/undefined-macro.yaml';
  const alone = await runCli(['rules', 'check', file]);
  assert.equal(alone.code, 1);
  assert.match(alone.stderr, /error: rule 'Shell in job': condition: undefined macro 'spawned_process'/);
  const afterDefaults = await runCli(['rules', 'check', '--assume-falco-defaults', file]);
  assert.equal(afterDefaults.code, 0, afterDefaults.stderr);
  assert.match(afterDefaults.stderr, /^warning: test\/fixtures\/rule-files\/undefined-macro\.yaml uses macro 'spawned_process' without defining them\. Falco loads its default rules/m);
  assert.deepEqual((await checkBeforeStart([file])).errors, []);
});
