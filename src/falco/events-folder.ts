// The folder Falco writes its events file into, under RUNNER_TEMP, bind-mounted into Falco's container.
import { chmod, mkdir } from 'node:fs/promises';

/**
 * Owner (the runner user) rwx, group and others r-x: no other user of the host may add, replace or
 * remove the events file. Falco needs no write bit for itself: it runs as root in a privileged
 * container, and root passes permission checks (CAP_DAC_OVERRIDE); under rootless Docker its root is
 * the runner user, the owner. Falco creates events.json as root, mode 0644, which the runner user
 * reads; stop rewrites it by rename (dropProbeLines), which needs write on this folder only.
 * The limit: the monitored job runs as this same user (and on GitHub-hosted runners has passwordless
 * sudo), so it can still change the file; the mode keeps other users out, not the job.
 */
export const EVENTS_FOLDER_MODE = 0o755;

export async function makeEventsFolder(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: EVENTS_FOLDER_MODE });
  // mkdir's mode passes through the umask; the folder must be exactly this.
  await chmod(path, EVENTS_FOLDER_MODE);
}
