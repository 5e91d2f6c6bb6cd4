// src/docker against the real engine: reachability errors, pulls from the local registry, the
// container life cycle Falco's container goes through, and the strict engine refusing privileges.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, connect, type AddressInfo } from 'node:net';
import { describe, it, after } from 'node:test';
import { DockerEngine, DockerError, DockerUnreachableError } from '../../../src/docker/engine.ts';
import { containersByLabel, docker, dockerOk, removeContainersByLabel } from '../../support/docker.ts';
import { baseImage, requireDocker, requireRegistryImage, requireStrictDocker, strictDockerHost, testRegistry } from '../../support/env.ts';

const LABEL = 'io.github.falco-actions.test';
const RUN = randomBytes(4).toString('hex');

after(async () => {
  await removeContainersByLabel(LABEL, RUN).catch(() => undefined);
  await removeContainersByLabel(LABEL, RUN, { host: strictDockerHost() }).catch(() => undefined);
});

describe('engine reachability', () => {
  it('names the address and the reason when nothing listens on the unix socket', async () => {
    const engine = new DockerEngine({ env: { DOCKER_HOST: 'unix:///nonexistent/falco-actions/docker.sock' } });
    await assert.rejects(engine.ping(), (error: unknown) => {
      assert.ok(error instanceof DockerUnreachableError);
      assert.match(error.message, /^Cannot reach the Docker engine at unix:\/\/\/nonexistent\/falco-actions\/docker\.sock: .*ENOENT.*Is Docker running\?/);
      return true;
    });
  });

  it('names the address when a tcp DOCKER_HOST refuses connections', async () => {
    const engine = new DockerEngine({ env: { DOCKER_HOST: 'tcp://127.0.0.1:1' } });
    await assert.rejects(engine.ping(), /Cannot reach the Docker engine at tcp:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);
  });

  it('refuses a DOCKER_HOST it cannot use, saying which forms work', () => {
    assert.throws(() => new DockerEngine({ env: { DOCKER_HOST: 'ssh://user@host' } }), /DOCKER_HOST scheme ssh: is not supported.*unix:\/\/\/path/);
  });

  it('talks to an engine over tcp:// (a TCP relay to the local engine) and mounts no socket then', async (t) => {
    if (!(await requireDocker(t))) return;
    const local = new DockerEngine().address.unixSocketPath ?? '/var/run/docker.sock';
    const relay = createServer((client) => {
      const upstream = connect(local);
      client.pipe(upstream).pipe(client);
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close);
      upstream.on('error', close);
    });
    await new Promise<void>((resolveListen) => relay.listen(0, '127.0.0.1', resolveListen));
    try {
      const { port } = relay.address() as AddressInfo;
      const engine = new DockerEngine({ env: { DOCKER_HOST: `tcp://127.0.0.1:${port}` } });
      assert.equal(engine.where, `tcp://127.0.0.1:${port}`);
      assert.equal(engine.localSocketPath(), undefined);
      assert.match((await engine.ping()).serverVersion, /^\d+\.\d+/);
      assert.equal(await engine.imagePresent(`${testRegistry()}/falco-actions-test/absent-${RUN}:1`), false);
    } finally {
      relay.close();
    }
  });

  it('answers on the engine the environment names', async (t) => {
    if (!(await requireDocker(t))) return;
    const engine = new DockerEngine();
    const { serverVersion } = await engine.ping();
    assert.match(serverVersion, /^\d+\.\d+/);
  });
});

