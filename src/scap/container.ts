// Container identity as libsinsp derives it: from a thread's cgroup paths (the container runtime puts
// the 64-hex container id in them), and container metadata from the container-info events.
// zod's mini build: the same checks without the classic build's locale tables, which would add a
// noticeable share of the reader's start-up time to every bundle that reads captures.
import * as z from 'zod/mini';
import type { ContainerInfo } from './model.ts';

/** Every runtime's id is 64 hex digits: entries without such a run are skipped at once. */
const ANY_ID = /[0-9a-f]{64}/;

const CONTAINER_ID_PATTERNS: readonly RegExp[] = [
  // docker (cgroupfs and systemd drivers), podman/libpod, containerd/cri-containerd, cri-o
  /\/docker\/([0-9a-f]{64})(?:\/|$)/,
  /docker-([0-9a-f]{64})\.scope/,
  /libpod-([0-9a-f]{64})(?:\.scope|\/|$)/,
  /cri-containerd-([0-9a-f]{64})\.scope/,
  /crio-([0-9a-f]{64})(?:\.scope|\/|$)/,
  /\/kubepods[^\n]*\/([0-9a-f]{64})(?:\/|$)/,
  /\/ecs\/[^/]+\/([0-9a-f]{64})(?:\/|$)/,
];

/** The short (12-hex) container id found in cgroup entries such as "cpu=/docker/<64 hex>", or 'host'. */
export function containerIdFromCgroups(cgroups: readonly string[]): string {
  for (const entry of cgroups) {
    if (!ANY_ID.test(entry)) continue;
    const path = entry.slice(entry.indexOf('=') + 1);
    for (const pattern of CONTAINER_ID_PATTERNS) {
      const match = pattern.exec(path);
      if (match !== null) return match[1]!.slice(0, 12);
    }
  }
  return 'host';
}

/** Ids already derived, by the raw cgroups bytes (as latin1 text: one char per byte). A job's threads
 *  share a handful of cgroup sets; bounded against hostile captures with endless distinct ones. */
const containerIdsByCgroups = new Map<string, string>();
const CONTAINER_ID_CACHE_LIMIT = 4096;

/** containerIdFromCgroups over raw NUL-separated cgroups bytes, remembered by content. */
export function containerIdFromCgroupBytes(bytes: Uint8Array): string {
  const key = Buffer.isBuffer(bytes) ? bytes.toString('latin1') : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  let id = containerIdsByCgroups.get(key);
  if (id === undefined) {
    id = containerIdFromCgroups(splitCgroups(bytes));
    if (containerIdsByCgroups.size >= CONTAINER_ID_CACHE_LIMIT) containerIdsByCgroups.clear();
    containerIdsByCgroups.set(key, id);
  }
  return id;
}

/** Splits NUL-separated cgroup bytes into strings. */
export function splitCgroups(bytes: Uint8Array): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0) {
      if (i > start) out.push(Buffer.from(bytes.buffer, bytes.byteOffset + start, i - start).toString('utf8'));
      start = i + 1;
    }
  }
  return out;
}

const CONTAINER_TYPE_NAMES: readonly string[] = [
  'docker',
  'lxc',
  'libvirt-lxc',
  'mesos',
  'rkt',
  'custom',
  'cri',
  'containerd',
  'cri-o',
  'bpm',
  'static',
  'podman',
];

/** Container type code (the old container event's `type` parameter) to name. */
export function containerTypeName(code: number): string {
  return CONTAINER_TYPE_NAMES[code] ?? String(code);
}

/** The container-info event's JSON, {"container": {...}}: hostile input, checked before use. Unknown
 *  fields are dropped; wrongly typed ones make the event unusable. */
const ContainerEventSchema = z.object({
  container: z.object({
    id: z.string(),
    name: z.optional(z.string()),
    image: z.optional(z.string()),
    imagerepo: z.optional(z.string()),
    imagetag: z.optional(z.string()),
    type: z.optional(z.union([z.number(), z.string()])),
    privileged: z.optional(z.boolean()),
  }),
});

/** Bounds on the labels kept from one container event (hostile input): Docker puts a handful on a
 *  container (image labels included); a label beyond these is dropped, the container is kept. */
export const CONTAINER_LABEL_LIMITS = { count: 100, keyChars: 256, valueChars: 4096 } as const;

/**
 * The container's labels as the container plugin (falcosecurity/plugins container 0.7.1,
 * container_info_json.cpp) reads them from the "labels" member: absent or null is no labels; otherwise an
 * object of string values, read into a std::map<string, string> (anything else throws there, and the
 * container is not added), so a wrongly typed member makes the event unusable here too. Returns null for
 * that case. Labels past CONTAINER_LABEL_LIMITS are dropped (in the map's key order, as the plugin keeps them).
 */
function labelsFromJson(value: unknown): Record<string, string> | undefined | null {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  if (entries.some(([, label]) => typeof label !== 'string')) return null;
  const kept = (entries as [string, string][])
    .filter(([key, label]) => key.length <= CONTAINER_LABEL_LIMITS.keyChars && label.length <= CONTAINER_LABEL_LIMITS.valueChars)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, CONTAINER_LABEL_LIMITS.count);
  if (kept.length === 0) return undefined;
  // A null prototype: a label named "__proto__" or "constructor" is just a label.
  const labels = Object.create(null) as Record<string, string>;
  for (const [key, label] of kept) labels[key] = label;
  return labels;
}

export function containerFromJson(json: string): ContainerInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  // The container event wraps the fields in {"container": ...}; accept the bare object too.
  const wrapped = typeof parsed === 'object' && parsed !== null && !('container' in parsed) ? { container: parsed } : parsed;
  const result = ContainerEventSchema.safeParse(wrapped);
  if (!result.success) return undefined;
  const fields = result.data.container;
  const info: ContainerInfo = { id: fields.id, name: fields.name ?? '', image: fields.image ?? '' };
  if (fields.imagerepo !== undefined) info.imageRepository = fields.imagerepo;
  if (fields.imagetag !== undefined) info.imageTag = fields.imagetag;
  if (typeof fields.type === 'number') info.type = containerTypeName(fields.type);
  else if (fields.type !== undefined) info.type = fields.type;
  if (fields.privileged !== undefined) info.privileged = fields.privileged;
  // Read from the parsed JSON, not zod's copy: JSON.parse keeps a "__proto__" key as a plain property.
  const labels = labelsFromJson((wrapped as { container: Record<string, unknown> }).container.labels);
  if (labels === null) return undefined;
  if (labels !== undefined) info.labels = labels;
  return info;
}
