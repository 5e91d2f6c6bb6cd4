// This job on GitHub as the runner describes it to every step (GITHUB_* and RUNNER_* variables):
// where the API is, which run attempt, which runner. No client here: reading these costs nothing.
export interface ThisJob {
  token: string;
  /** e.g. https://api.github.com or a GHES https://host/api/v3 (GITHUB_API_URL). */
  apiUrl: string;
  /** owner/repo (GITHUB_REPOSITORY). */
  repository: string;
  runId: number;
  runAttempt: number;
  runnerName: string;
  /** GITHUB_JOB: the job's id in the workflow, used only when several jobs share the runner name. */
  job: string;
}

export function thisJobFromEnv(env: NodeJS.ProcessEnv, token: string): ThisJob {
  return {
    token,
    apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
    repository: env.GITHUB_REPOSITORY ?? '',
    runId: Number(env.GITHUB_RUN_ID ?? 0),
    runAttempt: Number(env.GITHUB_RUN_ATTEMPT ?? 1),
    runnerName: env.RUNNER_NAME ?? '',
    job: env.GITHUB_JOB ?? '',
  };
}
