// The only module that talks to the Docker engine (through dockerode). Everything else uses this
// small, typed surface. Engine errors are turned into messages a CI user can act on.
import Docker from 'dockerode';
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../action/errors.ts';
import { MultiplexedLogSplitter, type LogStreamName } from './log-lines.ts';
import { PullProgressReporter } from './pull-progress.ts';

/** Where the engine is, as the user would write it, and the unix socket path when it is local. */
export interface EngineAddress {
  where: string;
  unixSocketPath: string | undefined;
}

export function describeEngineAddress(env: NodeJS.ProcessEnv = process.env): EngineAddress {
  const host = env.DOCKER_HOST?.trim();
  if (!host) return { where: 'unix:///var/run/docker.sock', unixSocketPath: '/var/run/docker.sock' };
  if (host.startsWith('unix://')) {
    const path = host.slice('unix://'.length) || '/var/run/docker.sock';
    return { where: `unix://${path}`, unixSocketPath: path };
  }
  return { where: host, unixSocketPath: undefined };
}

/** A failure talking to the engine; the message is meant for the job log as it is. */
export class DockerError extends UserError {
  constructor(
    message: string,
    readonly statusCode?: number,
  ) {
    super(message);
    this.name = 'DockerError';
  }
}

export class DockerUnreachableError extends DockerError {
  constructor(where: string, reason: string) {
    super(
      `Cannot reach the Docker engine at ${where}: ${reason}. Is Docker running? ` +
        'On a self-hosted runner start the Docker service, or set DOCKER_HOST to where the engine listens.',
    );
    this.name = 'DockerUnreachableError';
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOENT', 'EACCES', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENOTFOUND', 'EPIPE']);

interface EngineFailure {
  statusCode?: number;
  code?: string;
  reason?: string;
  json?: unknown;
  message?: string;
}

function engineMessage(error: unknown): string {
  const failure = (error ?? {}) as EngineFailure;
  const json = failure.json as { message?: unknown } | null | undefined;
  if (json && typeof json === 'object' && typeof json.message === 'string') return json.message;
  if (Buffer.isBuffer(failure.json)) return failure.json.toString('utf8').trim();
  return failure.message ?? String(error);
}

export interface BindMount {
  hostPath: string;
  containerPath: string;
  readOnly: boolean;
}

export interface ContainerSpec {
  name: string;
  image: string;
  cmd: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  privileged: boolean;
  binds: BindMount[];
  labels: Record<string, string>;
  /** 'none': no network at all (a replay of a capture needs none); absent: the engine's default. */
  networkMode?: 'none';
}

export interface ContainerStatus {
  running: boolean;
  /** The container's init process on the engine's host (0 or absent when not running). */
  pid: number | undefined;
  exitCode: number | undefined;
  status: string;
  error: string;
}

export interface ContainerUsage {
  cpuSeconds: number | undefined;
  /** The cgroup's memory figure (peak on cgroup v1, else current): it counts the page cache of every
   *  file the container read (Falco's rules, plugins, /proc), so it is not what Falco holds. */
  memoryBytes: number | undefined;
  memoryIsPeak: boolean;
  /** Anonymous memory of the cgroup when read (cgroup v2 "anon", v1 "total_rss"/"rss"): what its
   *  processes hold resident, without page cache. */
  residentBytes: number | undefined;
  /** Page cache charged to the cgroup when read (v2 "file", v1 "total_cache"/"cache"). */
  cacheBytes: number | undefined;
}

// memory_stats.stats holds the cgroup's memory.stat: v2 names (anon, file) or v1 names (rss, cache,
// total_rss, total_cache), as the engine read them (moby daemon/stats).
const statsSchema = z.object({
  cpu_stats: z.object({ cpu_usage: z.object({ total_usage: z.number() }).partial() }).partial().optional(),
  memory_stats: z
    .object({ usage: z.number(), max_usage: z.number(), stats: z.record(z.string(), z.number()) })
    .partial()
    .optional(),
});

function firstStat(stats: Record<string, number> | undefined, names: readonly string[]): number | undefined {
  for (const name of names) {
    const value = stats?.[name];
    if (value !== undefined && Number.isFinite(value) && value >= 0) return value;
  }
  return undefined;
}

export interface LogFollower {
  /** Resolves when the log stream ends (the container stopped) or the follower is closed. */
  done: Promise<void>;
  close(): void;
}

export interface EngineOptions {
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before a request the engine does not answer is abandoned. */
  requestTimeoutMs?: number;
}

export class DockerEngine {
  readonly address: EngineAddress;
  private readonly docker: Docker;

