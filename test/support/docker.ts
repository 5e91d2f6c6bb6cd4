// Test-side Docker helpers: setup and inspection through the `docker` CLI (execFile, argument arrays).
// Production code talks to Docker only through src/docker/ (dockerode); these exist so tests can check
// what the product did without sharing its client.
import { execFile } from 'node:child_process';

export interface DockerOptions {
  /** DOCKER_HOST for this call (e.g. strictDockerHost()); default: the inherited environment. */
  host?: string;
  timeoutMs?: number;
}

export interface DockerResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `docker <args>` and resolves with its exit code and output (never rejects on a non-zero exit). */
export function docker(args: readonly string[], options: DockerOptions = {}): Promise<DockerResult> {
  const env = options.host === undefined ? process.env : { ...process.env, DOCKER_HOST: options.host };
  return new Promise((resolvePromise, reject) => {
    execFile(
      'docker',
      [...args],
      { env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          // Spawn failure or timeout: not a docker exit status.
          reject(new Error(`docker ${args.join(' ')}: ${error.message}`));
          return;
        }
        resolvePromise({ exitCode: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

/** Runs `docker <args>`, rejects with docker's stderr when it exits non-zero; resolves with stdout. */
export async function dockerOk(args: readonly string[], options: DockerOptions = {}): Promise<string> {
  const result = await docker(args, options);
  if (result.exitCode !== 0) {
    throw new Error(`docker ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`);
  }
  return result.stdout;
}

export interface ContainerSummary {
  id: string;
  names: string[];
  image: string;
  state: string;
  /** From `docker ps`, which joins labels with commas: a value containing a comma is cut there
   *  (use inspectContainer for exact label values). */
  labels: Record<string, string>;
}

function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === '') return labels;
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    if (equals > 0) labels[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return labels;
}

async function listContainers(filters: readonly string[], options: DockerOptions & { all?: boolean }): Promise<ContainerSummary[]> {
  const args = ['ps', '--no-trunc', '--format', '{{json .}}'];
  if (options.all !== false) args.push('--all');
  for (const filter of filters) args.push('--filter', filter);
  const stdout = await dockerOk(args, options);
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as { ID: string; Names: string; Image: string; State: string; Labels: string };
      return { id: row.ID, names: row.Names.split(','), image: row.Image, state: row.State, labels: parseLabels(row.Labels) };
    });
}

/** Containers (running or not unless all=false) carrying label `key` (and `value` when given). */
export function containersByLabel(
  key: string,
  value?: string,
  options: DockerOptions & { all?: boolean } = {},
): Promise<ContainerSummary[]> {
  return listContainers([value === undefined ? `label=${key}` : `label=${key}=${value}`], options);
}

/** The container with exactly this name, or undefined. */
export async function containerByName(name: string, options: DockerOptions = {}): Promise<ContainerSummary | undefined> {
  const matches = await listContainers([`name=^/?${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`], options);
  return matches.find((container) => container.names.includes(name));
}

/** `docker inspect` of a container as parsed JSON, or undefined when it does not exist. */
export async function inspectContainer(idOrName: string, options: DockerOptions = {}): Promise<Record<string, unknown> | undefined> {
  const result = await docker(['container', 'inspect', idOrName], options);
  if (result.exitCode !== 0) {
    if (/no such (container|object)/i.test(result.stderr)) return undefined;
    throw new Error(`docker container inspect ${idOrName}: ${result.stderr.trim()}`);
  }
  const parsed = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
  return parsed[0];
}

/** Force-removes containers (and their anonymous volumes); missing ones are ignored. */
export async function removeContainers(ids: readonly string[], options: DockerOptions = {}): Promise<void> {
  if (ids.length === 0) return;
  const result = await docker(['rm', '--force', '--volumes', ...ids], options);
  if (result.exitCode !== 0 && !/no such container/i.test(result.stderr)) {
    throw new Error(`docker rm ${ids.join(' ')}: ${result.stderr.trim()}`);
  }
}

/** Force-removes every container carrying label `key` (=`value`); for test cleanup. Returns the ids. */
export async function removeContainersByLabel(key: string, value?: string, options: DockerOptions = {}): Promise<string[]> {
  const ids = (await containersByLabel(key, value, options)).map((container) => container.id);
  await removeContainers(ids, options);
  return ids;
}

/** Whether the engine holds `image` locally. */
export async function imagePresent(image: string, options: DockerOptions = {}): Promise<boolean> {
  const result = await docker(['image', 'inspect', '--format', '{{.Id}}', image], options);
  return result.exitCode === 0;
}

/** Removes `image` from the engine (not the registry) so the next use pulls it for real. */
export async function removeImageLocally(image: string, options: DockerOptions = {}): Promise<void> {
  const result = await docker(['image', 'rm', '--force', image], options);
  if (result.exitCode !== 0 && !/no such image/i.test(result.stderr)) {
    throw new Error(`docker image rm ${image}: ${result.stderr.trim()}`);
  }
}

/** Pulls `image` quietly. */
export async function pullImage(image: string, options: DockerOptions = {}): Promise<void> {
  await dockerOk(['pull', '--quiet', image], options);
}
