import { z } from 'zod';

// The "job" object of GitHub's REST API (components/schemas/job in github/rest-api-description), as
// returned by GET /repos/{owner}/{repo}/actions/runs/{run_id}/attempts/{attempt_number}/jobs.
// Only the fields we rely on are strict; the rest are typed loosely so a new GitHub field or value
// never breaks the report.
export const JobStepSchema = z.object({
  name: z.string(),
  status: z.string(), // queued | in_progress | completed (pending steps show "queued"/"pending")
  conclusion: z.string().nullable(),
  number: z.number().int(),
  started_at: z.string().nullable().optional(),
  completed_at: z.string().nullable().optional(),
});

export const JobSchema = z.object({
  id: z.number().int(),
  run_id: z.number().int(),
  run_url: z.string(),
  run_attempt: z.number().int().optional(),
  node_id: z.string(),
  head_sha: z.string(),
  url: z.string(),
  html_url: z.string().nullable(),
  status: z.string(),
  conclusion: z.string().nullable(),
  created_at: z.string().optional(),
  started_at: z.string(),
  completed_at: z.string().nullable(),
  name: z.string(),
  steps: z.array(JobStepSchema).optional(),
  check_run_url: z.string(),
  labels: z.array(z.string()),
  runner_id: z.number().int().nullable(),
  runner_name: z.string().nullable(),
  runner_group_id: z.number().int().nullable(),
  runner_group_name: z.string().nullable(),
  workflow_name: z.string().nullable().optional(),
  head_branch: z.string().nullable().optional(),
});

export const JobsPageSchema = z.object({
  total_count: z.number().int(),
  jobs: z.array(JobSchema),
});

export type JobStep = z.infer<typeof JobStepSchema>;
export type Job = z.infer<typeof JobSchema>;
export type JobsPage = z.infer<typeof JobsPageSchema>;
