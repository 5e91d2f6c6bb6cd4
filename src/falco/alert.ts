import { z } from 'zod';
import { parseFalcoPriority, type FalcoPriority } from './priority.ts';

// One line of Falco's JSON output (json_output=true), as built by falco_formats::format_event in
// falcosecurity/falco userspace/engine/formats.cpp: nlohmann::json with sorted keys
// {"hostname","output","output_fields","priority","rule","source","tags","time"} ("message" only with
// json_include_message_property). "output", "output_fields" and "tags" can each be switched off in
// falco.yaml, so they are optional here; "time" is always ISO 8601 UTC with nanoseconds.
const ISO_NANOS = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?Z$/;

export const FalcoAlertLineSchema = z.object({
  hostname: z.string().optional(),
  output: z.string().optional(),
  message: z.string().optional(),
  // Values are whatever libsinsp's JSON formatter emits: strings, numbers, booleans, null.
  output_fields: z.record(z.string(), z.unknown()).optional(),
  priority: z.string().refine((value) => parseFalcoPriority(value) !== undefined, {
    message: 'is not a Falco priority (Emergency, Alert, Critical, Error, Warning, Notice, Informational, Debug)',
  }),
  rule: z.string().min(1),
  source: z.string().optional(),
  tags: z.array(z.string()).optional(),
  time: z.string().regex(ISO_NANOS, { message: 'is not an ISO 8601 UTC time such as 2025-02-26T22:39:47.261363951Z' }),
});

export type FalcoAlertLine = z.infer<typeof FalcoAlertLineSchema>;

/** A validated alert, with its time made comparable to the nanosecond. */
export interface FalcoAlert {
  /** 1-based line of the events file the alert came from. */
  lineNumber: number;
  time: string;
  /** Nanoseconds since the Unix epoch, exact (Falco prints nine fractional digits). */
  epochNs: bigint;
  rule: string;
  priority: FalcoPriority;
  source: string | undefined;
  hostname: string | undefined;
  output: string;
  tags: string[];
  fields: Record<string, unknown>;
}

/** Nanoseconds since the epoch for an ISO time with up to nine fractional digits; undefined if malformed. */
export function isoToEpochNs(time: string): bigint | undefined {
  const match = ISO_NANOS.exec(time);
  if (!match || match[1] === undefined) return undefined;
  const wholeMs = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(wholeMs)) return undefined;
  const fraction = (match[2] ?? '').padEnd(9, '0');
  return BigInt(wholeMs) * 1_000_000n + BigInt(fraction);
}

/** Validates one parsed JSON value; the error text names the first offending field. */
export function toFalcoAlert(
  value: unknown,
  lineNumber: number,
): { ok: true; alert: FalcoAlert } | { ok: false; reason: string } {
  const parsed = FalcoAlertLineSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `field "${issue.path.join('.')}"` : 'line';
    return { ok: false, reason: `not a Falco alert: ${where} ${issue?.message ?? 'is invalid'}` };
  }
  const line = parsed.data;
  const epochNs = isoToEpochNs(line.time);
  const priority = parseFalcoPriority(line.priority);
  if (epochNs === undefined || priority === undefined) {
    return { ok: false, reason: 'not a Falco alert: field "time" is not a valid date' };
  }
  return {
    ok: true,
    alert: {
      lineNumber,
      time: line.time,
      epochNs,
      rule: line.rule,
      priority,
      source: line.source,
      hostname: line.hostname,
      output: line.output ?? line.message ?? '',
      tags: line.tags ?? [],
      fields: line.output_fields ?? {},
    },
  };
}

/**
 * A pid-valued output field. libsinsp's JSON formatter gives numbers; fields added through
 * append_output as formatted (non-raw) strings come as decimal text; absent values are null or "<NA>".
 */
export function pidField(fields: Record<string, unknown>, key: string): number | undefined {
  const value = fields[key];
  if (typeof value === 'number' && Number.isSafeInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\d{1,10}$/.test(value)) {
    const pid = Number(value);
    return pid > 0 ? pid : undefined;
  }
  return undefined;
}

/** A string-valued output field, undefined when absent or null. */
export function textField(fields: Record<string, unknown>, key: string): string | undefined {
  const value = fields[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** How many ancestors every alert carries (proc.apid[1] .. proc.apid[12]): start asks Falco for them
 *  (falcoActionsConfig in container.ts) and attribution walks them. */
export const MAX_ANCESTOR_DEPTH = 12;

/**
 * The alert's own pid then its ancestors, nearest first: "proc.pid", "proc.apid[1]" (or "proc.ppid"
 * when apid[1] is missing) … "proc.apid[12]". Missing levels are skipped, order is kept.
 */
export function processChain(alert: FalcoAlert): number[] {
  const chain: number[] = [];
  const own = pidField(alert.fields, 'proc.pid');
  if (own !== undefined) chain.push(own);
  for (let level = 1; level <= MAX_ANCESTOR_DEPTH; level += 1) {
    const ancestor =
      pidField(alert.fields, `proc.apid[${level}]`) ?? (level === 1 ? pidField(alert.fields, 'proc.ppid') : undefined);
    if (ancestor !== undefined) chain.push(ancestor);
  }
  return chain;
}
