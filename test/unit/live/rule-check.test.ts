import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { assumedNamesWarning, checkRuleFiles, checkRuleSources, DEFAULTS_PLACEHOLDER_FILE, ruleErrorsMessage } from '../../../src/live/rule-check.ts';
import { repoPath } from '../../support/env.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-rule-check-'));
after(() => rm(scratch, { recursive: true, force: true }));

const rule = (name: string, condition: string, extra = ''): string =>
  `- rule: ${name}\n  desc: d\n  condition: ${condition}\n  output: seen (proc.name=%proc.name)\n  priority: WARNING\n${extra}`;

describe('rule files checked before Falco starts', () => {
  it("accepts the action's own packs together, with nothing to warn about", async () => {
    const check = await checkRuleFiles([repoPath('rules', 'falco_actions_markers.yaml'), repoPath('rules', 'falco_cicd_rules.yaml')]);
    assert.deepEqual(check.errors, []);
    assert.deepEqual(check.warnings, []);
    assert.deepEqual(check.assumed, { macros: [], lists: [], rules: [] });
    assert.ok(check.rules >= 10, String(check.rules));
  });

  it('a condition that does not parse is an error at its file and line', () => {
    const text = `# tuning\n${rule('Fine', 'evt.type = execve and proc.name = a')}\n${rule('Broken', 'evt.type in (execve, execveat and proc.name = bash')}`;
    const check = checkRuleSources([{ file: 'custom.yaml', text }]);
    assert.equal(check.errors.length, 1, JSON.stringify(check.errors));
    assert.equal(check.errors[0]!.file, 'custom.yaml');
    assert.equal(check.errors[0]!.line, 10);
    assert.match(check.errors[0]!.message, /^rule 'Broken': condition: /);
    const message = ruleErrorsMessage(check);
    assert.match(message, /^The rule file custom\.yaml has an error that Falco would refuse .*no Falco container was started:\ncustom\.yaml:10:14: error: rule 'Broken': condition: /);
    assert.match(message, /rules check FILE/);
  });

  it('certain errors stay errors: bad priority, unknown field, YAML error, a rule defined twice across our files', () => {
    const check = checkRuleSources([
      { file: 'a.yaml', text: rule('Twice', 'evt.type = execve') + rule('Loud', 'evt.type = execve').replace('WARNING', 'LOUD') },
      { file: 'b.yaml', text: rule('Twice', 'evt.type = execve') + rule('Typo', 'evt.type = execve and proc.nmae = x') },
      { file: 'c.yaml', text: '- rule: x\n  desc: [unclosed\n' },
    ]);
    const messages = check.errors.map((problem) => `${problem.file}: ${problem.message}`);
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0]!, /^a\.yaml: rule 'Loud': invalid priority 'LOUD'/);
    assert.match(messages[1]!, /^b\.yaml: rule 'Twice': defined twice \(first at a\.yaml:1\)/);
    assert.match(messages[2]!, /^b\.yaml: rule 'Typo': condition: .*proc\.nmae/);
    assert.match(messages[3]!, /^c\.yaml: YAML: /);
  });

  it("names Falco's default rules define are assumed, warned about once, and the rest of the file is still checked", () => {
    const text = [
      rule('Shell In Build', 'spawned_process and proc.name in (shell_binaries) and not container and proc.pname in (my_parents)'),
      '- list: my_parents\n  items: [make]\n',
      '- list: known_shell_spawn_binaries\n  items: [my-tool]\n  override:\n    items: append\n',
      '- macro: user_known_write_below_binary_dir_activities\n  condition: (proc.name = my-installer)\n  override:\n    condition: replace\n',
      '- rule: Terminal shell in container\n  enabled: false\n',
      '- rule: Write below etc\n  condition: and not proc.name = my-tool\n  override:\n    condition: append\n',
      '- rule: Read sensitive file untrusted\n  exceptions:\n    - name: known_readers\n      values: [[my-tool]]\n  override:\n    exceptions: append\n',
      // An error after the unknown macro is still found: the placeholder lets compilation go on.
      rule('Still Checked', 'spawned_process and proc.nmae = x'),
    ].join('\n');
    const check = checkRuleSources([{ file: 'custom.yaml', text }]);
    assert.deepEqual(check.assumed, {
      macros: ['container', 'spawned_process', 'user_known_write_below_binary_dir_activities'],
      lists: ['known_shell_spawn_binaries'],
      rules: ['Read sensitive file untrusted', 'Terminal shell in container', 'Write below etc'],
    });
    assert.equal(check.errors.length, 1, JSON.stringify(check.errors));
    assert.match(check.errors[0]!.message, /^rule 'Still Checked': condition: .*proc\.nmae/);
    assert.ok(check.errors.every((problem) => problem.file !== DEFAULTS_PLACEHOLDER_FILE));
    const warning = assumedNamesWarning(check);
    assert.match(warning ?? '', /^custom\.yaml uses macros 'container', 'spawned_process', .*; list 'known_shell_spawn_binaries'; rules 'Read sensitive file untrusted', 'Terminal shell in container', 'Write below etc' \(appended to, overridden or switched on\/off\) without defining them\. Falco loads its default rules/);
    // The exception appended to a default rule cannot be checked either: a warning, not an error.
    assert.ok(check.warnings.some((text) => /exception 'known_readers'.*Falco's default rule/.test(text)), check.warnings.join('\n'));
  });

  it('an appended condition that does not parse is an error where the file appends it', () => {
    const text = '- macro: spawned_process\n  condition: and and proc.name = x\n  append: true\n';
    const check = checkRuleSources([{ file: 'custom.yaml', text }]);
    assert.deepEqual(check.assumed.macros, ['spawned_process']);
    assert.equal(check.errors.length, 1, JSON.stringify(check.errors));
    assert.equal(check.errors[0]!.file, 'custom.yaml');
    assert.equal(check.errors[0]!.line, 1);
    assert.match(check.errors[0]!.message, /^macro 'spawned_process': condition: .*after appending to macro 'spawned_process', which Falco's default rules would define/);
  });

  it('warnings that matter for the job are kept; those only about evaluating captures or unused names are left out', () => {
    const text = [
      rule('Typo Key', 'evt.type = execve and proc.name = a', '  enable: false\n'),
      rule('No Event Type', 'proc.name = a'),
      rule('Tty', 'evt.type = execve and proc.tty != 0'),
      '- list: unused_here\n  items: [a]\n',
    ].join('\n');
    const check = checkRuleSources([{ file: 'custom.yaml', text }]);
    assert.deepEqual(check.errors, []);
    assert.equal(check.warnings.length, 2, check.warnings.join('\n'));
    assert.match(check.warnings[0]!, /^custom\.yaml:6:11: warning: rule 'Typo Key': unknown key 'enable'/);
    assert.match(check.warnings[1]!, /rule 'No Event Type': condition does not restrict evt\.type/);
    assert.equal(assumedNamesWarning(check), undefined);
  });

  it("an error in the action's own files is reported as the action's bug, not the user's to fix", () => {
    const check = checkRuleSources([{ file: '/action/rules/falco_cicd_rules.yaml', text: rule('Loud', 'evt.type = execve').replace('WARNING', 'LOUD') }]);
    const message = ruleErrorsMessage(check, ['/action/rules/falco_cicd_rules.yaml']);
    assert.match(message, /\n\/action\/rules\/falco_cicd_rules\.yaml comes with falco-actions: please report this as a bug\. .*cicd-rules: false/);
    assert.doesNotMatch(message, /custom-rule-file/);
  });

  it('an unreadable file is an error naming it', async () => {
    const check = await checkRuleFiles([join(scratch, 'absent.yaml')]);
    assert.equal(check.errors.length, 1);
    assert.match(ruleErrorsMessage(check), /absent\.yaml: error: cannot read the rules file: no such file/);
  });

  it('files are checked together in load order: a later file may use an earlier one', async () => {
    const first = join(scratch, 'first.yaml');
    const second = join(scratch, 'second.yaml');
    await writeFile(first, '- macro: my_tools\n  condition: proc.name in (a, b)\n');
    await writeFile(second, rule('Uses Earlier', 'evt.type = execve and my_tools'));
    const check = await checkRuleFiles([first, second]);
    assert.deepEqual(check.errors, []);
    assert.deepEqual(check.assumed.macros, []);
  });
});
