// Runs the shared real Falco (../shared/falco/0.44.1, through its run-falco.sh: config.d with the
// container plugin, the default rules unless replaced) in place, with argument arrays only: replay of a
// capture with chosen rule files, and rule validation (-V). Answers are parsed with zod schemas.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';
import { readCapture } from '../../src/scap/index.ts';
import { FalcoEventNumbering, type FalcoEventModel } from '../../src/rules/falco-version.ts';
import { sharedFalcoDir } from './paths.ts';

export interface FalcoRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** `run-falco.sh ARGS...`, bounded in time and output. */
export function runSharedFalco(args: readonly string[], timeoutMs = 120_000): Promise<FalcoRun> {
  return new Promise((resolvePromise) => {
    execFile(join(sharedFalcoDir(), 'run-falco.sh'), [...args], { timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolvePromise({ code, stdout, stderr });
    });
  });
}

export const FalcoAlertSchema = z.object({
  output: z.string(),
  output_fields: z.record(z.string(), z.unknown()),
  priority: z.string(),
  rule: z.string(),
  source: z.string(),
  tags: z.array(z.string()),
  time: z.string(),
});
export type FalcoAlert = z.infer<typeof FalcoAlertSchema>;

/**
 * The options that make a replay comparable with `rules test`: every matching rule reports
 * (rule_matching=all), JSON alerts, only the given rule files (-r replaces the default rules_files), and no fields
 * appended to the outputs (falco.yaml's append_output suggested_output adds container/k8s fields).
 */
export function replayArgs(capture: string, ruleFiles: readonly string[]): string[] {
  return [
    '-o', 'engine.kind=replay',
    '-o', `engine.replay.capture_file=${capture}`,
    '-o', 'json_output=true',
    '-o', 'rule_matching=all',
    '-o', 'append_output[0].suggested_output=false',
    ...ruleFiles.flatMap((file) => ['-r', file]),
  ];
}

/** Replays a capture through the real Falco with these rules; returns its alerts in order. */
export async function falcoReplay(capture: string, ruleFiles: readonly string[]): Promise<FalcoAlert[]> {
  const run = await runSharedFalco(replayArgs(capture, ruleFiles));
  if (run.code !== 0) throw new Error(`falco replay of ${capture} exited ${run.code}: ${run.stderr.slice(-2000)}`);
  return run.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => FalcoAlertSchema.parse(JSON.parse(line)));
}

const PositionSchema = z.object({ line: z.number(), column: z.number(), name: z.string() });
const LoadItemSchema = z.object({
  code: z.string(),
  message: z.string(),
  context: z.object({ locations: z.array(z.object({ item_type: z.string(), item_name: z.string(), position: PositionSchema })) }).optional(),
});
export const FalcoValidationSchema = z.object({
  falco_load_results: z.array(
    z.object({
      name: z.string(),
      successful: z.boolean(),
      errors: z.array(LoadItemSchema),
      warnings: z.array(LoadItemSchema),
      schema_warnings: z.array(z.unknown()),
    }),
  ),
});
export type FalcoValidation = z.infer<typeof FalcoValidationSchema>;

/** `falco -V FILE -V FILE...` (loaded together, in order) with JSON results. */
export async function falcoValidate(ruleFiles: readonly string[]): Promise<{ run: FalcoRun; result: FalcoValidation }> {
  const run = await runSharedFalco(['-o', 'json_output=true', ...ruleFiles.flatMap((file) => ['-V', file])]);
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  return { run, result: FalcoValidationSchema.parse(JSON.parse(last)) };
}

/**
 * For each event record of a capture (by its 1-based position, what sysdig's evt.num is), the evt.num
 * the given Falco gives it when the event reaches its rules (absent when it does not).
 */
export async function falcoNumbersOfRecords(capture: string, model: FalcoEventModel): Promise<Map<number, number>> {
  const numbering = new FalcoEventNumbering(model);
  const numbers = new Map<number, number>();
  await readCapture(
    capture,
    (event) => {
      const num = numbering.next(event);
      if (num !== undefined) numbers.set(event.num, num);
    },
    { transientEvents: true },
  );
  return numbers;
}
