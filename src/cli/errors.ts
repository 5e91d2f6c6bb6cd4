// File problems in words. Node's errors carry errno codes (ENOENT) and messages built around them
// ("ENOENT: no such file or directory, open 'x'"); a user reads "no such file".
import { systemErrorWords } from '../scap/errno.ts';
import { showArgument } from './output.ts';

export { isSystemError, systemErrorWords } from '../scap/errno.ts';

/** "cannot read "PATH": no such file". */
export function fileProblem(verb: string, path: string, error: NodeJS.ErrnoException): string {
  return `cannot ${verb} ${showArgument(path)}: ${systemErrorWords(error)}`;
}

const SYSCALL_VERBS: Readonly<Record<string, string>> = { read: 'read', write: 'write', mkdir: 'create', unlink: 'remove', rename: 'rename', scandir: 'list' };

/** A system error nobody caught, in words: what was done to which file (when it names one) and the problem. */
export function systemErrorProblem(error: NodeJS.ErrnoException): string {
  const verb = SYSCALL_VERBS[error.syscall ?? ''] ?? 'open';
  return typeof error.path === 'string' ? fileProblem(verb, error.path, error) : systemErrorWords(error);
}
