// What of an analyze report may be sent to VirusTotal, and in which order. Only public addresses,
// public DNS names and sha256 hashes leave the machine: a private address or an internal name says
// something about the runner's network and nothing VirusTotal knows. What is left out is only counted,
// per reason (the enrichment's `notSent`), never listed.
//
// filters.config exceptions: their conditions are compiled to predicates over capture events
// (src/inventory/exceptions.ts), not over report entries, so there is no matcher to reuse here. The
// entries they removed are not in the report, hence never sent; an address or name that an exception
// would match but that also came from another, unexcepted event is sent like any other.
import ipaddr from 'ipaddr.js';
import type { AnalyzeReport } from '../../analyze/report.ts';
import type { IndicatorKind } from '../model.ts';

export interface Indicator {
  kind: IndicatorKind;
  /** The canonical form sent: an IP address as ipaddr.js prints it, a lower-case name or hash. */
  indicator: string;
  /** What the report calls it (hostile text): the executable's path, the name that resolved to an IP. */
  label: string | null;
  /** Seen in a step that raised an alert: looked up first. */
  inAlertingStep: boolean;
}

export interface CollectedIndicators {
  /** In lookup order: see orderIndicators. */
  indicators: Indicator[];
  /** Left out on purpose, per reason. */
  notSent: Record<string, number>;
}

// ipaddr.js range() names (IPv4 and IPv6 SpecialRanges) in the reader's words; anything but 'unicast'
// is never sent.
const RANGE_REASONS: Record<string, string> = {
  unspecified: 'unspecified address',
  broadcast: 'broadcast address',
  multicast: 'multicast address',
  linkLocal: 'link-local address',
  loopback: 'loopback address',
  carrierGradeNat: 'carrier-grade NAT address',
  private: 'private address',
  uniqueLocal: 'unique-local address',
  // 192.0.2/24, 198.51.100/24, 203.0.113/24 (documentation), 2001:db8::/32, 240/4 and the like.
  reserved: 'reserved or documentation address',
  benchmarking: 'reserved or documentation address',
  deprecatedSiteLocal: 'site-local address',
};

/** Why an address is never sent, or null for a public unicast address. */
export function addressNotSentReason(address: string): string | null {
  const parsed = parseAddress(address);
  if (parsed === null) return 'not an IP address';
  const range = parsed.range();
  if (range === 'unicast') return null;
  return RANGE_REASONS[range] ?? `special-purpose address (${range})`;
}

function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  // Dotted quads only: ipaddr.js would also read "127.1" or "0x7f.1", which no report prints.
  if (!ipaddr.IPv4.isValidFourPartDecimal(address) && !ipaddr.IPv6.isValid(address)) return null;
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    parsed = ipaddr.parse(address);
  } catch {
    return null;
  }
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) return (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed;
}

/** The form an address is sent and deduplicated in (an IPv4-mapped IPv6 address as its IPv4 address). */
export function canonicalAddress(address: string): string | null {
  return parseAddress(address)?.toString() ?? null;
}

// RFC 1035 names as resolvers see them: labels of letters, digits, hyphens (and the underscore of
// service names), 1–63 characters, at most 253 in all.
const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

// Names that only mean something inside a network (RFC 6761, RFC 6762, RFC 8375, ICANN's .internal)
// or that are addresses written as names (reverse lookups).
const LOCAL_SUFFIXES: readonly { suffix: string; reason: string }[] = [
  { suffix: 'localhost', reason: 'local name' },
  { suffix: 'local', reason: 'local name' },
  { suffix: 'internal', reason: 'local name' },
  { suffix: 'home.arpa', reason: 'local name' },
  { suffix: 'in-addr.arpa', reason: 'reverse lookup name' },
  { suffix: 'ip6.arpa', reason: 'reverse lookup name' },
  { suffix: 'test', reason: 'special-use name' },
  { suffix: 'example', reason: 'special-use name' },
  { suffix: 'invalid', reason: 'special-use name' },
];

/** Why a DNS name is never sent, or null for a name that may be. `name` is the normalised form. */
export function domainNotSentReason(name: string): string | null {
  if (name.length === 0 || name.length > 253) return 'not a valid DNS name';
  const labels = name.split('.');
  if (!labels.every((label) => LABEL.test(label))) return 'not a valid DNS name';
  // A dotted quad is an address, not a name; a top-level label is never all digits.
  if (/^[0-9]+$/.test(labels[labels.length - 1] as string)) return 'not a valid DNS name';
  for (const { suffix, reason } of LOCAL_SUFFIXES) {
    if (name === suffix || name.endsWith(`.${suffix}`)) return reason;
  }
  if (labels.length < 2) return 'single-label name';
  return null;
}

/** A DNS name as sent: lower case, without the root's trailing dot. */
export function normalizeDomain(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * Every indicator the report names, deduplicated, in lookup order, and what was left out. Files are
 * the processes' and the hashes section's sha256; IPs the connections' remote addresses (an IP's label
 * is a DNS name that resolved to it); domains the DNS section's names.
 */
