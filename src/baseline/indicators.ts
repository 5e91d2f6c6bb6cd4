// What "new since main" compares, taken from one analyze report, and the comparison itself. Pure: the
// report in, sorted unique indicators out; two indicator sets in, the drift out. The indicators are
// the things a supply-chain change shows up as (src/enrich/model.ts DRIFT_KINDS): names looked up,
// public addresses talked to, executables run, files written outside the workspace, container images.
import ipaddr from 'ipaddr.js';
import type { AnalyzeReport } from '../analyze/report.ts';
import { DRIFT_KINDS, type Drift, type DriftIndicators, type DriftKind } from '../enrich/model.ts';
import { classifyAddress } from '../inventory/scope.ts';

type Executable = DriftIndicators['executables'][number];

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const sortedUnique = (values: Iterable<string>): string[] => [...new Set(values)].sort(compareText);

/** A DNS name as resolvers compare it: case-insensitive, the root's trailing dot dropped. */
function domainKey(name: string): string {
  return name.toLowerCase().replace(/\.+$/, '');
}

/**
 * One spelling per address (2001:DB8::0:7 and 2001:db8::7 are one host; an IPv4-mapped IPv6 address is
 * its IPv4 address), so that two runs compare by host and not by how the kernel printed it.
 */
function addressKey(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}

function executablesOf(report: AnalyzeReport): Executable[] {
  // A path's hash from the process table or, for a process the table lacks, the hashes section.
  const byPath = new Map<string, Set<string | null>>();
  const add = (path: string, sha256: string | null): void => {
    if (path === '') return;
    const hashes = byPath.get(path) ?? new Set<string | null>();
    hashes.add(sha256 === null ? null : sha256.toLowerCase());
    byPath.set(path, hashes);
  };
  for (const hash of report.hashes ?? []) add(hash.path, hash.sha256);
  for (const process of report.processes ?? []) add(process.exepath, process.sha256);
  const executables: Executable[] = [];
  for (const [path, hashes] of byPath) {
    // A path hashed once and seen unhashed elsewhere (the process table before the hash was taken) is the hashed file.
    const known = [...hashes].filter((hash): hash is string => hash !== null);
    if (known.length === 0) executables.push({ path, sha256: null });
    else for (const sha256 of known) executables.push({ path, sha256 });
  }
  return executables.sort((a, b) => compareText(a.path, b.path) || compareText(a.sha256 ?? '', b.sha256 ?? ''));
}

/** The report's drift indicators, each kind sorted and unique. Private, loopback and link-local addresses are left out. */
export function driftIndicators(report: AnalyzeReport): DriftIndicators {
  return {
    domains: sortedUnique((report.dns ?? []).map((entry) => domainKey(entry.name)).filter((name) => name !== '')),
    ips: sortedUnique(
      (report.connections ?? [])
        .map((connection) => connection.remote.address)
        // The scope is classified again rather than read from the report: a baseline may be any report file.
        .filter((address) => classifyAddress(address) === 'public')
        .map(addressKey),
    ),
    executables: executablesOf(report),
    'written-files': sortedUnique((report.writtenFiles ?? []).filter((file) => file.outsideWorkspace).map((file) => file.path)),
    containers: sortedUnique((report.containers ?? []).map((container) => container.image).filter((image) => image !== '')),
  };
}

/** An empty set of indicators. */
export function noIndicators(): DriftIndicators {
  return { domains: [], ips: [], executables: [], 'written-files': [], containers: [] };
}

/**
 * Whether an executable of this run is one the baseline ran: by sha256 when both sides hashed the
 * file (the same bytes under another path are known; other bytes under the same path are new), else by
 * path (one side could not hash it: its path, volatile parts aside, is all there is to compare).
 */
function executableMatcher(baseline: readonly Executable[]): (executable: Executable) => boolean {
  const hashes = new Set<string>();
  const paths = new Set<string>();
  const unhashedPaths = new Set<string>();
  for (const executable of baseline) {
    paths.add(pathKey(executable.path));
    if (executable.sha256 === null) unhashedPaths.add(pathKey(executable.path));
    else hashes.add(executable.sha256.toLowerCase());
  }
  return (executable) =>
    executable.sha256 === null ? paths.has(pathKey(executable.path)) : hashes.has(executable.sha256.toLowerCase()) || unhashedPaths.has(pathKey(executable.path));
}

// Parts of a path that differ on every run by design: the runner's step scripts and file-command files
// (`_temp/<uuid>.sh`, `set_output_<uuid>`), mktemp's suffixes (`tmp.Xa3kP0qZ`), pids and times in names,
// content hashes and the folders caches file them under. Compared as placeholders, so that a job that writes the same kind of file in the same
// place is not "new" on every run; a file in a new place, or a new name, still is.
const VOLATILE_PARTS: ReadonlyArray<[RegExp, string]> = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>'],
  [/(^|[/._-])tmp\.[A-Za-z0-9]{6,}/g, '$1tmp.<random>'],
  [/[0-9a-f]{12,}/gi, '<hex>'],
  // Content-addressed folders before a hash: npm's cacache (`sha512/0f/3c/<hex>`), git's objects (`3c/<hex>`).
  [/\/[0-9a-f]{2}\/[0-9a-f]{2}\/(?=<hex>)/gi, '/<hx>/<hx>/'],
  [/\/[0-9a-f]{2}\/(?=<hex>)/gi, '/<hx>/'],
  [/[0-9]{4,}/g, '<n>'],
];

/** A written path as compared with the baseline: its volatile parts as placeholders. */
export function pathKey(path: string): string {
  let key = path;
  for (const [pattern, placeholder] of VOLATILE_PARTS) key = key.replace(pattern, placeholder);
  return key;
}

type TextKind = Exclude<DriftKind, 'executables'>;

/** How two values of a kind are compared: a hand-written baseline file may spell a name or an address otherwise. */
const KEYS: Record<TextKind, (value: string) => string> = {
  domains: domainKey,
  ips: addressKey,
  'written-files': pathKey,
  containers: (image) => image,
};

/** What this run has that the baseline has not (new), and how many it has that the baseline has too (known, per kind). */
export function compareWithBaseline(current: DriftIndicators, baseline: DriftIndicators, against: Drift['against']): Drift {
  const fresh = noIndicators();
  const known: Record<string, number> = {};
  for (const kind of DRIFT_KINDS) {
    if (kind === 'executables') {
      const isKnown = executableMatcher(baseline.executables);
      fresh.executables = current.executables.filter((executable) => !isKnown(executable));
      known[kind] = current.executables.length - fresh.executables.length;
      continue;
    }
    const key = KEYS[kind];
    const seen = new Set(baseline[kind].map(key));
    fresh[kind] = current[kind].filter((value) => !seen.has(key(value)));
    known[kind] = current[kind].length - fresh[kind].length;
  }
  return { against, new: fresh, known };
}
