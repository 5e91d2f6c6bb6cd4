// The enrichment of one analyze run, composed from the settings: which stages are on (VirusTotal with
// VT_API_KEY, the baseline unless `baseline: none`, the AI triage with OPENAI_API_KEY), each loaded
// only when on (the openai SDK, the Actions cache client), sharing one verdict store and one rate for
// the whole run. The action and the CLI hand in what differs between them: where verdicts are kept and
// how the default branch's report is found (the action only).
import type { AnalyzeReport } from '../analyze/report.ts';
import type { DefaultBranchOptions } from '../baseline/default-branch.ts';
import type { AnalyzeSettings } from '../settings/analyze.ts';
import { enrichReport, type Enrichers } from './enrich.ts';
import type { VerdictStore } from './virustotal/cache.ts';

export interface EnrichmentSources {
  /** Where VirusTotal verdicts are kept across runs (the Actions cache; a folder on the command line). */
  verdictStore: () => Promise<VerdictStore>;
  /** The default branch's report lookup (the action); absent: `baseline: default-branch` cannot be used. */
  defaultBranch?: () => Omit<DefaultBranchOptions, 'reportArtifactName'>;
  /** baseline-file is taken relative to this folder (the workspace, the CLI's cwd). */
  baseDir: string;
  log: (line: string) => void;
  /** The fetch the stages use (default: the global one). */
  fetch?: typeof globalThis.fetch;
}

export interface RunEnrichment {
  /** Which stages are on, in words, for the log. */
  stages: string[];
  /** Enriches one monitored job's report; `reportArtifact` names its report artifact on the default branch. */
  enrich(report: AnalyzeReport, reportArtifact: string | null): Promise<AnalyzeReport>;
  /** Writes the run's verdicts back to the store (once: Actions cache entries are immutable). */
  finish(): Promise<void>;
}

export async function runEnrichment(settings: AnalyzeSettings, sources: EnrichmentSources): Promise<RunEnrichment> {
  const stages: string[] = [];
  let virustotal: Enrichers['virustotal'];
  let triage: Enrichers['triage'];
  let flush: (() => Promise<{ note?: string }>) | undefined;
  if (settings.virustotal.apiKey !== undefined) {
    const [{ virusTotalEnricher }, { runVerdictStore }] = await Promise.all([import('./virustotal/enricher.ts'), import('./virustotal/run-store.ts')]);
    const store = runVerdictStore(await sources.verdictStore());
    flush = () => store.flush();
    virustotal = virusTotalEnricher({ settings: settings.virustotal, store, log: sources.log, ...(sources.fetch === undefined ? {} : { fetch: sources.fetch }) });
    stages.push('VirusTotal');
  }
  if (settings.openai.apiKey !== undefined) {
    const { openAiTriage } = await import('./openai/triage.ts');
    triage = openAiTriage({ settings: settings.openai, log: sources.log, ...(sources.fetch === undefined ? {} : { fetch: sources.fetch }) });
    stages.push(`AI triage (${settings.openai.model})`);
  }
  const baseline = settings.baseline;
  const baselineOn = baseline.kind === 'file' || (baseline.kind === 'default-branch' && sources.defaultBranch !== undefined);
  if (baselineOn) stages.push(baseline.kind === 'file' ? 'baseline file' : 'new since the default branch');
  // One drift stage for the run: the default branch's runs are listed, and a baseline file read, once.
  // Its report artifact is the one of the report being enriched: reports are enriched one after the
  // other (runAnalyze awaits each), so the name of the current one is all the stage needs.
  let currentArtifact: string | null = null;
  const { driftEnricher } = baselineOn ? await import('../baseline/default-branch.ts') : { driftEnricher: undefined };
  const drift =
    driftEnricher === undefined
      ? undefined
      : driftEnricher(baseline, {
          baseDir: sources.baseDir,
          // Only reached for default-branch, which baselineOn allows only with the lookup handed in.
          defaultBranch: () => ({ ...sources.defaultBranch!(), reportArtifactName: () => currentArtifact }),
        });

  const enrichers: Enrichers = {
    ...(virustotal === undefined ? {} : { virustotal }),
    ...(drift === undefined ? {} : { drift }),
    ...(triage === undefined ? {} : { triage }),
  };

  return {
    stages,
    async enrich(report, reportArtifact) {
      currentArtifact = reportArtifact;
      return enrichReport(report, enrichers, sources.log);
    },
    async finish() {
      if (flush === undefined) return;
      const saved = await flush();
      if (saved.note !== undefined) sources.log(`VirusTotal verdict cache: ${saved.note}`);
    },
  };
}
