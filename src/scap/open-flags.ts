// Open flags and the open events: facts from falcosecurity/libs driver/ppm_events_public.h (PPM_O_*,
// PPM_FD_*) and driver/flags_table.c (file_flags, the names libsinsp prints). The reader, the writer, the
// condition language and the inventory all import them from here.

/** PPM_O_* and PPM_FD_* bits, as open/openat/openat2/creat parameters and fd list entries carry them. */
export const PPM_O = {
  NONE: 0,
  RDONLY: 1 << 0,
  WRONLY: 1 << 1,
  RDWR: (1 << 0) | (1 << 1),
  CREAT: 1 << 2,
  APPEND: 1 << 3,
  DSYNC: 1 << 4,
  EXCL: 1 << 5,
  NONBLOCK: 1 << 6,
  SYNC: 1 << 7,
  TRUNC: 1 << 8,
  DIRECT: 1 << 9,
  DIRECTORY: 1 << 10,
  LARGEFILE: 1 << 11,
  CLOEXEC: 1 << 12,
  TMPFILE: 1 << 13,
  /** The file was created by this open (set by the kernel, not asked for). */
  F_CREATED: 1 << 14,
  /** PPM_FD_UPPER_LAYER: the file is from an overlayfs upper layer. */
  FD_UPPER_LAYER: 1 << 15,
  /** PPM_FD_LOWER_LAYER: the file is from an overlayfs lower layer. */
  FD_LOWER_LAYER: 1 << 16,
} as const;

/** libs' file_flags table (driver/flags_table.c), in its order: the order libsinsp prints resolved flags in. */
export const OPEN_FLAG_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['O_LARGEFILE', PPM_O.LARGEFILE],
  ['O_DIRECTORY', PPM_O.DIRECTORY],
  ['O_DIRECT', PPM_O.DIRECT],
  ['O_TRUNC', PPM_O.TRUNC],
  ['O_SYNC', PPM_O.SYNC],
  ['O_NONBLOCK', PPM_O.NONBLOCK],
  ['O_EXCL', PPM_O.EXCL],
  ['O_DSYNC', PPM_O.DSYNC],
  ['O_APPEND', PPM_O.APPEND],
  ['O_CREAT', PPM_O.CREAT],
  ['O_RDWR', PPM_O.RDWR],
  ['O_WRONLY', PPM_O.WRONLY],
  ['O_RDONLY', PPM_O.RDONLY],
  ['O_CLOEXEC', PPM_O.CLOEXEC],
  ['O_NONE', PPM_O.NONE],
  ['O_TMPFILE', PPM_O.TMPFILE],
  ['O_F_CREATED', PPM_O.F_CREATED],
  ['FD_UPPER_LAYER', PPM_O.FD_UPPER_LAYER],
  ['FD_LOWER_LAYER', PPM_O.FD_LOWER_LAYER],
];

/** The single-bit flags (not the access mode), lowest bit first. */
const FLAG_BITS_ASCENDING = OPEN_FLAG_NAMES.filter(([, value]) => value !== 0 && (value & (value - 1)) === 0 && (value & PPM_O.RDWR) === 0).sort(
  (left, right) => left[1] - right[1],
);

/** Names of the set flags, access mode first, then the other bits lowest first: ['O_WRONLY', 'O_CREAT', 'O_TRUNC']. */
export function openFlagNames(flags: number): string[] {
  const names: string[] = [];
  const access = flags & PPM_O.RDWR;
  if (access === PPM_O.RDWR) names.push('O_RDWR');
  else if (access === PPM_O.WRONLY) names.push('O_WRONLY');
  else if (access === PPM_O.RDONLY) names.push('O_RDONLY');
  for (const [name, value] of FLAG_BITS_ASCENDING) if ((flags & value) !== 0) names.push(name);
  return names;
}

/** Whether open flags ask for writing: write-only, read-write, create or truncate. */
export function isWriteOpen(flags: number): boolean {
  return (flags & (PPM_O.WRONLY | PPM_O.CREAT | PPM_O.TRUNC)) !== 0;
}

/** The events libsinsp's evt.is_open_* looks at: the opens that carry a flags parameter. */
export const OPEN_EVENT_NAMES: ReadonlySet<string> = new Set(['open', 'openat', 'openat2', 'open_by_handle_at']);

/** Every event that opens (or creates) a file and returns its fd: the opens and creat. */
export const FILE_OPENING_EVENT_NAMES: ReadonlySet<string> = new Set([...OPEN_EVENT_NAMES, 'creat']);
