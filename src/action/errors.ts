// The errors a user can cause (a wrong input, an engine that refuses privileged containers, a token
// without access, a damaged state file) and how a step reports a failure: those as their message,
// anything else as a bug, with its stack for the report.

// A brand read through Symbol.for, so that the check holds across bundles that each carry their own
// copy of this class (the CLI bundles every command apart).
const USER_ERROR = Symbol.for('falco-actions.user-error');

/** Something the user can cause and fix. The message says what went wrong and what to do about it. */
export class UserError extends Error {
  /** What to do, when the caller gave it apart from the problem (it is also the message's end). */
  readonly fix: string | undefined;

  constructor(problem: string, fix?: string) {
    super(fix === undefined ? problem : `${problem} ${fix}`);
    this.name = 'UserError';
    this.fix = fix;
    Object.defineProperty(this, USER_ERROR, { value: true });
  }
}

export function isUserError(error: unknown): error is UserError {
  return error instanceof UserError || (typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[USER_ERROR] === true);
}

/** The message to fail a step with: a user's error as it is, anything else with its stack for a bug report. */
export function failureMessage(error: unknown): string {
  if (isUserError(error)) return error.message;
  if (error instanceof Error) {
    return `falco-actions failed unexpectedly (a bug: please report it with this log): ${error.message}\n${error.stack ?? ''}`;
  }
  return `falco-actions failed unexpectedly (a bug: please report it with this log): ${String(error)}`;
}
