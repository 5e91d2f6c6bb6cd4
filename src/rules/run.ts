// Evaluates loaded rules on every event of a capture, offline: how a team tunes a rule against a false
// positive without Falco or Docker. A damaged capture is read on past the damage (src/scap/reader.ts):
// the report keeps every match and says what was lost.
import { z } from 'zod';
import { readCapture } from '../scap/index.ts';
import type { ReadOptions } from '../scap/reader.ts';
import type { ScapEvent } from '../scap/model.ts';
import { inventoryDamage } from '../inventory/inventory.ts';
import { eventTypesOf, isInternalEvent, parseFilter, type EvalContext } from '../filter/index.ts';
import { isoTime } from '../filter/fields.ts';
import { PRIORITIES, type RulePriority } from './schema.ts';
import type { LoadedRule, RuleSet } from './loader.ts';
import { falcoEventModel, FalcoEventNumbering } from './falco-version.ts';
import { hostileCode } from '../report/escape.ts';

const FiredRuleSchema = z.object({ rule: z.string(), priority: z.enum(PRIORITIES), matches: z.number().int() });

/** Stretches of the capture that could not be read (the reader went on after each): events in them are
 * lost. The inventory's shape (src/inventory/inventory.ts inventoryDamage). */
const ReportDamageSchema = z.object({
  regionCount: z.number().int(),
  bytesSkipped: z.number().int(),
  /** Set when reading stopped there (no valid block followed). */
  stoppedAt: z.number().int().nullable(),
  regions: z.array(
    z.object({
      offset: z.number().int(),
      bytesSkipped: z.number().int(),
      resumedAt: z.number().int().nullable(),
      problem: z.string(),
      eventsBefore: z.number().int(),
      /** The lost events lie between these times (null: no dated event on that side). */
      lastEventTimeBefore: z.string().nullable(),
      firstEventTimeAfter: z.string().nullable(),
    }),
  ),
});

export const RuleTestReportSchema = z.object({
  /** First, what a reader wants first: which rules fired and how often, most severe first. */
  summary: z.object({ rulesFired: z.number().int(), matches: z.number().int(), fired: z.array(FiredRuleSchema) }),
  capture: z.string(),
  /** The Falco release whose event model the run follows (which events reach the rules, evt.num). */
  falcoVersion: z.string(),
  events: z.number().int(),
  truncated: z.boolean(),
  /** null when the capture is whole; every match outside the damage is in the report either way. */
  damage: ReportDamageSchema.nullable(),
  rules: z.array(
    z.object({
      rule: z.string(),
      priority: z.enum(PRIORITIES),
      tags: z.array(z.string()),
      enabled: z.boolean(),
      /** Set when the rule was not evaluated although enabled: why (a Falco field we cannot evaluate). */
      skipped: z.string().optional(),
      matches: z.number().int(),
      events: z.array(z.object({ num: z.number().int(), time: z.string(), output: z.string() })),
    }),
  ),
});
export type RuleTestReport = z.infer<typeof RuleTestReportSchema>;

export interface RunOptions {
  /** Told the file bytes and events read after each read of the evaluating pass (a progress display). */
  onProgress?: ReadOptions['onProgress'];
  /** Evaluate disabled rules too (they are listed either way). */
  includeDisabled?: boolean;
  /** Keep at most this many events per rule in the report (matches still counts all). */
  maxEventsPerRule?: number;
  /** Count as this Falco release does (see falco-version.ts); the actions' default release when absent. */
  falcoVersion?: string;
  /** Told every match as it happens, in event order (rules in load order within an event), while the
   *  event and its thread state are current: analyze's native engine builds its alerts here. */
  onMatch?: (rule: LoadedRule, event: ScapEvent, context: EvalContext) => void;
}

/** The capture's user and container tables, read without decoding events (a first, cheap pass). */
export async function captureContext(path: string): Promise<EvalContext> {
  const summary = await readCapture(path, () => undefined, { eventNames: new Set() });
  return {
    users: new Map(summary.users.map((user) => [user.uid, user])),
    containers: new Map(summary.containers.map((container) => [container.id, container])),
  };
}

