// The two verdicts enrichment can turn into a failed step, after the report is written:
// fail-on-reputation (VirusTotal's verdicts) and fail-on-new (the drift from the baseline). Both read
// only the structured members; the AI triage never reaches a decision.
import type { AnalyzeReport } from '../analyze/report.ts';
import type { AnalyzeSettings, FailOnReputation } from '../settings/analyze.ts';
import { DRIFT_KINDS, type DriftKind, type Reputation } from './model.ts';

/** The reputations at or above fail-on-reputation (suspicious includes malicious). */
export function reputationsOverThreshold(report: AnalyzeReport, failOn: FailOnReputation): Reputation[] {
  if (failOn === 'none') return [];
  const flagged = failOn === 'malicious' ? new Set(['malicious']) : new Set(['malicious', 'suspicious']);
  return (report.enrichment?.virustotal?.reputations ?? []).filter((reputation) => flagged.has(reputation.verdict));
}

/** How many new things of each kind fail-on-new names (kinds with none left out). */
export function newOverThreshold(report: AnalyzeReport, kinds: readonly DriftKind[]): Partial<Record<DriftKind, number>> {
  const drift = report.enrichment?.drift;
  if (drift === undefined) return {};
  const counts: Partial<Record<DriftKind, number>> = {};
  for (const kind of DRIFT_KINDS) {
    if (!kinds.includes(kind)) continue;
    const count = drift.new[kind].length;
    if (count > 0) counts[kind] = count;
  }
  return counts;
}

/**
 * A committed baseline (baseline-file) that could not be compared with the report while fail-on-new
 * asks for it: a failure too, or fail-on-new would pass by checking nothing. (The default branch's run
 * may simply not exist yet: that is a note, not a failure.)
 */
export function baselineUncompared(report: AnalyzeReport, settings: Pick<AnalyzeSettings, 'baseline' | 'failOnNew'>): boolean {
  return settings.baseline.kind === 'file' && settings.failOnNew.length > 0 && report.enrichment?.drift === undefined;
}
