// The enrichment stages run one way over a built report: VirusTotal reputations, then the comparison
// with the baseline, then the AI triage (last: it reads the verdicts and the drift as data). Each stage
// is handed in (src/enrich/virustotal, src/baseline, src/enrich/openai) and may be absent; a stage
// that fails costs only its own member: the report goes out with a note saying what is missing.
import { failureMessage } from '../action/errors.ts';
import type { AnalyzeReport } from '../analyze/report.ts';
import type { Drift, Enrichment, Triage, VirusTotalEnrichment } from './model.ts';

export interface Enrichers {
  virustotal?: (report: AnalyzeReport) => Promise<VirusTotalEnrichment>;
  /** The drift, or a note why there is none (no baseline yet, the baseline could not be read). */
  drift?: (report: AnalyzeReport) => Promise<{ drift: Drift } | { note: string }>;
  /** Reads `report.enrichment` (verdicts, drift) as data; never decides anything. */
  triage?: (report: AnalyzeReport) => Promise<Triage>;
}

const STAGE_NAMES = { virustotal: 'VirusTotal lookups', drift: 'The comparison with the baseline', triage: 'The AI triage' } as const;

export async function enrichReport(report: AnalyzeReport, enrichers: Enrichers, log: (line: string) => void = () => undefined): Promise<AnalyzeReport> {
  if (enrichers.virustotal === undefined && enrichers.drift === undefined && enrichers.triage === undefined) return report;
  const enrichment: Enrichment = { notes: [] };
  const failed = (stage: keyof typeof STAGE_NAMES, error: unknown): void => {
    const note = `${STAGE_NAMES[stage]} failed: ${failureMessage(error)} The report has everything else.`;
    enrichment.notes.push(note);
    log(note);
  };
  if (enrichers.virustotal !== undefined) {
    try {
      enrichment.virustotal = await enrichers.virustotal(report);
    } catch (error) {
      failed('virustotal', error);
    }
  }
  if (enrichers.drift !== undefined) {
    try {
      const outcome = await enrichers.drift({ ...report, enrichment });
      if ('drift' in outcome) enrichment.drift = outcome.drift;
      else enrichment.notes.push(outcome.note);
    } catch (error) {
      failed('drift', error);
    }
  }
  if (enrichers.triage !== undefined) {
    try {
      enrichment.triage = await enrichers.triage({ ...report, enrichment });
    } catch (error) {
      failed('triage', error);
    }
  }
  return { ...report, enrichment };
}
