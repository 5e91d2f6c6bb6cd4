// One pull-request comment per monitored job, updated in place on re-runs: list the PR's comments
// (all pages), find ours with the finder the report hands in (its hidden marker), update it or create
// one. A token that may not comment (a pull request from a fork gets a read-only GITHUB_TOKEN) is not
// a failure: the outcome carries a note for the job summary. Responses are validated with zod.
import { readFile } from 'node:fs/promises';
import { getOctokit } from '@actions/github';
import { z } from 'zod';
import { apiErrorMessage, statusOf } from './errors.ts';

/** An issue comment as GET /repos/{owner}/{repo}/issues/{number}/comments returns it (the fields we read). */
export const issueCommentSchema = z.looseObject({
  id: z.number().int(),
  body: z.string().nullable().optional(),
  html_url: z.string(),
  user: z.looseObject({ login: z.string(), type: z.string() }).nullable(),
});
export type IssueComment = z.infer<typeof issueCommentSchema>;
const commentListSchema = z.array(issueCommentSchema);

export interface PullRequestTarget {
  token: string;
  /** GITHUB_API_URL, e.g. https://api.github.com or https://HOST/api/v3. */
  apiUrl: string;
  /** owner/repo */
  repository: string;
  number: number;
}

export type CommentOutcome =
  | { kind: 'created' | 'updated'; id: number; url: string }
  /** The token may not read or write the PR's comments (403, 401, 404): the note says so, for the summary. */
  | { kind: 'not-allowed'; note: string }
  /** Anything else (server error, network, an unexpected answer): also a note, the report stands without it. */
  | { kind: 'failed'; note: string };

/**
 * Which existing comment is ours (the report's hidden marker for this job, written by `login`: the
 * token's own user, so a comment someone else started with our marker is never taken over), or undefined.
 */
export type OwnCommentFinder = (comments: readonly IssueComment[], login: string) => IssueComment | undefined;

/**
 * Who the workflow's GITHUB_TOKEN comments as. GET /user answers only user tokens (a personal access
 * token); an installation token, GITHUB_TOKEN among them, gets 403 there, and its comments are by this
 * bot. (Another GitHub App's token comments as that app's bot: its comments are then never found, so a
 * new one is posted each run rather than someone else's updated.)
 */
export const WORKFLOW_TOKEN_LOGIN = 'github-actions[bot]';

const PER_PAGE = 100;
const TIMEOUT_MS = 30_000;

/** What GitHub said (the body's message), or the client's text; without the token, on one line. */
const messageOf = (error: unknown, token: string): string => apiErrorMessage(error, token, 200);

export async function upsertPullRequestComment(target: PullRequestTarget, body: string, findOwn: OwnCommentFinder): Promise<CommentOutcome> {
  const [owner, repo, ...rest] = target.repository.split('/');
  if (!owner || !repo || rest.length > 0) {
    return { kind: 'failed', note: `No pull-request comment: the repository "${target.repository}" is not in the form owner/repo.` };
  }
  if (target.token === '') {
    return { kind: 'not-allowed', note: "No pull-request comment: no token (input 'github-token' is empty)." };
  }
  const octokit = getOctokit(target.token, {
    baseUrl: target.apiUrl.replace(/\/+$/, ''),
    request: { signal: AbortSignal.timeout(TIMEOUT_MS) },
  });
  const where = `pull request #${target.number}`;
  let stage = 'read the comments of';
  try {
    let login = WORKFLOW_TOKEN_LOGIN;
    try {
      login = z.object({ login: z.string() }).parse((await octokit.rest.users.getAuthenticated()).data).login;
    } catch (error) {
      const status = statusOf(error);
      if (status !== 401 && status !== 403) throw error;
    }
    const comments: IssueComment[] = [];
    for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, { owner, repo, issue_number: target.number, per_page: PER_PAGE })) {
      const parsed = commentListSchema.safeParse(page.data);
      if (!parsed.success) return { kind: 'failed', note: `No pull-request comment: the comments of ${where} came back in an unexpected shape.` };
      comments.push(...parsed.data);
    }
    const own = findOwn(comments, login);
    if (own !== undefined) {
      stage = 'update its comment on';
      const { data } = await octokit.rest.issues.updateComment({ owner, repo, comment_id: own.id, body });
      const updated = issueCommentSchema.parse(data);
      return { kind: 'updated', id: updated.id, url: updated.html_url };
    }
    stage = 'comment on';
    const { data } = await octokit.rest.issues.createComment({ owner, repo, issue_number: target.number, body });
    const created = issueCommentSchema.parse(data);
    return { kind: 'created', id: created.id, url: created.html_url };
  } catch (error) {
    const status = statusOf(error);
    const said = messageOf(error, target.token);
    if (status === 401 || status === 403 || status === 404) {
      return {
        kind: 'not-allowed',
        note: `No pull-request comment: the token may not ${stage} ${where} (HTTP ${status}: ${said}). A pull request from a fork gets a read-only token; elsewhere, give the analyze job \`permissions: { pull-requests: write }\`. The report is in this summary and in the report artifact.`,
      };
    }
    if (error instanceof z.ZodError) return { kind: 'failed', note: `No pull-request comment: GitHub's answer when trying to ${stage} ${where} had an unexpected shape.` };
    return { kind: 'failed', note: `No pull-request comment: could not ${stage} ${where} (${status === undefined ? '' : `HTTP ${status}: `}${said}).` };
  }
}

// The event payload fields that say which pull request a run is for: pull_request and
// pull_request_target carry `pull_request`; workflow_run (analysis in a separate, privileged workflow)
// carries the triggering run's `pull_requests` (empty for a fork's).
const eventSchema = z.looseObject({
  pull_request: z.looseObject({ number: z.number().int().positive() }).optional(),
  workflow_run: z.looseObject({ pull_requests: z.array(z.looseObject({ number: z.number().int().positive() })).optional() }).optional(),
});

/** The pull request this run is for, from the event payload (GITHUB_EVENT_PATH), or undefined. */
export async function pullRequestNumber(env: NodeJS.ProcessEnv): Promise<number | undefined> {
  const path = env.GITHUB_EVENT_PATH;
  if (path === undefined || path === '') return undefined;
  let payload: unknown;
  try {
    payload = JSON.parse(await readFile(path, 'utf8'));
  } catch {
    return undefined;
  }
  const event = eventSchema.safeParse(payload);
  if (!event.success) return undefined;
  return event.data.pull_request?.number ?? event.data.workflow_run?.pull_requests?.[0]?.number;
}
