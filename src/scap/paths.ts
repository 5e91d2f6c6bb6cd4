// Path resolution as libsinsp does it for open/openat/chdir/execve: a relative path is joined to the
// thread's cwd or to the path of the directory fd, then '.', '..' and repeated slashes are collapsed.

/** AT_FDCWD: the dirfd value meaning "relative to the current working directory". */
export const AT_FDCWD = -100;

/** Collapses '.', '..' and '//' in an absolute path; never climbs above '/'. */
export function normalizePath(path: string): string {
  if (!path.startsWith('/')) return path;
  if (!path.includes('/.') && !path.includes('//') && (path.length === 1 || !path.endsWith('/'))) return path;
  const parts: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return `/${parts.join('/')}`;
}

/**
 * Resolves `path` against `base` (a directory, with or without its trailing slash). An absolute path
 * ignores the base. An empty base leaves a relative path as it is (the directory is unknown).
 */
export function resolvePath(base: string, path: string): string {
  if (path.startsWith('/')) return normalizePath(path);
  if (base === '') return path;
  if (path === '') return normalizePath(base);
  return normalizePath(base.endsWith('/') ? base + path : `${base}/${path}`);
}
