// Falco's eight priorities, most severe first (falcosecurity/falco userspace/engine/falco_common.cpp:
// priority_names). Falco prints them capitalised in JSON ("Warning", "Informational"); our inputs and
// outputs use the lower-case names.
export const FALCO_PRIORITIES = [
  'emergency',
  'alert',
  'critical',
  'error',
  'warning',
  'notice',
  'informational',
  'debug',
] as const;

export type FalcoPriority = (typeof FALCO_PRIORITIES)[number];

const SEVERITY_RANK: ReadonlyMap<string, number> = new Map(FALCO_PRIORITIES.map((name, index) => [name, index]));

/**
 * Reads a priority the way Falco does: case-insensitive, and "info" is accepted as "informational"
 * (Falco's parse_priority keeps that legacy alias). Returns undefined for anything else.
 */
export function parseFalcoPriority(text: string): FalcoPriority | undefined {
  const lower = text.trim().toLowerCase();
  if (lower === 'info') return 'informational';
  return SEVERITY_RANK.has(lower) ? (lower as FalcoPriority) : undefined;
}

/** 0 for emergency … 7 for debug: a smaller rank is more severe. */
export function priorityRank(priority: FalcoPriority): number {
  return SEVERITY_RANK.get(priority) ?? FALCO_PRIORITIES.length;
}

/** True when `priority` is as severe as `threshold` or more. */
export function isAtLeast(priority: FalcoPriority, threshold: FalcoPriority): boolean {
  return priorityRank(priority) <= priorityRank(threshold);
}

/** The most severe of the given priorities, undefined for none. */
export function highestPriority(priorities: Iterable<FalcoPriority>): FalcoPriority | undefined {
  let best: FalcoPriority | undefined;
  for (const priority of priorities) {
    if (best === undefined || priorityRank(priority) < priorityRank(best)) best = priority;
  }
  return best;
}

/** Falco's own spelling, as it prints it in alerts ("Informational", "Warning"). */
export function falcoPriorityLabel(priority: FalcoPriority): string {
  return priority.charAt(0).toUpperCase() + priority.slice(1);
}