  constructor(options: EngineOptions = {}) {
    const env = options.env ?? process.env;
    this.address = describeEngineAddress(env);
    const modemOptions: Docker.DockerOptions = {};
    if (this.address.unixSocketPath !== undefined) modemOptions.socketPath = this.address.unixSocketPath;
    else {
      let url: URL;
      try {
        url = new URL(this.address.where.includes('//') ? this.address.where : `tcp://${this.address.where}`);
      } catch {
        throw new DockerError(`DOCKER_HOST is not a valid address: ${JSON.stringify(this.address.where)}. Use unix:///path/to/docker.sock or tcp://host:port.`);
      }
      if (url.protocol !== 'tcp:' && url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new DockerError(`DOCKER_HOST scheme ${url.protocol} is not supported here. Use unix:///path/to/docker.sock or tcp://host:port.`);
      }
      modemOptions.host = url.hostname;
      modemOptions.port = url.port || (env.DOCKER_TLS_VERIFY === '1' ? '2376' : '2375');
      modemOptions.protocol = env.DOCKER_TLS_VERIFY === '1' || url.protocol === 'https:' ? 'https' : 'http';
    }
    if (options.requestTimeoutMs !== undefined) modemOptions.timeout = options.requestTimeoutMs;
    this.docker = new Docker(modemOptions);
  }

  get where(): string {
    return this.address.where;
  }

  /** The unix socket of a local engine, when it exists on this machine (Falco reads container metadata from it). */
  localSocketPath(): string | undefined {
    const path = this.address.unixSocketPath;
    return path !== undefined && existsSync(path) ? path : undefined;
  }

  private translate(error: unknown, doing: string): DockerError {
    if (error instanceof DockerError) return error;
    const failure = (error ?? {}) as EngineFailure;
    if (failure.code !== undefined && CONNECTION_CODES.has(failure.code)) {
      return new DockerUnreachableError(this.where, engineMessage(error));
    }
    if (/timeout|socket hang up/i.test(failure.message ?? '') && failure.statusCode === undefined) {
      return new DockerUnreachableError(this.where, engineMessage(error));
    }
    return new DockerError(`${doing} failed: ${engineMessage(error)}`, failure.statusCode);
  }

