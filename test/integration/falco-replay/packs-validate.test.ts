// The real Falco 0.44.1 validates our rule packs: `falco -V` on each pack alone and on all of them after
// Falco's default rules (etc/falco/falco_rules.yaml of the shared build, container plugin loaded through
// its config.d, as live mode runs them), and a `--dry-run` start with those rule files. Zero errors, and
// no warning that is not on the allow-list below (each entry says why we keep it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRules } from '../../../src/rules/index.ts';
import { repoPath, requireSharedFalco, sharedFalcoDir } from '../../support/env.ts';
import { falcoValidate, runSharedFalco, type FalcoValidation } from '../../support/falco-replay.ts';

const PACKS = ['rules/falco_actions_markers.yaml', 'rules/falco_cicd_rules.yaml', 'rules/devops_toolchain_rules.yaml'].map((file) => repoPath(file));
const DEFAULT_RULES = (): string => join(sharedFalcoDir(), 'etc', 'falco', 'falco_rules.yaml');

/**
 * Warnings we decided to keep, as "file basename: CODE: item name". Empty: every pack loads without a
 * warning, alone and after the default rules. Add an entry only with a comment saying why.
 */
const ALLOWED_WARNINGS: ReadonlySet<string> = new Set<string>([]);

function findings(result: FalcoValidation): { errors: string[]; warnings: string[] } {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const file of result.falco_load_results) {
    const base = file.name.split('/').at(-1) ?? file.name;
    const describe = (item: FalcoValidation['falco_load_results'][number]['errors'][number]) =>
      `${base}: ${item.code}: ${item.context?.locations.map((location) => location.item_name).filter((name) => name !== '').join(' > ') ?? ''}`;
    if (!file.successful) errors.push(`${base}: not loaded`);
    errors.push(...file.errors.map((item) => `${describe(item)}: ${item.message}`));
    warnings.push(...file.warnings.map(describe).filter((warning) => !ALLOWED_WARNINGS.has(warning)));
    warnings.push(...file.schema_warnings.map((warning) => `${base}: schema: ${JSON.stringify(warning)}`));
  }
  return { errors, warnings };
}

for (const pack of PACKS) {
  test(`falco -V accepts ${pack.split('/').at(-1)} alone without errors or unexpected warnings`, async (t) => {
    if (!requireSharedFalco(t)) return;
    const { run, result } = await falcoValidate([pack]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(result.falco_load_results.map((file) => file.name), [pack]);
    assert.deepEqual(findings(result), { errors: [], warnings: [] });
  });
}

test('falco -V accepts the default rules followed by all our packs, loaded together', async (t) => {
  if (!requireSharedFalco(t)) return;
  const { run, result } = await falcoValidate([DEFAULT_RULES(), ...PACKS]);
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(result.falco_load_results.map((file) => file.name), [DEFAULT_RULES(), ...PACKS]);
  assert.deepEqual(findings(result), { errors: [], warnings: [] });
});

test('falco --dry-run starts with the default rules and our packs (configuration, plugin and rules load)', async (t) => {
  if (!requireSharedFalco(t)) return;
  const rules = [DEFAULT_RULES(), ...PACKS].flatMap((file) => ['-r', file]);
  const run = await runSharedFalco(['--dry-run', ...rules]);
  assert.equal(run.code, 0, run.stderr);
  for (const pack of PACKS) assert.match(run.stderr + run.stdout, new RegExp(`${pack.split('/').at(-1)!.replace('.', '\\.')}`));
  assert.doesNotMatch(run.stderr + run.stdout, /Error|LOAD_ERR|Warnings:/);
});

test('the check can fail: a broken file is an error, evt.dir a warning, worded as our rules check words it', async (t) => {
  if (!requireSharedFalco(t)) return;
  const broken = await falcoValidate([repoPath('test/fixtures/rule-files/undefined-macro.yaml')]);
  assert.ok(findings(broken.result).errors.length > 0);
  const dir = await mkdtemp(join(tmpdir(), 'falco-actions-validate-'));
  try {
    const file = join(dir, 'dir.yaml');
    const text = '- rule: enter opens\n  desc: d\n  condition: evt.type = open and evt.dir = >\n  output: "%evt.num %evt.dir"\n  priority: WARNING\n';
    await writeFile(file, text);
    const { result } = await falcoValidate([file]);
    const theirs = result.falco_load_results.flatMap((entry) => entry.warnings).map((warning) => `${warning.code}: ${warning.message}`).sort();
    assert.equal(theirs.length, 2);
    assert.deepEqual(findings(result).warnings.length, 2);
    const ours = loadRules([{ file, text }])
      .problems.map((problem) => problem.message.replace(/^rule 'enter opens': /, '').replace(/ \(Used deprecated item: field 'evt\.dir'\)/, ''))
      .sort();
    assert.deepEqual(ours, theirs);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