export function collectIndicators(report: AnalyzeReport): CollectedIndicators {
  const notSent: Record<string, number> = {};
  const count = (reason: string): void => {
    notSent[reason] = (notSent[reason] ?? 0) + 1;
  };
  const alertingSteps = new Set(report.alerts.flatMap((alert) => (alert.attribution.step === null ? [] : [alert.attribution.step.number])));
  const inAlertingStep = (step: { number: number } | null): boolean => step !== null && alertingSteps.has(step.number);
  const found = new Map<string, Indicator>();
  // Counted once per distinct value, as the lookups are.
  const refused = new Set<string>();
  const add = (kind: IndicatorKind, value: string, label: string | null, alerting: boolean): void => {
    const key = `${kind}:${value}`;
    const known = found.get(key);
    if (known === undefined) found.set(key, { kind, indicator: value, label, inAlertingStep: alerting });
    else {
      known.inAlertingStep ||= alerting;
      known.label ??= label;
    }
  };
  const refuse = (kind: IndicatorKind, raw: string, reason: string): void => {
    const key = `${kind}:${raw}`;
    if (refused.has(key)) return;
    refused.add(key);
    count(reason);
  };

  for (const process of report.processes ?? []) {
    if (process.sha256 === null) continue;
    const hash = process.sha256.toLowerCase();
    if (SHA256.test(hash)) add('file', hash, process.exepath, inAlertingStep(process.attribution.step));
    else refuse('file', process.sha256, 'not a sha256');
  }
  for (const entry of report.hashes ?? []) {
    if (entry.sha256 === null) continue;
    const hash = entry.sha256.toLowerCase();
    if (SHA256.test(hash)) add('file', hash, entry.path, false);
    else refuse('file', entry.sha256, 'not a sha256');
  }

  // Which name resolved to which address, for the IP's label.
  const resolvedBy = new Map<string, string>();
  for (const entry of report.dns ?? []) {
    for (const answer of entry.answers) {
      const address = canonicalAddress(answer);
      if (address !== null && !resolvedBy.has(address)) resolvedBy.set(address, entry.name);
    }
  }
  const connected = new Set<string>();
  for (const connection of report.connections ?? []) {
    const raw = connection.remote.address;
    const reason = addressNotSentReason(raw);
    if (reason !== null) {
      refuse('ip', raw, reason);
      continue;
    }
    const address = canonicalAddress(raw) as string;
    connected.add(address);
    add('ip', address, resolvedBy.get(address) ?? null, inAlertingStep(connection.attribution.step));
  }

  for (const entry of report.dns ?? []) {
    const name = normalizeDomain(entry.name);
    const reason = domainNotSentReason(name);
    if (reason !== null) {
      refuse('domain', name, reason);
      continue;
    }
    // A name whose answer was connected to shares the connection's step: that is what the job talked to.
    const answeredConnected = entry.answers.some((answer) => {
      const address = canonicalAddress(answer);
      return address !== null && connected.has(address) && found.get(`ip:${address}`)?.inAlertingStep === true;
    });
    add('domain', name, null, inAlertingStep(entry.attribution.step) || answeredConnected);
  }
  return { indicators: orderIndicators([...found.values()]), notSent };
}

const KIND_ORDER: Record<IndicatorKind, number> = { file: 0, ip: 1, domain: 2 };

/**
 * The order the quota is spent in, most useful to the reader first: whatever was seen in a step that
 * raised an alert, then executables (a known-bad binary is the strongest finding), then public IPs
 * the job connected to, then DNS names; the report's order within each (stable sort).
 */
export function orderIndicators(indicators: readonly Indicator[]): Indicator[] {
  return [...indicators].sort((a, b) => Number(b.inAlertingStep) - Number(a.inAlertingStep) || KIND_ORDER[a.kind] - KIND_ORDER[b.kind]);
}

const GUI_PATHS: Record<IndicatorKind, string> = { ip: 'ip-address', domain: 'domain', file: 'file' };

/**
 * The indicator's VirusTotal web page: always this constructed URL, never one read from a response or a
 * cache. The indicator is percent-encoded, the characters encodeURIComponent leaves (!'()*~) included,
 * so the URL cannot end a Markdown link destination early.
 */
export function virusTotalLink(kind: IndicatorKind, indicator: string): string {
  // A lone surrogate cannot be encoded (URIError); a sent indicator never has one, a stored report might.
  const encoded = encodeURIComponent(indicator.replace(/\p{Cs}/gu, '\uFFFD')).replace(/[!'()*~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return `https://www.virustotal.com/gui/${GUI_PATHS[kind]}/${encoded}`;
}

/** Every reason collectIndicators counts in `notSent` (our words). */
export const NOT_SENT_REASONS: ReadonlySet<string> = new Set([
  ...Object.values(RANGE_REASONS),
  ...LOCAL_SUFFIXES.map((entry) => entry.reason),
  'not an IP address',
  'not a valid DNS name',
  'single-label name',
  'not a sha256',
]);
