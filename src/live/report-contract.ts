// stop drives the report through this function type, so the live orchestration can be exercised with
// any implementation of it (the real buildLiveReport in production).
import type { LiveReportInput, LiveReportResult } from '../report/live-report.ts';

export type { LiveReportInput, LiveReportResult };

export type LiveReportBuilder = (input: LiveReportInput) => Promise<LiveReportResult>;