  private async call<T>(doing: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw this.translate(error, doing);
    }
  }

  /** Checks the engine answers; throws DockerUnreachableError with a clear message when it does not. */
  async ping(): Promise<{ serverVersion: string }> {
    return this.call('Contacting the Docker engine', async () => {
      await this.docker.ping();
      const version = (await this.docker.version()) as { Version?: string };
      return { serverVersion: version.Version ?? 'unknown' };
    });
  }

  async imagePresent(reference: string): Promise<boolean> {
    try {
      await this.docker.getImage(reference).inspect();
      return true;
    } catch (error) {
      if ((error as EngineFailure).statusCode === 404) return false;
      throw this.translate(error, `Inspecting image ${reference}`);
    }
  }

  /** Pulls an image, logging throttled progress; does nothing when it is already present. */
  async ensureImage(reference: string, log: (line: string) => void, progressIntervalMs = 5000): Promise<'present' | 'pulled'> {
    if (await this.imagePresent(reference)) {
      log(`Image ${reference} is already present; not pulling.`);
      return 'present';
    }
    log(`Pulling ${reference} ...`);
    const stream = await this.call(`Pulling image ${reference}`, () => this.docker.pull(reference));
    const reporter = new PullProgressReporter(log, progressIntervalMs);
    await new Promise<void>((resolve, reject) => {
      let failure: string | undefined;
      this.docker.modem.followProgress(
        stream,
        (error: unknown) => {
          if (error) reject(this.translate(error, `Pulling image ${reference}`));
          else if (failure !== undefined) reject(new DockerError(`Pulling image ${reference} failed: ${failure}`));
          else resolve();
        },
        (event: unknown) => {
          failure ??= reporter.handle(event);
        },
      );
    });
    if (!(await this.imagePresent(reference))) {
      throw new DockerError(`Pulling image ${reference} ended without the image being present.`);
    }
    return 'pulled';
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    return this.call(`Creating container ${spec.name} from ${spec.image}`, async () => {
      const container = await this.docker.createContainer({
        name: spec.name,
        Image: spec.image,
        Cmd: spec.cmd,
        ...(spec.entrypoint ? { Entrypoint: spec.entrypoint } : {}),
        Env: Object.entries(spec.env ?? {}).map(([key, value]) => `${key}=${value}`),
        Labels: spec.labels,
        Tty: false,
        AttachStdout: false,
        AttachStderr: false,
        HostConfig: {
          Privileged: spec.privileged,
          Binds: spec.binds.map((bind) => `${bind.hostPath}:${bind.containerPath}:${bind.readOnly ? 'ro' : 'rw'}`),
          AutoRemove: false,
          ...(spec.networkMode !== undefined ? { NetworkMode: spec.networkMode } : {}),
        },
      });
      return container.id;
    });
  }

  async startContainer(id: string): Promise<void> {
    await this.call('Starting the container', () => this.docker.getContainer(id).start());
  }

  /** Follows the container's log from its beginning, line by line, until it stops or close() is called. */
  async followLogs(id: string, onLine: (line: string, stream: LogStreamName) => void): Promise<LogFollower> {
    const stream = (await this.call('Following the container log', () =>
      this.docker.getContainer(id).logs({ follow: true, stdout: true, stderr: true, timestamps: false }),
    )) as NodeJS.ReadableStream & { destroy?: () => void };
    const splitter = new MultiplexedLogSplitter(onLine);
    const done = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => splitter.push(chunk));
      const finish = () => {
        splitter.end();
        resolve();
      };
      stream.on('end', finish);
      stream.on('close', finish);
      stream.on('error', finish);
    });
    return {
      done,
      close: () => stream.destroy?.(),
    };
  }

  /** The last lines of the container's log (both streams, in order). */
  async logTail(id: string, lines: number): Promise<string[]> {
    const buffer = (await this.call('Reading the container log', () =>
      this.docker.getContainer(id).logs({ follow: false, stdout: true, stderr: true, tail: lines }),
    )) as Buffer;
    const collected: string[] = [];
    const splitter = new MultiplexedLogSplitter((line) => collected.push(line));
    splitter.push(Buffer.isBuffer(buffer) ? buffer : Buffer.from(String(buffer)));
    splitter.end();
    return collected;
  }

  async status(id: string): Promise<ContainerStatus | undefined> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      return {
        running: info.State.Running,
        pid: info.State.Running && info.State.Pid > 0 ? info.State.Pid : undefined,
        exitCode: info.State.Running ? undefined : info.State.ExitCode,
        status: info.State.Status,
        error: info.State.Error ?? '',
      };
    } catch (error) {
      if ((error as EngineFailure).statusCode === 404) return undefined;
      throw this.translate(error, 'Inspecting the container');
    }
  }

  /** CPU time and memory of a running container, as the engine's stats report them. */
  async usage(id: string): Promise<ContainerUsage> {
    const raw = await this.call('Reading container stats', () => this.docker.getContainer(id).stats({ stream: false }));
    const stats = statsSchema.parse(raw);
    const totalNs = stats.cpu_stats?.cpu_usage?.total_usage;
    const peak = stats.memory_stats?.max_usage;
    const usage = stats.memory_stats?.usage;
    const memoryStat = stats.memory_stats?.stats;
    return {
      cpuSeconds: totalNs !== undefined && totalNs > 0 ? totalNs / 1e9 : undefined,
      memoryBytes: peak !== undefined && peak > 0 ? peak : usage,
      memoryIsPeak: peak !== undefined && peak > 0,
      residentBytes: firstStat(memoryStat, ['anon', 'total_rss', 'rss']),
      cacheBytes: firstStat(memoryStat, ['file', 'total_cache', 'cache']),
    };
  }

  /** Sends SIGTERM (the image's stop signal) and waits up to graceSeconds before the engine kills it. */
  async stopContainer(id: string, graceSeconds: number): Promise<{ exitCode: number | undefined }> {
    try {
      await this.docker.getContainer(id).stop({ t: graceSeconds });
    } catch (error) {
      const code = (error as EngineFailure).statusCode;
      // 304: already stopped. 404: already gone.
      if (code !== 304 && code !== 404) throw this.translate(error, 'Stopping the container');
    }
    const status = await this.status(id);
    return { exitCode: status?.exitCode };
  }

  /** Removes the container whatever its state; a container already gone is fine. */
  async removeContainer(id: string): Promise<'removed' | 'absent'> {
    try {
      await this.docker.getContainer(id).remove({ force: true, v: true });
      return 'removed';
    } catch (error) {
      const code = (error as EngineFailure).statusCode;
      if (code === 404) return 'absent';
      // 409: removal already in progress.
      if (code === 409) return 'removed';
      throw this.translate(error, 'Removing the container');
    }
  }

  /** Ids of containers (running or not) carrying the given label. */
  async containersWithLabel(label: string, value: string): Promise<string[]> {
    const list = await this.call('Listing containers', () =>
      this.docker.listContainers({ all: true, filters: { label: [`${label}=${value}`] } }),
    );
    return list.map((entry) => entry.Id);
  }
}
