// A verdict from VirusTotal's engine counts (`last_analysis_stats`): malicious when at least
// `maliciousThreshold` engines say so (vt-malicious-threshold), suspicious when any engine flags it
// below that, clean otherwise. No counts (404: never seen) is `unknown`, which is not clean.
import type { AnalysisStats, ReputationVerdict } from '../model.ts';

export function verdictOf(stats: AnalysisStats | null, maliciousThreshold: number): ReputationVerdict {
  if (stats === null) return 'unknown';
  if (stats.malicious >= maliciousThreshold) return 'malicious';
  if (stats.malicious > 0 || stats.suspicious > 0) return 'suspicious';
  return 'clean';
}
