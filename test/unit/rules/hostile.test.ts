// Rule files written to exhaust the checker: macro and list graphs whose paths double at each level,
// chains deeper than the stack, and regexes that backtrack. Bounds are asserted by counts (compiled
// nodes, values, field reads), never by time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { FilterProgram, MAX_MACRO_DEPTH, parseFilter } from '../../../src/filter/index.ts';
import { formatProblem, loadRuleFiles, loadRules, type RuleProblem } from '../../../src/rules/index.ts';
import { allThreads, event, tree } from '../filter/events.ts';
import { repoPath } from '../../support/env.ts';

const HOSTILE = repoPath('test', 'fixtures', 'rule-files', 'hostile');
const errorsOf = (problems: readonly RuleProblem[]): RuleProblem[] => problems.filter((problem) => problem.severity === 'error');

/** An execve event that counts how often a check reads its thread. */
function countingEvent(name: string, args: string[] = []): { event: ReturnType<typeof event>; reads: () => number } {
  const base = event({ symbol: 'SYSCALL_EXECVE_19_X', thread: { ...tree.curl, comm: name, exe: name, args }, table: allThreads, params: {} });
  let reads = 0;
  const counted = new Proxy(base, {
    get(target, key, receiver) {
      if (key === 'thread') reads++;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  return { event: counted, reads: () => reads };
}

test('24 doubling macros are compiled once each and evaluated once each per event', async () => {
  const set = await loadRuleFiles([join(HOSTILE, 'macro-dag.yaml')]);
  assert.deepEqual(errorsOf(set.problems).map(formatProblem), []);
  // 2^24 paths; the DAG has 25 macros of at most 3 nodes each, plus the rule's own 3.
  assert.equal(set.compiled.macros, 25);
  assert.ok(set.compiled.nodes <= 25 * 3 + 3, `compiled nodes: ${set.compiled.nodes}`);
  const rule = set.rules[0]!;
  const probe = countingEvent('curl');
  assert.equal(rule.predicate!(probe.event), false);
  assert.ok(probe.reads() <= 4, `thread reads for one event: ${probe.reads()}`);
  const hit = countingEvent('never-this-name');
  assert.equal(rule.predicate!(hit.event), true);
  // A second evaluation answers afresh (the shared answers belong to one evaluation).
  assert.equal(rule.predicate!(probe.event), false);
});

test('24 doubling lists expand to their 2 distinct values', async () => {
  const set = await loadRuleFiles([join(HOSTILE, 'list-dag.yaml')]);
  assert.deepEqual(errorsOf(set.problems).map(formatProblem), []);
  assert.ok(set.compiled.listValues <= 25 * 2, `list values expanded: ${set.compiled.listValues}`);
  assert.equal(set.rules[0]!.predicate!(countingEvent('nor-this').event), true);
  assert.equal(set.rules[0]!.predicate!(countingEvent('curl').event), false);
});

test(`a macro chain deeper than ${MAX_MACRO_DEPTH} is an error naming the file and the macro`, async () => {
  const file = join(HOSTILE, 'macro-chain-too-deep.yaml');
  const set = await loadRuleFiles([file]);
  const errors = errorsOf(set.problems).map(formatProblem);
  assert.equal(errors.length, 2, errors.join('\n'));
  assert.match(errors[0]!, new RegExp(`^${file}:\\d+:\\d+: error: macro 'chain${MAX_MACRO_DEPTH - 1}' \\(used by rule 'deep chain'\\): condition: macro 'chain${MAX_MACRO_DEPTH}' is nested more than ${MAX_MACRO_DEPTH} macros deep`));
  assert.match(errors[1]!, /rule 'deep chain': condition uses macro 'chain0', which cannot be compiled/);
});

test('chains of 20000 macros and 20000 lists are errors, not a stack overflow', () => {
  const depth = 20_000;
  const macros = Array.from({ length: depth }, (_, n) => `- macro: c${n}\n  condition: ${n + 1 < depth ? `c${n + 1}` : 'proc.name = x'}`);
  const lists = Array.from({ length: depth }, (_, n) => `- list: l${n}\n  items: [${n + 1 < depth ? `l${n + 1}` : 'x'}]`);
  const rules = [
    '- rule: macros\n  desc: d\n  condition: evt.type = execve and c0\n  output: o\n  priority: WARNING',
    '- rule: lists\n  desc: d\n  condition: evt.type = execve and proc.name in (l0)\n  output: o\n  priority: WARNING',
  ];
  const set = loadRules([{ file: 'deep.yaml', text: [...macros, ...lists, ...rules].join('\n') }]);
  const errors = errorsOf(set.problems).map(formatProblem);
  assert.ok(errors.some((error) => /^deep\.yaml:\d+:\d+: error: macro 'c63' \(used by rule 'macros'\): condition: macro 'c64' is nested more than 64 macros deep/.test(error)), errors.join('\n'));
  assert.ok(errors.some((error) => /rule 'lists': condition: list 'l64' is nested more than 64 lists deep/.test(error)), errors.join('\n'));
});

test('a shared program compiles a macro used by many conditions once', () => {
  const program = new FilterProgram({ macros: new Map([['spawned', parseFilter('evt.type = execve')]]) });
  for (let index = 0; index < 100; index++) program.compile(`spawned and proc.name = p${index}`);
  assert.equal(program.stats.macros, 1);
  assert.equal(program.stats.nodes, 100 * 3 + 1);
});

test('regex: the nested pattern loads and runs linearly; a lookahead is an error naming file, rule and regex', async () => {
  const nested = await loadRuleFiles([join(HOSTILE, 'regex-nested.yaml')]);
  assert.deepEqual(errorsOf(nested.problems).map(formatProblem), []);
  assert.equal(nested.rules[0]!.predicate!(countingEvent('echo', [`${'a'.repeat(33)}!`]).event), false);
  assert.equal(nested.rules[0]!.predicate!(countingEvent('echo', ['a'.repeat(100_000)]).event), true);
  const file = join(HOSTILE, 'regex-lookahead.yaml');
  const refused = await loadRuleFiles([file]);
  assert.deepEqual(errorsOf(refused.problems).map(formatProblem), [
    `${file}:4:14: error: rule 'lookahead': condition: invalid regex pattern "(?=c)curl": missing argument to repetition operator: ? at 1:23 (offset 22)`,
  ]);
});
