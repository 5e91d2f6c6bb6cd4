// The sysdig container of analyze mode: sysdig's own docker run line (its README's "Run Sysdig in a
// container": privileged, the host's /proc, /etc and docker socket under /host) reduced to what the
// modern eBPF probe needs (no kernel module: no /dev, /boot, /lib/modules or /usr), recording to a folder
// of ours bound in. Pure: builds a ContainerSpec; the caller creates the folder and talks to the engine.
import type { BindMount, ContainerSpec } from '../docker/engine.ts';
import { CONTAINER_LABEL } from '../falco/container.ts';

/** The pinned sysdig release start runs by default (never `latest`: a capture must be reproducible).
 *  The test recorder image (test/images/sysdig-recorder/build.sh) is tagged with the same version. */
export const DEFAULT_SYSDIG_IMAGE = 'sysdig/sysdig:0.40.1';

/** Bytes of each read and write buffer the capture keeps (the seed's sysdig -s 256): enough for DNS
 *  queries and the first line of an HTTP request, small enough to keep secrets and captures bounded. */
export const CAPTURE_SNAPLEN = 256;

/** Where the capture folder appears in the container, and the capture file's name in it. */
export const CONTAINER_CAPTURE_DIR = '/capture';
export const CAPTURE_FILE_NAME = 'capture.scap';

/** The label value of sysdig containers (the label itself is live mode's, so one sweep finds both). */
export const CAPTURE_LABEL_VALUE = 'sysdig-capture';

export interface SysdigContainerInput {
  name: string;
  image: string;
  /** Host directory sysdig writes the capture into (bound read-write at CONTAINER_CAPTURE_DIR). */
  captureDirHostPath: string;
  /** sysdig's filter, `not evt.type in (...)` (captureFilter), or '' for every event. */
  filter: string;
  snaplen: number;
  /** The engine's unix socket on this machine, when local: sysdig reads container metadata from it. */
  dockerSocketPath: string | undefined;
  labels?: Record<string, string>;
}

/** sysdig's command line: modern eBPF, write to the bound folder, the snaplen, the filter as one argument. */
export function sysdigCommand(input: Pick<SysdigContainerInput, 'filter' | 'snaplen'>): string[] {
  const command = ['sysdig', '--modern-bpf', '-w', `${CONTAINER_CAPTURE_DIR}/${CAPTURE_FILE_NAME}`, `--snaplen=${input.snaplen}`];
  if (input.filter !== '') command.push(input.filter);
  return command;
}

export function sysdigContainerSpec(input: SysdigContainerInput): ContainerSpec {
  const binds: BindMount[] = [
    { hostPath: '/proc', containerPath: '/host/proc', readOnly: true },
    { hostPath: '/etc', containerPath: '/host/etc', readOnly: true },
  ];
  if (input.dockerSocketPath !== undefined) {
    binds.push({ hostPath: input.dockerSocketPath, containerPath: '/host/var/run/docker.sock', readOnly: true });
  }
  binds.push({ hostPath: input.captureDirHostPath, containerPath: CONTAINER_CAPTURE_DIR, readOnly: false });
  return {
    name: input.name,
    image: input.image,
    cmd: sysdigCommand(input),
    privileged: true,
    binds,
    labels: { [CONTAINER_LABEL]: CAPTURE_LABEL_VALUE, ...(input.labels ?? {}) },
  };
}
