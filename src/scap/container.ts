// Container identity as libsinsp derives it: from a thread's cgroup paths (the container runtime puts
// the 64-hex container id in them), and container metadata from the container-info events.
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

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The JSON container event carries {"container": {...}}; fields we do not know are ignored. */
export function containerFromJson(json: string): ContainerInfo | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const container = (parsed as Record<string, unknown>)['container'];
  if (typeof container !== 'object' || container === null) return undefined;
  const fields = container as Record<string, unknown>;
  const id = text(fields['id']);
  if (id === undefined) return undefined;
  const info: ContainerInfo = { id, name: text(fields['name']) ?? '', image: text(fields['image']) ?? '' };
  const repository = text(fields['imagerepo']);
  if (repository !== undefined) info.imageRepository = repository;
  const tag = text(fields['imagetag']);
  if (tag !== undefined) info.imageTag = tag;
  const type = fields['type'];
  if (typeof type === 'number') info.type = containerTypeName(type);
  else if (typeof type === 'string') info.type = type;
  if (typeof fields['privileged'] === 'boolean') info.privileged = fields['privileged'];
  return info;
}
