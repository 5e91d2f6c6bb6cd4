// The one way a capture becomes a report, shared by the analyze action and `falco-actions analyze`:
// read the metadata and hashes files (hostile: validated), list and check the rule files, replay the
// capture with the chosen engine, load the filters.config exceptions, then build the report
// (src/analyze/build.ts). Errors the user can fix are UserErrors naming the file; an unreadable capture
// is reported as such, never as a bug.
import { join } from 'node:path';
import { UserError } from '../action/errors.ts';
import { loadFiltersConfig } from '../inventory/exceptions.ts';
import { ScapFormatError } from '../scap/errors.ts';
import type { AlertEngine } from './engines.ts';
import { buildAnalyzeReport, type AnalyzeFilters } from './build.ts';
import { readHashesFile, readMetadataFile } from './inputs.ts';
import type { AnalyzeReport, ReportSection } from './report.ts';
import { analyzeRuleFiles, checkAnalyzeRuleFiles } from './rule-files.ts';

/** The action's own exceptions file, relative to the action root (shipped with the action). */
export const ACTION_FILTERS_CONFIG = join('src', 'filters.config');

export type FiltersChoice = { kind: 'action' } | { kind: 'none' } | { kind: 'file'; path: string };

export interface AnalyzeCaptureInput {
  capturePath: string;
  metadataFile: string | null;
  hashesFile: string | null;
  customRuleFiles: readonly string[];
  cicdRules: boolean;
  filters: FiltersChoice;
  sections: readonly ReportSection[];
  engine: AlertEngine;
  /** Where the action's rules/ and src/filters.config are. */
  actionRoot: string;
  /** Relative custom-rule-file and filters-config paths are taken from here (the workspace, or the CLI's cwd). */
  baseDir: string;
  toolVersion: string;
  workspace?: string;
  log?: (line: string) => void;
}

export async function analyzeCapture(input: AnalyzeCaptureInput): Promise<AnalyzeReport> {
  const metadata = input.metadataFile === null ? undefined : await readMetadataFile(input.metadataFile);
  const hashes = input.hashesFile === null ? undefined : await readHashesFile(input.hashesFile);
  const ruleFiles = await analyzeRuleFiles({ cicdRules: input.cicdRules, customRuleFiles: input.customRuleFiles }, input.actionRoot, input.baseDir);
  const check = await checkAnalyzeRuleFiles(ruleFiles);
  for (const warning of check.warnings ?? []) input.log?.(`rules: ${typeof warning === 'string' ? warning : JSON.stringify(warning)}`);
  const filters = await loadFilters(input);
  try {
    const run = await input.engine.run(input.capturePath, ruleFiles);
    const report = await buildAnalyzeReport({
      capturePath: input.capturePath,
      metadata,
      hashes,
      alerts: run.alerts,
      engine: { kind: input.engine.kind, falcoVersion: run.falcoVersion, image: run.image, rulesFiles: run.rulesFiles },
      filters,
      sections: input.sections,
      workspace: input.workspace,
      toolVersion: input.toolVersion,
    });
    return run.notes.length === 0 ? report : { ...report, notes: [...report.notes, ...run.notes] };
  } catch (error) {
    if (error instanceof ScapFormatError) {
      throw new UserError(`The capture ${input.capturePath} cannot be read: ${error.message.replace(/[\r\n]+/g, ' ')}`);
    }
    throw error;
  }
}

async function loadFilters(input: AnalyzeCaptureInput): Promise<AnalyzeFilters | undefined> {
  if (input.filters.kind === 'none') return undefined;
  const file = input.filters.kind === 'action' ? join(input.actionRoot, ACTION_FILTERS_CONFIG) : join(input.baseDir, input.filters.path);
  const path = input.filters.kind === 'file' && input.filters.path.startsWith('/') ? input.filters.path : file;
  return { file: path, exceptions: await loadFiltersConfig(path) };
}
