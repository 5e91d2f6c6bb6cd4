import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { conditionWithExceptions, formatProblem, loadRuleFiles, loadRules, type RuleSet } from '../../../src/rules/index.ts';
import { event, tree, allThreads } from '../filter/events.ts';
import { repoPath } from '../../support/env.ts';

const CORPUS = relative(process.cwd(), repoPath('test/fixtures/rule-files')) || '.';

test('the broken rule-file corpus gives exactly the expected file:line errors', async () => {
  const expected = JSON.parse(await readFile(join(CORPUS, 'expected-errors.json'), 'utf8')) as Record<string, string[]>;
  const files = (await readdir(CORPUS)).filter((name) => name.endsWith('.yaml')).sort();
  assert.deepEqual(files, Object.keys(expected).sort(), 'every broken file has its expectation');
  for (const file of files) {
    const set = await loadRuleFiles([join(CORPUS, file)]);
    const errors = set.problems.filter((problem) => problem.severity === 'error').map((problem) => formatProblem(problem).replaceAll(`${CORPUS}/`, ''));
    assert.deepEqual(errors, expected[file], file);
  }
});

function load(text: string, more: string[] = []): RuleSet {
  return loadRules([{ file: 'a.yaml', text }, ...more.map((extra, index) => ({ file: `more${index}.yaml`, text: extra }))]);
}
function errors(set: RuleSet): string[] {
  return set.problems.filter((problem) => problem.severity === 'error').map(formatProblem);
}

const base = `
- list: tools
  items: [curl, wget]
- macro: spawned
  condition: evt.type = execve and evt.res = SUCCESS
- rule: Tool
  desc: a tool ran
  condition: spawned and proc.name in (tools)
  output: tool %proc.name
  priority: info
  tags: [a]
`;

test('append and override follow Falco', () => {
  let set = load(base, [`
- list: tools
  items: [nc]
  override:
    items: append
- macro: spawned
  condition: and proc.pname = bash
  append: true
- rule: Tool
  condition: and not proc.cmdline contains safe
  output: (more)
  tags: [b]
  override:
    condition: append
    output: append
    tags: append
- rule: Tool
  priority: ERROR
  override:
    priority: replace
`]);
  assert.deepEqual(errors(set), []);
  const rule = set.rules[0];
  assert.equal(rule?.condition, 'spawned and proc.name in (tools) and not proc.cmdline contains safe');
  assert.equal(rule?.output, 'tool %proc.name (more)');
  assert.deepEqual(rule?.tags, ['a', 'b']);
  assert.equal(rule?.priority, 'error');
  assert.equal(set.macros.get('spawned')?.condition, 'evt.type = execve and evt.res = SUCCESS and proc.pname = bash');
  assert.deepEqual(set.lists.get('tools')?.items, ['curl', 'wget', 'nc']);
  const nc = event({ symbol: 'SYSCALL_EXECVE_19_X', thread: { ...tree.curl, comm: 'nc', args: ['-l'] }, table: allThreads, params: { res: 0 } });
  assert.equal(rule?.predicate?.(nc), true);

  set = load(base, [`
- rule: Tool
  enabled: false
- list: tools
  items: [perl]
  override:
    items: replace
`]);
  assert.deepEqual(errors(set), []);
  assert.equal(set.rules[0]?.enabled, false);
  assert.deepEqual(set.lists.get('tools')?.items, ['perl']);
  assert.match(errors(load(base, ['- rule: Tool\n  priority: ERROR\n  override:\n    priority: append\n'])).join(), /key 'priority' cannot be appended to, use 'replace' instead/);
  assert.match(errors(load(base, ['- macro: nothing\n  condition: x\n  append: true\n'])).join(), /more0.yaml:1:3: error: macro 'nothing': no earlier definition to append to/);
});

