// Guards for tests that need something outside the repository (a Docker engine, sysdig, the shared
// captures, the local registry). Under CI (CI=true) a missing thing is a failure: CI promises it via
// `bash .ci/setup.sh`. Elsewhere the test is skipped with the reason, and the guard returns false.
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { ciStateDir, repoRoot, sharedCapturesDir, sharedFalcoDir } from './paths.ts';

export { repoRoot, sharedCapturesDir, sharedFalcoDir };

/** The local registry setup.sh starts; test images live under it. */
export function testRegistry(): string {
  return '127.0.0.1:5000';
}

/** The busybox base image setup.sh builds and pushes. */
export function baseImage(): string {
  return `${testRegistry()}/falco-actions-test/busybox:latest`;
}

/** The real Falco 0.44.1 image (test/images/falco: ../shared/falco/0.44.1 laid out as the official image). */
export function falcoImage(): string {
  return `${testRegistry()}/falcosecurity/falco:0.44.1`;
}

/**
 * DOCKER_HOST value of the "strict" engine setup.sh starts: plain runc as its runtime, so on hosts
 * lacking CAP_SYS_RESOURCE it refuses privileged containers ("unable to apply caps"). Fault tests point
 * DOCKER_HOST at it to see how the product handles an engine that cannot start Falco.
 */
export function strictDockerHost(): string {
  return `unix://${join(ciStateDir(), 'strict-docker.sock')}`;
}

export function isCi(): boolean {
  return process.env.CI === 'true';
}

/** Fails under CI, skips elsewhere. Always returns false so guards read `if (!(await requireX(t))) return;`. */
function unavailable(t: TestContext, what: string, provider = '`bash .ci/setup.sh` (as root) provides it'): false {
  const reason = `${what}; ${provider}`;
  if (isCi()) throw new Error(`CI=true but ${reason}`);
  t.skip(reason);
  return false;
}

function succeeds(file: string, args: readonly string[], env?: NodeJS.ProcessEnv, timeoutMs = 10_000): Promise<boolean> {
  return new Promise((resolvePromise) => {
    execFile(file, [...args], { timeout: timeoutMs, env: env ?? process.env }, (error) => resolvePromise(error === null));
  });
}

/** The real Falco binary of ../shared/falco/0.44.1 (run in place with its run-falco.sh). */
export function requireSharedFalco(t: TestContext): boolean {
  const script = join(sharedFalcoDir(), 'run-falco.sh');
  return (
    existsSync(script) ||
    unavailable(t, `the shared Falco build is missing (${script})`, 'CI clones the repository with shared/ beside it (or set FALCO_ACTIONS_SHARED_FALCO)')
  );
}

/** The shared scap captures directory exists and holds at least one capture. */
export function requireSharedCaptures(t: TestContext): boolean {
  const dir = sharedCapturesDir();
  const present = existsSync(dir) && readdirSync(dir).some((name) => name.endsWith('.scap') || name.endsWith('.scap.gz'));
  return (
    present ||
    unavailable(
      t,
      `the shared captures directory ${dir} is missing or holds no .scap file`,
      'CI clones the repository with shared/ beside it (or set FALCO_ACTIONS_SHARED_CAPTURES)',
    )
  );
}

const dockerChecks = new Map<string, Promise<boolean>>();

/** A Docker engine answers (DOCKER_HOST or the default socket), checked once per process per host. */
export async function requireDocker(t: TestContext): Promise<boolean> {
  const host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock';
  let check = dockerChecks.get(host);
  if (check === undefined) {
    check = succeeds('docker', ['version', '--format', '{{.Server.Version}}']);
    dockerChecks.set(host, check);
  }
  return (await check) || unavailable(t, `no Docker engine answers on ${host}`);
}

/** The strict engine (plain runc) answers on strictDockerHost(). */
export async function requireStrictDocker(t: TestContext): Promise<boolean> {
  const host = strictDockerHost();
  const answers = await succeeds('docker', ['-H', host, 'version', '--format', '{{.Server.Version}}']);
  return answers || unavailable(t, `the strict Docker engine does not answer on ${host}`);
}

/** sysdig (the capture oracle) runs. */
export async function requireSysdig(t: TestContext): Promise<boolean> {
  const runs = await succeeds('sysdig', ['--version']);
  return runs || unavailable(t, 'sysdig is not installed (Debian package sysdig)');
}

/** The local registry answers /v2/. */
export async function requireRegistry(t: TestContext): Promise<boolean> {
  let answers = false;
  try {
    const response = await fetch(`http://${testRegistry()}/v2/`, { signal: AbortSignal.timeout(5_000) });
    answers = response.ok;
  } catch {
    answers = false;
  }
  return answers || unavailable(t, `the test registry does not answer on http://${testRegistry()}/v2/`);
}

/** The registry holds `image` (repository:tag under testRegistry()). */
export async function requireRegistryImage(t: TestContext, image: string): Promise<boolean> {
  if (!(await requireRegistry(t))) return false;
  const present = await registryHasImage(image);
  return present || unavailable(t, `the test registry holds no image ${image}`);
}

/** Asks the registry's v2 API whether a manifest for `image` exists. */
export async function registryHasImage(image: string): Promise<boolean> {
  const prefix = `${testRegistry()}/`;
  if (!image.startsWith(prefix)) throw new Error(`registryHasImage: ${image} is not under ${prefix}`);
  const rest = image.slice(prefix.length);
  const colon = rest.lastIndexOf(':');
  const [repository, tag] = colon > rest.lastIndexOf('/') ? [rest.slice(0, colon), rest.slice(colon + 1)] : [rest, 'latest'];
  try {
    const response = await fetch(`http://${testRegistry()}/v2/${repository}/manifests/${tag}`, {
      method: 'HEAD',
      headers: {
        accept: [
          'application/vnd.docker.distribution.manifest.v2+json',
          'application/vnd.docker.distribution.manifest.list.v2+json',
          'application/vnd.oci.image.manifest.v1+json',
          'application/vnd.oci.image.index.v1+json',
        ].join(', '),
      },
      signal: AbortSignal.timeout(5_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The Node 24 binary setup.sh installs (FALCO_ACTIONS_NODE24 overrides), or undefined when absent.
 * The harness runs `using: node24` actions with it.
 */
export function node24Binary(): string | undefined {
  const candidate = process.env.FALCO_ACTIONS_NODE24 ?? '/opt/falco-actions-ci/node24/bin/node';
  return existsSync(candidate) ? candidate : undefined;
}

/** Node 24 is installed (for tests that must prove a bundle runs on Node 24). */
export function requireNode24(t: TestContext): boolean {
  return node24Binary() !== undefined || unavailable(t, 'Node 24 is not installed at /opt/falco-actions-ci/node24/bin/node');
}

/** Path of a repository file, for messages and fixtures. */
export function repoPath(...segments: string[]): string {
  return join(repoRoot(), ...segments);
}
