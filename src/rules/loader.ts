// Loads Falco rule files the way Falco's rule loader does, along its seams (falcosecurity/falco
// userspace/engine/rule_loader_reader.cpp, rule_loader_collector.cpp, rule_loader_compiler.cpp):
// reader.ts (YAML to items with positions), collector.ts (append/override/enabled; rules, macros and
// lists by name), compiler.ts (conditions and outputs to evaluators, Falco's warnings). A broken file is
// refused with file:line errors, each with a stable code (problems.ts), before Falco silently loads
// nothing.
import { readFile } from 'node:fs/promises';
import { isSystemError, systemErrorWords } from '../scap/errno.ts';
import { falcoEventModel, type FalcoEventModel } from './falco-version.ts';
import { RuleCollector } from './collector.ts';
import { RuleCompiler, type RuleSet } from './compiler.ts';
import { ProblemSink, type RuleProblem } from './problems.ts';
import { readRuleItems, type RuleSource } from './reader.ts';

export type { LoadedRule, RuleSet } from './compiler.ts';
export { conditionWithExceptions } from './compiler.ts';
export type { RuleSource } from './reader.ts';
export { formatProblem, PROBLEM_CODES, problemScope, type Location, type ProblemCode, type ProblemScope, type ProblemSubject, type RuleProblem } from './problems.ts';

export interface LoadOptions {
  /** The Falco release whose warnings to give (the actions' default release when absent). */
  model?: FalcoEventModel;
}

/** Loads rule files given as text, in order (later files may append to or override earlier ones). */
export function loadRules(sources: readonly RuleSource[], options: LoadOptions = {}): RuleSet {
  const sink = new ProblemSink();
  const collector = new RuleCollector(sink);
  for (const source of sources) for (const item of readRuleItems(source, sink)) collector.collect(item);
  const set = new RuleCompiler(collector.result(), sink, options.model ?? falcoEventModel()).compile();
  // Report in reading order: by file as given, then by line (compile problems come after load ones).
  const order = new Map(sources.map((source, index) => [source.file, index]));
  set.problems.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line || a.col - b.col);
  return set;
}

/** Reads rule files from disk, in the order given; an unreadable file becomes a problem, not an exception. */
export async function readRuleSources(paths: readonly string[]): Promise<{ sources: RuleSource[]; unreadable: RuleProblem[] }> {
  const sources: RuleSource[] = [];
  const sink = new ProblemSink();
  for (const path of paths) {
    try {
      sources.push({ file: path, text: await readFile(path, 'utf8') });
    } catch (error) {
      sink.add('LOAD_ERR_FILE_READ', { file: path, line: 0, col: 0 }, `cannot read the rules file: ${isSystemError(error) ? systemErrorWords(error) : (error as Error).message}`);
    }
  }
  return { sources, unreadable: sink.problems };
}

/** Reads and loads rule files from disk; an unreadable file is a problem, not an exception. */
export async function loadRuleFiles(paths: readonly string[], options: LoadOptions = {}): Promise<RuleSet> {
  const { sources, unreadable } = await readRuleSources(paths);
  const result = loadRules(sources, options);
  result.problems.unshift(...unreadable);
  return result;
}

export function hasErrors(set: RuleSet): boolean {
  return set.problems.some((problem) => problem.severity === 'error');
}
