// The hand-off from start (mode: analyze) to stop and to start's post step: the same file and variable
// as live mode (src/live/hand-off.ts), told apart by `mode`. Validated on the way back in: the file sits
// where the job can write it.
import { z } from 'zod';
import { ownProcessSchema } from '../live/state.ts';

const pid = z.number().int().positive();

export const captureStateSchema = z.object({
  version: z.literal(1),
  mode: z.literal('analyze'),
  containerId: z.string().min(1),
  containerName: z.string().min(1),
  /** The sysdig image reference the capture ran from. */
  image: z.string().min(1),
  /** Host path of the capture file sysdig writes (read by stop once sysdig has closed it). */
  captureFile: z.string().min(1),
  /** Host directory holding the capture and generated files, removed by stop. */
  workDir: z.string().min(1),
  snaplen: z.number().int().positive(),
  /** Syscalls left out of the capture (the syscall-ignore config), sorted. */
  ignoredSyscalls: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/)).max(1000),
  verbose: z.boolean(),
  startedAt: z.iso.datetime(),
  /** When the readiness probe was found in the capture: from then on every process is recorded. */
  readyAt: z.iso.datetime().optional(),
  /** sysdig's own process on this host (the container's init). */
  sysdigPid: pid.optional(),
  /** start's parent: the runner's Runner.Worker, the parent of every step process of this job. */
  runnerWorkerPid: pid.optional(),
  /** start, its readiness probes, and (once stopping) stop or post. */
  ownProcesses: z.array(ownProcessSchema).max(1000).optional(),
  stoppedAt: z.iso.datetime().optional(),
  stoppedBy: z.enum(['stop', 'post']).optional(),
});
export type CaptureState = z.infer<typeof captureStateSchema>;
