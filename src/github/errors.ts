// What a failed call to GitHub (octokit, the artifact client) says, made safe to print: the HTTP status
// when there is one, and the message (GitHub's body message when the client kept it) on one line,
// bounded, without the token, which a proxy or a client may echo.
import { withoutSecrets } from '../action/mask.ts';

export function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : undefined;
}

export function apiErrorMessage(error: unknown, token: string, maxChars: number): string {
  const data = (error as { response?: { data?: unknown } } | null)?.response?.data;
  const text =
    data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string'
      ? (data as { message: string }).message
      : error instanceof Error
        ? error.message
        : String(error);
  return withoutSecrets(text, [token]).replace(/\s+/g, ' ').slice(0, maxChars);
}
