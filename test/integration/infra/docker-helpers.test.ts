// The test-side docker helpers find, inspect and clean up containers the way the suites use them.
import { strict as assert } from 'node:assert';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  containerByName,
  containersByLabel,
  docker,
  dockerOk,
  inspectContainer,
  removeContainersByLabel,
} from '../../support/docker.ts';
import { baseImage, requireDocker, requireRegistryImage } from '../../support/env.ts';

describe('test/support/docker.ts', () => {
  it('finds containers by label and name, inspects and removes them', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, baseImage()))) return;
    const runLabel = `falco-actions-test.infra-run=${randomUUID()}`;
    const name = `fa-infra-${randomUUID().slice(0, 8)}`;
    try {
      await dockerOk(['run', '-d', '--name', name, '--label', runLabel, '--label', 'falco-actions-test.role=sleeper,with-comma', '--network', 'none', baseImage(), 'sleep', '60']);
      await dockerOk(['create', '--label', runLabel, '--network', 'none', baseImage(), 'true']);
      const [key, value] = runLabel.split('=') as [string, string];
      const all = await containersByLabel(key, value);
      assert.equal(all.length, 2, 'running and created containers are both listed by default');
      const running = await containersByLabel(key, value, { all: false });
      assert.equal(running.length, 1);
      assert.deepEqual(running[0]?.names, [name]);
      assert.equal(running[0]?.state, 'running');
      assert.equal(running[0]?.labels[key], value);

      const byName = await containerByName(name);
      assert.equal(byName?.id, running[0]?.id);
      assert.equal(await containerByName(`${name}-absent`), undefined);
      // A name that is a prefix of another container's name does not match it.
      assert.equal(await containerByName(name.slice(0, -1)), undefined);

      const inspected = await inspectContainer(name);
      assert.equal((inspected?.Config as { Labels: Record<string, string> }).Labels['falco-actions-test.role'], 'sleeper,with-comma');
      assert.equal(await inspectContainer(`${name}-absent`), undefined);

      const removed = await removeContainersByLabel(key, value);
      assert.equal(removed.length, 2);
      assert.deepEqual(await containersByLabel(key, value), []);
    } finally {
      await docker(['rm', '--force', name]);
      const [key, value] = runLabel.split('=') as [string, string];
      await removeContainersByLabel(key, value);
    }
  });
});
