import { z } from 'zod';

// The "job" object of GitHub's REST API (components/schemas/job in github/rest-api-description), as
// returned by GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs.
// Only what we use is validated: which job ran on our runner (runner_name, status, name), its link
// (html_url) and its steps. Every other field passes through unchecked, so a field GitHub drops or
// changes (run_url, labels, ...) never costs the report its step names.
export const JobStepSchema = z.object({
  name: z.string(),
  status: z.string(), // queued | in_progress | completed (pending steps show "queued"/"pending")
  conclusion: z.string().nullable(),
  number: z.number().int(),
  started_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
});

export const JobSchema = z.looseObject({
  name: z.string(),
  status: z.string(),
  html_url: z.string().nullable().optional(),
  steps: z.array(JobStepSchema).optional(),
  runner_name: z.string().nullable().optional(),
});

export const JobsPageSchema = z.looseObject({
  total_count: z.number().int(),
  jobs: z.array(JobSchema),
});

export type JobStep = z.infer<typeof JobStepSchema>;
export type Job = z.infer<typeof JobSchema>;
export type JobsPage = z.infer<typeof JobsPageSchema>;
