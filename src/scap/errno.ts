// Linux errno values the reader, the writer and the inventory reason about (a syscall's res is -errno).

export const ERRNO = { ENOENT: 2, EACCES: 13, ENETUNREACH: 101, ETIMEDOUT: 110, ECONNREFUSED: 111, EINPROGRESS: 115 } as const;

/** A non-blocking connect under way: the connection counts as made (libsinsp does the same). */
export const EINPROGRESS = ERRNO.EINPROGRESS;

// File problems in words: Node's errors carry errno codes (ENOENT) and messages built around them
// ("ENOENT: no such file or directory, open 'x'"); a user reads "no such file".
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

