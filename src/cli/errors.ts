// File problems in words. Node's errors carry errno codes (ENOENT) and messages built around them
// ("ENOENT: no such file or directory, open 'x'"); a user reads "no such file".
import { showArgument } from './output.ts';

const WORDS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'read-only file system',
  EFBIG: 'file too large',
  EIO: 'input/output error',
  ETXTBSY: 'text file busy',
  EBUSY: 'device or resource busy',
  EINVAL: 'invalid argument',
  ENXIO: 'no such device or address',
  ENODEV: 'no such device',
};

/** A system error as Node throws it: a code and, for file operations, the path. */
export function isSystemError(error: unknown): error is NodeJS.ErrnoException & { code: string } {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string' && /^E[A-Z0-9]+$/.test((error as NodeJS.ErrnoException).code!);
}

/** The problem of a system error in words: the table above, else Node's description without the code. */
export function systemErrorWords(error: NodeJS.ErrnoException): string {
  const known = error.code === undefined ? undefined : WORDS[error.code];
  if (known !== undefined) return known;
  // Node's message: "CODE: description, syscall 'path'".
  const description = /^E[A-Z0-9]+: (.*?)(?:, [a-z_]+(?: '.*)?)?$/s.exec(error.message)?.[1];
  return description !== undefined && description.length > 0 ? description.toLowerCase() : 'system error';
}

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
