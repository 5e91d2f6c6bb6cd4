// Falco rule files: loading (reader, collector, compiler), the one check, and the packs' shared helpers.
export { loadRules, loadRuleFiles, readRuleSources, formatProblem, hasErrors, conditionWithExceptions, PROBLEM_CODES, problemScope } from './loader.ts';
export type { LoadedRule, Location, ProblemCode, ProblemScope, ProblemSubject, RuleProblem, RuleSet, RuleSource } from './loader.ts';
export { PRIORITIES, parsePriority, type RulePriority, type RuleException } from './schema.ts';
export { runRulesOnCapture, captureContext, renderRuleTestMarkdown, RuleTestReportSchema, type RuleTestReport, type RunOptions } from './run.ts';
