import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CAPTURE_FILE_NAME,
  CAPTURE_LABEL_VALUE,
  CONTAINER_CAPTURE_DIR,
  DEFAULT_SYSDIG_IMAGE,
  sysdigCommand,
  sysdigContainerSpec,
  type SysdigContainerInput,
} from '../../../src/capture/container.ts';
import { CONTAINER_LABEL } from '../../../src/falco/container.ts';

const input: SysdigContainerInput = {
  name: 'falco-actions-capture-1-abcd',
  image: DEFAULT_SYSDIG_IMAGE,
  captureDirHostPath: '/runner/temp/falco-actions/x/capture',
  filter: 'not evt.type in (futex, nanosleep)',
  snaplen: 256,
  dockerSocketPath: '/var/run/docker.sock',
};

describe('sysdig container', () => {
  it('pins a release of sysdig, never latest', () => {
    assert.match(DEFAULT_SYSDIG_IMAGE, /^sysdig\/sysdig:\d+\.\d+\.\d+$/);
  });

  it('runs sysdig with modern eBPF, writing to the bound folder, the snaplen and the filter as one argument', () => {
    assert.deepEqual(sysdigCommand(input), [
      'sysdig',
      '--modern-bpf',
      '-w',
      `${CONTAINER_CAPTURE_DIR}/${CAPTURE_FILE_NAME}`,
      '--snaplen=256',
      'not evt.type in (futex, nanosleep)',
    ]);
  });

  it('passes no filter argument when nothing is ignored', () => {
    assert.deepEqual(sysdigCommand({ filter: '', snaplen: 80 }), ['sysdig', '--modern-bpf', '-w', '/capture/capture.scap', '--snaplen=80']);
  });

  it('is privileged, mounts the host read-only and only the capture folder read-write', () => {
    const spec = sysdigContainerSpec(input);
    assert.equal(spec.name, input.name);
    assert.equal(spec.image, input.image);
    assert.equal(spec.privileged, true);
    assert.deepEqual(spec.cmd, sysdigCommand(input));
    // No sleep or shell wrapper: readiness is proven by the probe in the capture, not by waiting.
    assert.equal(spec.entrypoint, undefined);
    assert.ok(!spec.cmd.some((arg) => /^(sleep|sh|bash|\/bin\/sh)$/.test(arg)), spec.cmd.join(' '));
    assert.deepEqual(spec.binds, [
      { hostPath: '/proc', containerPath: '/host/proc', readOnly: true },
      { hostPath: '/etc', containerPath: '/host/etc', readOnly: true },
      { hostPath: '/var/run/docker.sock', containerPath: '/host/var/run/docker.sock', readOnly: true },
      { hostPath: input.captureDirHostPath, containerPath: CONTAINER_CAPTURE_DIR, readOnly: false },
    ]);
    // Modern eBPF needs no kernel module: none of the module-building mounts of sysdig's README.
    for (const bind of spec.binds) assert.ok(!/^\/(dev|boot|lib\/modules|usr)/.test(bind.hostPath), bind.hostPath);
  });

  it('leaves out the docker socket when the engine is not local', () => {
    const spec = sysdigContainerSpec({ ...input, dockerSocketPath: undefined });
    assert.deepEqual(
      spec.binds.map((bind) => bind.containerPath),
      ['/host/proc', '/host/etc', CONTAINER_CAPTURE_DIR],
    );
  });

  it('carries live mode’s role label, so that one sweep finds both kinds of containers', () => {
    assert.deepEqual(sysdigContainerSpec(input).labels, { [CONTAINER_LABEL]: CAPTURE_LABEL_VALUE });
    const labelled = sysdigContainerSpec({ ...input, labels: { 'io.github.falco-actions.run': '7' } });
    assert.deepEqual(labelled.labels, { [CONTAINER_LABEL]: CAPTURE_LABEL_VALUE, 'io.github.falco-actions.run': '7' });
  });
});
