// Falco rule files: loading, validation, and the packs' shared helpers.
export { loadRules, loadRuleFiles, readRuleSources, formatProblem, hasErrors, conditionWithExceptions } from './loader.ts';
export type { LoadedRule, Location, RuleProblem, RuleSet, RuleSource } from './loader.ts';
export { PRIORITIES, parsePriority, type RulePriority, type RuleException } from './schema.ts';
export { runRulesOnCapture, captureContext, renderRuleTestMarkdown, RuleTestReportSchema, type RuleTestReport, type RunOptions } from './run.ts';
