// The shape of LIVE-REPORT's buildLiveReport (TEAM.md contract 5), restated here so the live
// orchestration can be driven by any implementation of it (the real one in production).
import type { FailOn, FalcoPriorityName } from '../settings/inputs.ts';

export interface LiveReportInput {
  eventsFile: string;
  github: {
    token: string;
    apiUrl: string;
    repository: string;
    runId: number;
    runAttempt: number;
    runnerName: string;
    job: string;
  };
  cost: { cpuSeconds?: number; peakMemoryBytes?: number; startSeconds?: number; stopSeconds?: number };
  failOn: FailOn;
}

export interface LiveReportResult {
  markdown: string;
  alerts: number;
  highestPriority: FalcoPriorityName | undefined;
  annotations: Array<{ level: 'error' | 'warning' | 'notice'; title: string; message: string }>;
  failed: boolean;
  failureMessage?: string;
  problems: string[];
}

export type LiveReportBuilder = (input: LiveReportInput) => Promise<LiveReportResult>;
