// What stop and analyze call to forward their alerts (the payload builders stay behind forwardAlerts).
export { fromAnalyzeReport, fromAttributedAlerts, fromFalcoAlert, fromReportAlert, jobContextFromEnv, jobContextFromReport } from './alert.ts';
export type { CiContext, ForwardAlert, JobContext } from './alert.ts';
export { describeOutcome, forwardAlerts, forwardFailure } from './forward.ts';
export type { ForwardDeps, ForwardResult, OutputOutcome } from './forward.ts';
