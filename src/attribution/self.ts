// falco-actions' own processes and Falco's own are the monitoring at work, not the job: their alerts
// (stop and post talk to the Docker socket, start runs a readiness probe) are left out of the findings
// and counted in a note. They are recognised by the pids start, stop and post recorded of themselves
// (and the engine's pid of Falco's container), each within the time that process existed, never by a
// process name, which any step can copy.
import { processChain, type FalcoAlert } from '../falco/alert.ts';
import type { OwnProcess } from '../live/state.ts';
import { note, type Note } from './note.ts';

export interface MonitoringSelf {
  ownProcesses: readonly OwnProcess[];
  /** Falco's host pid: it and its descendants are Falco (a `docker exec` into its container is not). */
  falcoPid?: number;
}

export type OwnRole = OwnProcess['role'] | 'falco';

const NS_PER_MS = 1_000_000n;

/** Which of our processes an alert comes from (itself or an ancestor within 12 levels), if any. */
export function ownRoleOf(alert: FalcoAlert, self: MonitoringSelf): OwnRole | undefined {
  const chain = processChain(alert);
  if (chain.length === 0) return undefined;
  // Falco runs for the whole time alerts can exist, so its pid is nobody else's meanwhile.
  if (self.falcoPid !== undefined && chain.includes(self.falcoPid)) return 'falco';
  const ms = Number(alert.epochNs / NS_PER_MS);
  const own = self.ownProcesses.find(
    (process) => chain.includes(process.pid) && ms >= process.fromMs && (process.toMs === undefined || ms <= process.toMs),
  );
  return own?.role;
}

const ROLE_WORDS: Record<OwnRole, string> = {
  start: "falco-actions start's own process",
  probe: "start's readiness probe",
  stop: "falco-actions stop's own process",
  post: "falco-actions' post step process",
  falco: "Falco's own process",
};

const MAX_RULES_NAMED = 5;

/** One note per role: how many alerts were left out, of which rules, and how they were recognised. */
export function leftOutNotes(leftOut: ReadonlyMap<OwnRole, readonly FalcoAlert[]>, self: MonitoringSelf): Note[] {
  const notes: Note[] = [];
  for (const [role, alerts] of leftOut) {
    const rules = [...new Set(alerts.map((alert) => alert.rule))];
    const named = rules.slice(0, MAX_RULES_NAMED).map((rule) => note`${rule}`);
    const more = rules.length > MAX_RULES_NAMED ? [` and ${rules.length - MAX_RULES_NAMED} more`] : [];
    const pids =
      role === 'falco'
        ? [self.falcoPid ?? 0]
        : [...new Set(self.ownProcesses.filter((process) => process.role === role).map((process) => process.pid))];
    const recognised = role === 'falco' ? 'the pid the Docker engine gave for the Falco container' : 'the pid it recorded of itself';
    notes.push([
      `left out ${alerts.length} alert${alerts.length === 1 ? '' : 's'} of ${ROLE_WORDS[role]} (pid ${pids.join(', ')}; rules `,
      ...named.flatMap((part, index) => (index === 0 ? part : [', ', ...part])),
      ...more,
      `): the monitoring at work, not the job, recognised by ${recognised}, not by its name`,
    ]);
  }
  return notes;
}
