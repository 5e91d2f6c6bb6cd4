// Falco releases: which one the actions pin, the oldest they accept, and how two releases compare. One
// home for these facts: the actions' falco-version input and the CLI's --falco-version both read them.

/** The Falco release the actions pin by default (and the one the tests run). */
export const DEFAULT_FALCO_VERSION = '0.44.1';
/** append_output, which step attribution needs, was introduced in Falco 0.39.0 (falco CHANGELOG.md,
 * "new(falco): introduce append_output configuration"). */
export const MINIMUM_FALCO_VERSION = '0.39.0';

export const VERSION_PATTERN = /^(\d+)\.(\d+)\.(\d+)(?:-[0-9A-Za-z.-]+)?$/;

/** Negative, zero or positive as `left` is an older, the same or a newer release than `right`. */
export function compareVersions(left: string, right: string): number {
  const a = VERSION_PATTERN.exec(left);
  const b = VERSION_PATTERN.exec(right);
  if (!a || !b) throw new Error(`not a version: ${left} / ${right}`);
  for (let i = 1; i <= 3; i += 1) {
    const diff = Number(a[i]) - Number(b[i]);
    if (diff !== 0) return diff;
  }
  return 0;
}