/** Runs every (enabled) rule of the set on every event of the capture. */
export async function runRulesOnCapture(set: RuleSet, capturePath: string, options: RunOptions = {}): Promise<RuleTestReport> {
  const context = await captureContext(capturePath);
  const maxEvents = options.maxEventsPerRule ?? Number.POSITIVE_INFINITY;
  const expandOptions = {
    macros: new Map([...set.macros].map(([name, macro]) => [name, parseFilter(macro.condition)])),
    lists: new Map([...set.lists].map(([name, list]) => [name, list.items])),
  };
  const entries = set.rules
    .filter((rule) => rule.source === 'syscall')
    .map((rule) => {
      const evaluate = rule.predicate !== undefined && rule.expr !== undefined && (rule.enabled || options.includeDisabled === true);
      return {
        rule,
        evaluate,
        // Falco's per-rule evt.type set: the rule is tried only on those events.
        types: evaluate && rule.expr !== undefined ? eventTypesOf(rule.expr, expandOptions) : undefined,
        matches: 0,
        events: [] as RuleTestReport['rules'][number]['events'],
      };
    });
  const active = entries.filter((entry) => entry.evaluate);
  const model = falcoEventModel(options.falcoVersion);
  const anyType = active.some((entry) => entry.types === undefined);
  const wanted = new Set(active.flatMap((entry) => [...(entry.types ?? [])]));
  const evaluate = (event: ScapEvent): void => {
    if (isInternalEvent(event)) return;
    for (const entry of active) {
      if (entry.types !== undefined && !entry.types.has(event.name)) continue;
      const predicate = entry.rule.predicate as NonNullable<LoadedRule['predicate']>;
      if (!predicate(event, context)) continue;
      entry.matches++;
      options.onMatch?.(entry.rule, event, context);
      if (entry.events.length < maxEvents) {
        entry.events.push({
          num: event.num,
          time: isoTime(event.ts),
          output: entry.rule.format === undefined ? entry.rule.output : entry.rule.format(event, context),
        });
      }
    }
  };
  const progress = options.onProgress ? { onProgress: options.onProgress } : {};
  let summary;
  if (model.dropsSyscallEnterEvents) {
    // Falco's evt.num counts events the reader would not deliver for these rules: read them all (each
    // only inside the callback), number them as Falco does, and evaluate those that reach Falco's rules.
    const numbering = new FalcoEventNumbering(model);
    summary = await readCapture(
      capturePath,
      (event: ScapEvent) => {
        const num = numbering.next(event);
        if (num === undefined || (!anyType && !wanted.has(event.name))) return;
        event.num = num;
        evaluate(event);
      },
      { transientEvents: true, ...progress },
    );
  } else {
    // Older Falco gives every event to the rules and numbers every record: the reader decodes only the
    // event types some rule can match (all of them if one rule can match any).
    summary = await readCapture(capturePath, evaluate, anyType ? { ...progress } : { eventNames: wanted, ...progress });
  }
  const fired = entries
    .filter((entry) => entry.matches > 0)
    .map((entry) => ({ rule: entry.rule.name, priority: entry.rule.priority, matches: entry.matches }))
    .sort((a, b) => PRIORITIES.indexOf(a.priority) - PRIORITIES.indexOf(b.priority) || b.matches - a.matches);
  return {
    summary: { rulesFired: fired.length, matches: fired.reduce((total, rule) => total + rule.matches, 0), fired },
    capture: capturePath,
    falcoVersion: model.falcoVersion,
    events: summary.events,
    truncated: summary.truncated !== undefined,
    damage: inventoryDamage(summary.damage),
    rules: entries.map((entry) => ({
      rule: entry.rule.name,
      priority: entry.rule.priority,
      tags: entry.rule.tags,
      enabled: entry.rule.enabled,
      ...(entry.rule.skipped !== undefined ? { skipped: entry.rule.skipped } : {}),
      matches: entry.matches,
      events: entry.events,
    })),
  };
}

/** Whether a rule at `priority` or more severe fired (what `rules test --fail-on` fails on). */
export function firedAtOrAbove(report: RuleTestReport, priority: RulePriority): boolean {
  return report.summary.fired.some((rule) => PRIORITIES.indexOf(rule.priority) <= PRIORITIES.indexOf(priority));
}

export function renderRuleTestMarkdown(report: RuleTestReport): string {
  const lines: string[] = [];
  lines.push(`# Rules on ${hostileCode(report.capture)}`, '');
  lines.push(`${report.events} events${report.truncated ? ' (the capture is truncated: its last block is incomplete)' : ''}, matched and numbered as Falco ${hostileCode(report.falcoVersion)} does.`, '');
  if (report.damage !== null) {
    lines.push(`**The capture is damaged**: ${report.damage.regionCount} damaged ${report.damage.regionCount === 1 ? 'region' : 'regions'}, ${report.damage.bytesSkipped} bytes skipped; the events in them are lost, every match outside them is below.`, '');
  }
  lines.push('## Summary', '');
  if (report.summary.fired.length === 0) lines.push('No rule fired.', '');
  else {
    lines.push(`${report.summary.rulesFired} ${report.summary.rulesFired === 1 ? 'rule' : 'rules'} fired, ${report.summary.matches} ${report.summary.matches === 1 ? 'match' : 'matches'}:`, '');
    lines.push('| rule | priority | matches |', '| --- | --- | ---: |');
    for (const rule of report.summary.fired) lines.push(`| ${hostileCode(rule.rule)} | ${rule.priority} | ${rule.matches} |`);
    lines.push('');
  }
  for (const rule of report.rules) {
    lines.push(`## ${hostileCode(rule.rule)}`, '');
    lines.push(`Priority ${rule.priority}; ${rule.skipped !== undefined ? `not evaluated: it ${hostileCode(rule.skipped)}` : `${rule.matches} match${rule.matches === 1 ? '' : 'es'}`}${rule.enabled ? '' : ' (disabled in the rule file)'}${rule.tags.length > 0 ? `; tags: ${rule.tags.map((tag) => hostileCode(tag)).join(', ')}` : ''}.`, '');
    if (rule.events.length === 0) continue;
    lines.push('| event | time | output |', '| ---: | --- | --- |');
    for (const event of rule.events) lines.push(`| ${event.num} | ${event.time} | ${hostileCode(event.output)} |`);
    if (rule.events.length < rule.matches) lines.push('', `(${rule.matches - rule.events.length} more not shown)`);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