describe('images', () => {
  it('pulls an image missing locally with a few progress lines, then finds it present', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    // A repository only this test uses, so the pull is real whatever else runs.
    const image = `${testRegistry()}/falco-actions-test/docker-it-${RUN}:1`;
    await dockerOk(['pull', '-q', baseImage()]);
    await dockerOk(['tag', baseImage(), image]);
    await dockerOk(['push', image]);
    await dockerOk(['image', 'rm', image]);
    try {
      const engine = new DockerEngine();
      const lines: string[] = [];
      assert.equal(await engine.ensureImage(image, (line) => lines.push(line)), 'pulled');
      assert.ok(lines.includes(`Status: Downloaded newer image for ${image}`), lines.join('\n'));
      assert.ok(lines.length < 20, `progress is throttled: ${lines.length} lines`);
      const again: string[] = [];
      assert.equal(await engine.ensureImage(image, (line) => again.push(line)), 'present');
      assert.deepEqual(again, [`Image ${image} is already present; not pulling.`]);
    } finally {
      await docker(['image', 'rm', image]);
    }
  });

  it('says which image could not be pulled and why', async (t) => {
    if (!(await requireDocker(t))) return;
    const engine = new DockerEngine();
    const image = `${testRegistry()}/falco-actions-test/absent-${RUN}:0.0.0`;
    await assert.rejects(engine.ensureImage(image, () => undefined), (error: unknown) => {
      assert.ok(error instanceof DockerError);
      assert.ok(!(error instanceof DockerUnreachableError));
      assert.match(error.message, new RegExp(`^Pulling image ${image.replace(/[.]/g, '\\.')} failed: .*(not found|unknown)`, 'i'));
      return true;
    });
  });
});

describe('container life cycle', () => {
  it('creates, starts, follows logs, reads usage, stops with SIGTERM and removes', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    const engine = new DockerEngine();
    await engine.ensureImage(baseImage(), () => undefined);
    const id = await engine.createContainer({
      name: `falco-actions-it-${RUN}-life`,
      image: baseImage(),
      cmd: ['sh', '-c', "trap 'echo got TERM >&2; exit 0' TERM; echo ready; echo err-line >&2; while :; do sleep 0.1; done"],
      privileged: false,
      binds: [{ hostPath: '/proc', containerPath: '/host/proc', readOnly: true }],
      labels: { [LABEL]: RUN },
    });
    try {
      await engine.startContainer(id);
      const lines: string[] = [];
      let sawReady!: () => void;
      const ready = new Promise<void>((resolveReady) => (sawReady = resolveReady));
      const follower = await engine.followLogs(id, (line, stream) => {
        lines.push(`${stream}:${line}`);
        if (line === 'ready') sawReady();
      });
      await ready;
      assert.equal((await engine.status(id))?.running, true);
      const usage = await engine.usage(id);
      assert.ok(usage.memoryBytes !== undefined && usage.memoryBytes > 0);
      const { exitCode } = await engine.stopContainer(id, 10);
      assert.equal(exitCode, 0, 'the container handled SIGTERM itself');
      await follower.done;
      assert.ok(lines.includes('stdout:ready'));
      assert.ok(lines.includes('stderr:err-line'));
      assert.ok(lines.includes('stderr:got TERM'));
      assert.deepEqual(await engine.logTail(id, 1), ['got TERM']);
    } finally {
      assert.equal(await engine.removeContainer(id), 'removed');
    }
    assert.equal(await engine.removeContainer(id), 'absent');
    assert.equal(await engine.status(id), undefined);
    assert.deepEqual(await containersByLabel(LABEL, RUN), []);
  });

  it('reports the engine refusing a privileged container on the strict engine', async (t) => {
    if (!(await requireStrictDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    const engine = new DockerEngine({ env: { DOCKER_HOST: strictDockerHost() } });
    await engine.ensureImage(baseImage(), () => undefined);
    const id = await engine.createContainer({
      name: `falco-actions-it-${RUN}-strict`,
      image: baseImage(),
      cmd: ['true'],
      privileged: true,
      binds: [],
      labels: { [LABEL]: RUN },
    });
    try {
      await assert.rejects(engine.startContainer(id), (error: unknown) => {
        assert.ok(error instanceof DockerError);
        assert.match(error.message, /^Starting the container failed: /);
        return true;
      });
    } finally {
      await engine.removeContainer(id);
    }
    assert.deepEqual(await containersByLabel(LABEL, RUN, { host: strictDockerHost() }), []);
  });
});
