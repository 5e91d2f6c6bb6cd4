// Benchmark: the real Falco's replay (../shared/falco/0.44.1, engine.kind=replay, rule_matching=all,
// JSON alerts) against `falco-actions rules test` (the CLI bundle built from the current sources), side
// by side in one run, with our three rule packs, on large captures (default 100 MB and 1 GB).
// The captures are replicated by bench/generate.ts from a writer-made CI job (examples/ci-job.json):
// a replicated real capture (curl_google.scap) starts mid-syscall, and each copy then breaks libscap's
// enter/exit pairing ("The enter event for 'execve_X' is not the right one!"), so Falco refuses it.
// Both sides must report the same number of alerts per rule (checked every run). Prints medians,
// minimums, peak RSS and ratios; asserts nothing about time.
// Usage: node --import tsx bench/replay.ts [--sizes-mb 100,1000] [--runs 3] [--dir DIR]
// About 6-8 minutes on a 2-core VM with the defaults. Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseCaptureDescription, writeCapture } from '../src/scap/writer/index.ts';
import { makeLargeCapture, type LargeCapture } from './generate.ts';
import { fmt, mb, measure, summarize, type Measurement } from './measure.ts';
import { replayArgs } from '../test/support/falco-replay.ts';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = join(here, '..');
const PACKS = ['rules/falco_actions_markers.yaml', 'rules/falco_cicd_rules.yaml', 'rules/devops_toolchain_rules.yaml'].map((file) => join(repo, file));

interface Side {
  label: string;
  file: string;
  args(capture: string): string[];
  /** Alerts per rule, from the side's output. */
  counts(stdout: string): Map<string, number>;
}

function falcoSide(falcoDir: string): Side {
  return {
    label: 'Falco 0.44.1 replay',
    file: join(falcoDir, 'run-falco.sh'),
    // The same options as the differential suite's replay (test/support/falco-replay.ts).
    args: (capture) => replayArgs(capture, PACKS),
    counts: (stdout) => {
      if (/^Error: /m.test(stdout)) throw new Error(`Falco failed: ${/^Error: .*$/m.exec(stdout)?.[0] ?? ''}`);
      const counts = new Map<string, number>();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const rule = (JSON.parse(line) as { rule: string }).rule;
        counts.set(rule, (counts.get(rule) ?? 0) + 1);
      }
      return counts;
    },
  };
}

function oursSide(cli: string): Side {
  return {
    label: 'falco-actions rules test',
    file: process.execPath,
    // --max-events keeps the JSON small: matches still counts every alert.
    args: (capture) => [cli, 'rules', 'test', '--max-events', '5', ...PACKS.flatMap((file) => ['--rules', file]), capture],
    counts: (stdout) => {
      const report = JSON.parse(stdout) as { rules: Array<{ rule: string; matches: number }> };
      return new Map(report.rules.filter((rule) => rule.matches > 0).map((rule) => [rule.rule, rule.matches]));
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'sizes-mb': { type: 'string', default: '100,1000' },
      runs: { type: 'string', default: '3' },
      dir: { type: 'string', default: join(tmpdir(), 'falco-actions-bench') },
      falco: { type: 'string', default: process.env['FALCO_ACTIONS_SHARED_FALCO'] ?? join(repo, '..', 'shared', 'falco', '0.44.1') },
    },
  });
  const sizes = values['sizes-mb'].split(',').map(Number);
  const runs = Number(values.runs);
  if (sizes.some((size) => !(size > 0)) || !(runs >= 1)) throw new Error('--sizes-mb (comma-separated) and --runs must be positive numbers');
  if (!existsSync(join(values.falco, 'run-falco.sh'))) throw new Error(`--falco ${values.falco}: no run-falco.sh there (the shared Falco 0.44.1 build)`);

  await mkdir(values.dir, { recursive: true });
  const source = join(values.dir, 'ci-job.scap');
  await writeCapture(parseCaptureDescription(JSON.parse(await readFile(join(repo, 'examples', 'ci-job.json'), 'utf8')), 'examples/ci-job.json'), source);

  const buildDir = await mkdtemp(join(tmpdir(), 'falco-actions-bench-build-'));
  try {
    const built = spawnSync(process.execPath, [join(repo, 'scripts', 'build.mjs'), '--outdir', buildDir], { cwd: repo, encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building the CLI failed: ${built.stderr.trim()}`);
    const sides = [falcoSide(values.falco), oursSide(join(buildDir, 'cli', 'index.js'))];
    const rows: string[][] = [];
    for (const size of sizes) {
      const capture = await makeLargeCapture(source, size * 1e6, values.dir);
      process.stdout.write(`capture: ${capture.path}: ${fmt(mb(capture.bytes), 1)} MB, ${capture.events.toLocaleString('en-US')} events\n`);
      rows.push(...(await compare(capture, sides, runs)));
    }
    const header = ['capture MB', 'side', 'wall s', 'wall min', 'CPU s', 'MB/s (wall)', 'peak RSS MB', 'alerts'];
    const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
    const render = (row: string[]): string => row.map((cell, column) => (column === 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
    process.stdout.write(`\n${runs} run(s) per side, medians (wall min: best run); wall includes process start; ratio > 1: rules test is faster\n`);
    process.stdout.write(`${render(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n${rows.map(render).join('\n')}\n`);
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

async function compare(capture: LargeCapture, sides: Side[], runs: number): Promise<string[][]> {
  const measured: Measurement[][] = sides.map(() => []);
  let expected: string | undefined;
  for (let run = 1; run <= runs; run++) {
    // Alternate the order so that no side always gets the warmer page cache.
    const order = run % 2 === 0 ? [1, 0] : [0, 1];
    for (const index of order) {
      const side = sides[index]!;
      const result = await measure(side.file, side.args(capture.path));
      const counts = JSON.stringify([...side.counts(result.stdout)].sort());
      expected ??= counts;
      if (counts !== expected) throw new Error(`${side.label} counted ${counts}, the other side ${expected}`);
      measured[index]!.push(result);
      process.stdout.write(`  run ${run} ${side.label}: ${fmt(result.wallSeconds)} s wall, ${fmt(result.cpuSeconds)} s CPU\n`);
    }
  }
  const summaries = measured.map(summarize);
  const alerts = [...(JSON.parse(expected ?? '[]') as Array<[string, number]>)].reduce((sum, [, count]) => sum + count, 0);
  const size = fmt(mb(capture.bytes), 0);
  const rows = sides.map((side, index) => {
    const summary = summaries[index]!;
    return [size, side.label, fmt(summary.wall), fmt(summary.wallMin), fmt(summary.cpu), fmt(mb(capture.bytes) / summary.wall, 1), fmt(summary.peakRssKb / 1024, 1), String(alerts)];
  });
  const [falco, ours] = summaries as [ReturnType<typeof summarize>, ReturnType<typeof summarize>];
  rows.push([size, 'ratio Falco/rules test', `${fmt(falco.wall / ours.wall)}x`, `${fmt(falco.wallMin / ours.wallMin)}x`, `${fmt(falco.cpu / ours.cpu)}x`, '', '', '']);
  return rows;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
