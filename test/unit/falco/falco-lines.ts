// Builds alert lines exactly as Falco writes them with json_output=true: nlohmann::json dump with
// sorted keys and no spaces, "time" in UTC with nine fractional digits, "output" prefixed by
// "%evt.time: <Priority>", and output_fields holding raw JSON values ("evt.time" as an integer of
// nanoseconds, pids as integers, absent values as null).
export interface LineSpec {
  rule: string;
  priority: string;
  /** ISO with nanoseconds, e.g. 2026-11-23T04:00:21.123456789Z */
  time: string;
  message?: string;
  fields?: Record<string, string | number | null>;
  /** pid then ancestors, nearest first: proc.pid, proc.apid[1] … */
  chain?: number[];
  tags?: string[];
  hostname?: string;
}

export function epochNsText(time: string): string {
  const match = /^(.*T\d{2}:\d{2}:\d{2})\.(\d{9})Z$/.exec(time);
  if (!match) throw new Error(`bad test time ${time}`);
  return `${Date.parse(`${match[1]}Z`) / 1000}${match[2]}`;
}

export function falcoLine(spec: LineSpec): string {
  const fields: Record<string, string | number | null> = { ...(spec.fields ?? {}) };
  const chain = spec.chain ?? [];
  if (chain[0] !== undefined) fields['proc.pid'] = chain[0];
  if (chain[1] !== undefined) fields['proc.ppid'] = chain[1];
  for (let level = 1; level <= 12; level += 1) fields[`proc.apid[${level}]`] = chain[level] ?? null;
  fields['evt.time'] = -1; // replaced below by the raw integer Falco prints
  const sortedFields = Object.fromEntries(Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const clock = spec.time.slice(11, 29);
  const body = {
    hostname: spec.hostname ?? 'fv-az1234-567',
    output: `${clock}: ${spec.priority} ${spec.message ?? 'something happened'}`,
    output_fields: sortedFields,
    priority: spec.priority,
    rule: spec.rule,
    source: 'syscall',
    tags: spec.tags ?? ['T1552', 'filesystem', 'mitre_credential_access'],
    time: spec.time,
  };
  return JSON.stringify(body).replace('"evt.time":-1', `"evt.time":${epochNsText(spec.time)}`);
}

export const RUNNER_WORKER_PID = 2100;

/** A marker alert of the "Falco Actions Step Process" rule for a step root process. */
export function markerLine(time: string, pid: number, cmdline: string, runnerWorkerPid = RUNNER_WORKER_PID): string {
  const exepath = cmdline.split(' ')[0] ?? '';
  return falcoLine({
    rule: 'Falco Actions Step Process',
    priority: 'Debug',
    time,
    message: `Runner.Worker started a step process (pid=${pid} cmdline=${cmdline})`,
    chain: [pid, runnerWorkerPid, 2000, 1],
    fields: { 'proc.cmdline': cmdline, 'proc.exepath': exepath, 'proc.pname': 'Runner.Worker' },
    tags: ['falco_actions'],
  });
}
