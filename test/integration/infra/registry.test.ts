// The CI infrastructure as the other suites rely on it: the base image build pushes to the local
// registry and leaves no local copy (so tests pull for real), the main engine starts the production
// container spec (privileged) through the runc wrapper, and the strict engine refuses it where the
// host lacks CAP_SYS_RESOURCE.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { docker, dockerOk, imagePresent, pullImage, removeImageLocally } from '../../support/docker.ts';
import {
  baseImage,
  registryHasImage,
  repoRoot,
  requireDocker,
  requireRegistry,
  requireRegistryImage,
  requireStrictDocker,
  strictDockerHost,
  testRegistry,
} from '../../support/env.ts';

const CAP_SYS_RESOURCE = 24n;

function hostHasCapability(bit: bigint): boolean {
  const line = readFileSync('/proc/self/status', 'utf8').split('\n').find((entry) => entry.startsWith('CapBnd:'));
  return line !== undefined && ((BigInt(`0x${line.split(/\s+/)[1]}`) >> bit) & 1n) === 1n;
}

function runBuildScript(env: Record<string, string>): Promise<{ code: number; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile('bash', [join(repoRoot(), 'test', 'images', 'base', 'build.sh')], { env: { ...process.env, ...env }, timeout: 120_000 }, (error, _stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : Number(error.code ?? 1), stderr });
    });
  });
}

async function deleteFromRegistry(repository: string, tag: string): Promise<void> {
  const manifest = await fetch(`http://${testRegistry()}/v2/${repository}/manifests/${tag}`, {
    method: 'HEAD',
    headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' },
  });
  const digest = manifest.headers.get('docker-content-digest');
  if (digest !== null) await fetch(`http://${testRegistry()}/v2/${repository}/manifests/${digest}`, { method: 'DELETE' });
}

describe('CI infrastructure', () => {
  it('base image build pushes to the registry and removes the local copy; the image then pulls and runs', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistry(t))) return;
    const repository = `falco-actions-test/infra-probe-${randomUUID().slice(0, 8)}`;
    const image = `${testRegistry()}/${repository}:latest`;
    try {
      const build = await runBuildScript({ REGISTRY: testRegistry(), BASE_IMAGE: image });
      assert.equal(build.code, 0, build.stderr);
      assert.equal(await registryHasImage(image), true, 'the registry serves the pushed manifest');
      assert.equal(await imagePresent(image), false, 'build.sh leaves no local copy, so the next use is a real pull');
      await pullImage(image);
      assert.equal(await imagePresent(image), true);
      const out = await dockerOk(['run', '--rm', '--network', 'none', image, 'sh', '-c', 'echo "$(basename "$(readlink /bin/ls)") $0"']);
      assert.equal(out.trim(), 'busybox sh', 'applets are symlinks to /bin/busybox inside the image');
    } finally {
      await removeImageLocally(image);
      await deleteFromRegistry(repository, 'latest');
    }
  });

  it('the main engine starts a privileged container (the production spec)', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    const out = await dockerOk(['run', '--rm', '--privileged', '--network', 'none', baseImage(), 'grep', '^CapEff:', '/proc/self/status']);
    const effective = BigInt(`0x${out.trim().split(/\s+/)[1]}`);
    // Privileged: CAP_SYS_ADMIN (21) and CAP_SYS_PTRACE (19), which Falco's modern_ebpf needs. (Docker
    // 20.10 predates CAP_BPF/CAP_PERFMON in its capability list; CAP_SYS_ADMIN covers them.)
    assert.equal((effective >> 21n) & 1n, 1n);
    assert.equal((effective >> 19n) & 1n, 1n);
    if (!hostHasCapability(CAP_SYS_RESOURCE)) {
      assert.equal((effective >> CAP_SYS_RESOURCE) & 1n, 0n, 'the runc wrapper dropped what the host cannot grant');
    }
  });

  it('the strict engine refuses a privileged container where the host lacks CAP_SYS_RESOURCE', async (t) => {
    if (!(await requireStrictDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    const plain = await docker(['run', '--rm', '--network', 'none', baseImage(), 'true'], { host: strictDockerHost() });
    assert.equal(plain.exitCode, 0, `an unprivileged container runs on the strict engine: ${plain.stderr}`);
    if (hostHasCapability(CAP_SYS_RESOURCE)) {
      t.skip('this host has CAP_SYS_RESOURCE, so plain runc starts privileged containers');
      return;
    }
    const privileged = await docker(['run', '--rm', '--privileged', '--network', 'none', baseImage(), 'true'], { host: strictDockerHost() });
    assert.notEqual(privileged.exitCode, 0);
    assert.match(privileged.stderr, /unable to apply caps: operation not permitted/);
  });
});