test('exceptions: condition text built as Falco builds it, and values appended by name', () => {
  assert.equal(
    conditionWithExceptions('evt.type = openat', [
      { name: 'pairs', fields: ['proc.name', 'fd.name'], comps: ['=', 'startswith'], values: [['cat', '/etc'], ['my tool', '/tmp']] },
      { name: 'single', fields: 'proc.pname', values: ['bash', 'zsh shell'] },
      { name: 'list_value', fields: ['proc.name', 'fd.directory'], comps: ['in', '='], values: [[['a', 'b'], '/x']] },
      { name: 'empty', fields: ['proc.name'], values: [] },
    ]),
    // Falco's own spacing (rule_loader_compiler.cpp build_rule_exception_infos), double blanks included.
    '(evt.type = openat) and not (( proc.name = cat and  fd.name startswith /etc) or ( proc.name = "my tool" and  fd.name startswith /tmp))' +
      ' and not (proc.pname in (bash, "zsh shell")) and not (( proc.name in (a, b) and  fd.directory = /x))',
  );
  const set = load(`
- rule: Opens
  desc: opens
  condition: evt.type = openat
  exceptions:
    - name: readers
      fields: [proc.name, fd.name]
      comps: [=, startswith]
      values:
        - [cat, /etc]
  output: open %fd.name
  priority: NOTICE
- rule: Opens
  exceptions:
    - name: readers
      values:
        - [curl, /home]
  override:
    exceptions: append
`);
  assert.deepEqual(errors(set), []);
  assert.equal(set.rules[0]?.condition, '(evt.type = openat) and not (( proc.name = cat and  fd.name startswith /etc) or ( proc.name = curl and  fd.name startswith /home))');
  const open = (comm: string, name: string) =>
    event({ symbol: 'SYSCALL_OPENAT_2_X', thread: { ...tree.curl, comm }, table: allThreads, fd: { num: 3, kind: 'file', typechar: 'f', name }, params: { fd: 3, name, flags: 1 } });
  assert.equal(set.rules[0]?.predicate?.(open('cat', '/etc/passwd')), false);
  assert.equal(set.rules[0]?.predicate?.(open('curl', '/home/runner/x')), false);
  assert.equal(set.rules[0]?.predicate?.(open('curl', '/etc/passwd')), true);
});

test('an error inside an exception points at the exceptions, not the condition', () => {
  const set = load(`
- rule: Bad exception field
  desc: x
  condition: evt.type = openat
  exceptions:
    - name: bad
      fields: [proc.nam]
      values:
        - [cat]
  output: x
  priority: NOTICE
`);
  assert.deepEqual(errors(set), ["a.yaml:6:5: error: rule 'Bad exception field': condition: field 'proc.nam' is not a Falco field (a typo?) and not one we can evaluate at 1:32 (offset 31)"]);
});

test('warnings for keys and items Falco ignores, rules of other sources are not compiled', () => {
  const set = load(`
- rule: K8s
  desc: audit
  condition: ka.verb = create
  output: "%ka.user.name"
  priority: NOTICE
  source: k8s_audit
  colour: red
- something: else
`);
  assert.deepEqual(errors(set), []);
  assert.deepEqual(set.problems.map((problem) => problem.message), [
    "rule 'K8s': source 'k8s_audit' is not evaluated here (only syscall rules are checked)",
    "rule 'K8s': unknown key 'colour' (Falco ignores it)",
    "unknown top level item with keys 'something' (Falco ignores it)",
  ]);
  assert.equal(set.rules[0]?.predicate, undefined);
});

test('an unreadable file is a problem naming the file', async () => {
  const set = await loadRuleFiles(['/nonexistent/rules.yaml']);
  assert.deepEqual(errors(set), ['/nonexistent/rules.yaml: error: cannot read the rules file: no such file']);
});

test('a Falco field we cannot evaluate: a warning for check, the rule skipped (and said so) by rules test', async () => {
  const set = await loadRuleFiles([join(CORPUS, 'falco-field-we-cannot-evaluate.yaml')]);
  assert.deepEqual(errors(set), []);
  assert.deepEqual(set.problems.map(formatProblem), [
    `${CORPUS}/falco-field-we-cannot-evaluate.yaml:5:14: warning: rule 'Shell with a terminal': uses the Falco field 'proc.tty', which falco-actions cannot evaluate on a capture; \`rules test\` skips this rule`,
    `${CORPUS}/falco-field-we-cannot-evaluate.yaml:6:11: warning: rule 'Shell with a terminal': output: Falco fields falco-actions cannot fill in print <NA> in \`rules test\`: proc.tty`,
  ]);
  assert.equal(set.rules[0]?.predicate, undefined);
  assert.match(set.rules[0]?.skipped ?? '', /proc.tty/);
});

test("Falco's load warnings: unused macros and lists, rules that do not restrict evt.type", () => {
  const set = load(`
- list: unused_list
  items: [a]
- list: inner
  items: [b]
- list: outer
  items: [inner, c]
- macro: unused_macro
  condition: proc.name = x
- macro: used
  condition: proc.name in (outer)
- rule: Everything
  desc: no evt.type
  condition: used
  output: "%proc.name"
  priority: DEBUG
- rule: Negated
  desc: mentions evt.type
  condition: not evt.type = read and used
  output: "%proc.name"
  priority: DEBUG
`);
  assert.deepEqual(errors(set), []);
  assert.deepEqual(set.problems.map(formatProblem), [
    "a.yaml:2:3: warning: list 'unused_list' is not used by any rule or macro",
    "a.yaml:8:3: warning: macro 'unused_macro' is not used by any rule",
    "a.yaml:14:14: warning: rule 'Everything': condition does not restrict evt.type, so Falco evaluates it on every event (slow); add e.g. evt.type in (...)",
  ]);
});
