// The SARIF log of an analyze run (src/report/sarif.ts), with each report's findings placed in the
// monitored job's own workflow file: the file named by the capture metadata's workflow ref (the analyze
// job may run in another workflow, e.g. on workflow_run), read from the checkout when the analyze job
// has one (bounded, never outside it: src/github/workflow-file.ts). Without a checkout findings sit on
// the file's first line; their fingerprints do not depend on the line, so they still match across runs.
import type { AnalyzeReport } from './report.ts';
import { readWorkflowFile, workflowFileFromRef } from '../github/workflow-file.ts';
import { renderSarif, serializeSarif, type SarifWorkflow } from '../report/sarif.ts';

export interface SarifFileOptions {
  /** The checkout the workflow files are read from (GITHUB_WORKSPACE), or null for none. */
  workspace: string | null;
  /** The analyze job's own GITHUB_WORKFLOW_REF: used for reports whose metadata has none. */
  fallbackWorkflowRef: string | null;
  toolVersion: string;
  informationUri?: string;
  log?: (line: string) => void;
}

export function reportsSarif(reports: readonly AnalyzeReport[], options: SarifFileOptions): string {
  const workflows = new Map<string, SarifWorkflow>();
  const workflowOf = (report: AnalyzeReport): SarifWorkflow => {
    const path = workflowFileFromRef(report.job?.workflowRef ?? options.fallbackWorkflowRef);
    if (path === null) return { path: null, text: null };
    let workflow = workflows.get(path);
    if (workflow === undefined) {
      const read = options.workspace === null ? { text: null, note: `no checkout to read ${path} from; findings point at its first line` } : readWorkflowFile(options.workspace, path);
      if (read.note !== null) options.log?.(`SARIF: ${read.note}`);
      workflow = { path, text: read.text };
      workflows.set(path, workflow);
    }
    return workflow;
  };
  const first = reports[0] === undefined ? { path: null, text: null } : workflowOf(reports[0]);
  return serializeSarif(
    renderSarif(reports, {
      workflowPath: first.path,
      workflowText: first.text,
      workflowFor: workflowOf,
      toolVersion: options.toolVersion,
      ...(options.informationUri === undefined ? {} : { informationUri: options.informationUri }),
    }),
  );
}
