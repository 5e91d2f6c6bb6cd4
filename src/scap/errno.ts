// Linux errno values the reader, the writer and the inventory reason about (a syscall's res is -errno).

export const ERRNO = { ENOENT: 2, EACCES: 13, ENETUNREACH: 101, ETIMEDOUT: 110, ECONNREFUSED: 111, EINPROGRESS: 115 } as const;

/** A non-blocking connect under way: the connection counts as made (libsinsp does the same). */
export const EINPROGRESS = ERRNO.EINPROGRESS;
