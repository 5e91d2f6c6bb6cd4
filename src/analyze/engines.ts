// The two engines analyze can replay a capture with, behind one interface: both return Falco alerts of
// the shape live mode reads (src/falco/alert.ts), with proc.pid, proc.ppid and proc.apid[1..12] as
// output fields, so the report is built one way whatever the engine.
// - container: the Falco image replays the capture (src/falco/replay.ts, engine.kind=replay), with
//   Falco's default rules loaded first as in live mode;
// - native: our own condition language evaluates the same rule files on the capture (no Docker, no
//   image). Falco's default rules are not part of the action; they are loaded only when a copy is
//   given (`falcoRulesFile`). A rule using a field we cannot evaluate is skipped and named in a note.
import { MAX_ANCESTOR_DEPTH, type FalcoAlert } from '../falco/alert.ts';
import { parseFalcoPriority } from '../falco/priority.ts';
import type { RuleFile } from '../falco/container.ts';
import { resolveField, type EvalContext, type FieldValue } from '../filter/fields.ts';
import { loadRuleFiles, hasErrors } from '../rules/loader.ts';
import { formatProblem } from '../rules/index.ts';
import { runRulesOnCapture } from '../rules/run.ts';
import { isoTime } from '../scap/time.ts';
import type { ScapEvent } from '../scap/model.ts';
import { UserError } from '../action/errors.ts';
import { DEFAULT_FALCO_VERSION } from '../falco/version.ts';

export type EngineKind = 'native' | 'container';

export interface EngineRun {
  alerts: FalcoAlert[];
  /** What the reader of the report must know about this run (skipped rules, lines that were not alerts). */
  notes: string[];
  falcoVersion: string;
  image: string | null;
  /** The rule files evaluated, in order. */
  rulesFiles: string[];
}

export interface AlertEngine {
  kind: EngineKind;
  run(capturePath: string, ruleFiles: readonly RuleFile[]): Promise<EngineRun>;
}

/** The pid fields every alert carries, as live mode's append_output adds them (container.ts). */
const PID_FIELDS: ReadonlyArray<{ key: string; name: string; arg: string | undefined }> = [
  { key: 'proc.pid', name: 'proc.pid', arg: undefined },
  { key: 'proc.ppid', name: 'proc.ppid', arg: undefined },
  ...Array.from({ length: MAX_ANCESTOR_DEPTH }, (_, index) => ({ key: `proc.apid[${index + 1}]`, name: 'proc.apid', arg: String(index + 1) })),
];

function jsonValue(value: FieldValue | undefined): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return value;
}

export interface NativeEngineOptions {
  /** The Falco release whose event model to follow (falco-version). */
  falcoVersion?: string;
  /** A copy of Falco's default rules (falco_rules.yaml), loaded first as Falco does. */
  falcoRulesFile?: string;
}

export function nativeEngine(options: NativeEngineOptions = {}): AlertEngine {
  const extractors = PID_FIELDS.map((field) => {
    const resolved = resolveField(field.name, field.arg);
    return { key: field.key, extract: resolved.definition.build(resolved.arg) };
  });
  return {
    kind: 'native',
    async run(capturePath, ruleFiles) {
      const paths = [...(options.falcoRulesFile === undefined ? [] : [options.falcoRulesFile]), ...ruleFiles.map((file) => file.hostPath)];
      const set = await loadRuleFiles(paths);
      if (hasErrors(set)) {
        const errors = set.problems.filter((problem) => problem.severity === 'error').slice(0, 10);
        throw new UserError(`The rule files cannot be loaded:\n${errors.map((problem) => formatProblem(problem)).join('\n')}`);
      }
      const alerts: FalcoAlert[] = [];
      const onMatch = (rule: (typeof set.rules)[number], event: ScapEvent, context: EvalContext): void => {
        const priority = parseFalcoPriority(rule.priority);
        if (priority === undefined) return;
        const fields: Record<string, unknown> = {};
        for (const { key, extract } of extractors) fields[key] = jsonValue(extract(event, context));
        const time = isoTime(event.ts);
        alerts.push({
          lineNumber: alerts.length + 1,
          time,
          epochNs: event.ts,
          rule: rule.name,
          priority,
          source: 'syscall',
          hostname: undefined,
          output: rule.format === undefined ? rule.output : rule.format(event, context),
          tags: [...rule.tags],
          fields,
        });
      };
      const report = await runRulesOnCapture(set, capturePath, { onMatch, maxEventsPerRule: 0, ...(options.falcoVersion ? { falcoVersion: options.falcoVersion } : {}) });
      const skipped = report.rules.filter((rule) => rule.enabled && rule.skipped !== undefined);
      const notes = skipped.length === 0 ? [] : [`The native engine skipped ${skipped.length} rule(s) it cannot evaluate on a capture: ${skipped.map((rule) => `${rule.rule} (${rule.skipped})`).join('; ')}.`];
      if (options.falcoRulesFile === undefined) notes.push("The native engine ran without Falco's default rules (only the action's and your rule files).");
      return { alerts, notes, falcoVersion: report.falcoVersion ?? options.falcoVersion ?? DEFAULT_FALCO_VERSION, image: null, rulesFiles: paths };
    },
  };
}
