// Benchmark: our one-pass capture inventory against ONE `sysdig -r FILE` pass with a filter that
// matches nothing (the cheapest full pass sysdig can make; the seed needs five), side by side in one
// run, on a large capture replicated from a real one, both plain and gzip-compressed. Our side runs as
// users run it: the CLI bundle (`falco-actions inventory FILE`, built from the current sources into a
// temporary directory), on each Node binary given: by default this node and the Node 24 the actions
// declare (`runs.using: node24`) when CI's copy of it is installed. Prints wall and CPU seconds, MB/s,
// events/s, peak RSS, the size of what each side prints (our JSON and Markdown reports) and the ratio
// sysdig/ours (>1: ours is faster).
// The machine may be shared: runs alternate sides, medians are reported, CPU time (user+sys, from the
// kernel's accounting of reaped children) is the steadier figure; wall time is what a job waits.
// NODE_EXTRA_CA_CERTS, when the machine sets it, is left out of the children's environment (the
// inventory makes no TLS connection and GitHub's runners do not set it; Node 20 would parse the whole
// CA bundle at start-up): its start-up cost is measured and printed instead.
// Usage: npm run bench -- [--size-mb 300] [--runs 5] [--formats plain,gzip] [--node PATH ...]
// [--source CAPTURE] [--dir DIR] (--gzip alone is --formats gzip). Not part of `npm test`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { makeLargeCapture, type LargeCapture } from './generate.ts';
import { childEnv, fmt, mb, measure, median, summarize, type Measurement, type Summary } from './measure.ts';
import { node24Binary } from '../test/support/env.ts';

const NOTHING = 'evt.num < 0';

/** One side of the comparison: a command that reads the capture given as its last argument. */
interface Side {
  label: string;
  file: string;
  args(capture: string): string[];
  /** Checks the side's output against the capture (our event count must match the generator's). */
  check(stdout: string, capture: LargeCapture): void;
}

interface FormatResult {
  format: 'plain' | 'gzip';
  capture: LargeCapture;
  summaries: Summary[];
  /** Bytes each side printed (the report), from its last run. */
  outputBytes: number[];
}

function nodeVersion(node: string): string {
  const result = spawnSync(node, ['--version'], { encoding: 'utf8', env: childEnv });
  if (result.status !== 0) throw new Error(`--node ${node}: cannot run it (${result.error?.message ?? result.stderr.trim()})`);
  return result.stdout.trim();
}

/** Median wall time of `node -e 0`: what every run of ours pays before reading a byte. */
async function bareStartSeconds(node: string, env: NodeJS.ProcessEnv): Promise<number> {
  const walls: number[] = [];
  for (let run = 0; run < 5; run++) walls.push((await measure(node, ['-e', '0'], env)).wallSeconds);
  return median(walls);
}

async function main(): Promise<void> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const { values } = parseArgs({
    options: {
      'size-mb': { type: 'string', default: '300' },
      runs: { type: 'string', default: '5' },
      source: { type: 'string', default: join(here, '..', '..', 'shared', 'fixtures', 'captures', 'curl_google.scap') },
      dir: { type: 'string' },
      formats: { type: 'string', default: 'plain,gzip' },
      gzip: { type: 'boolean', default: false },
      node: { type: 'string', multiple: true },
    },
  });
  const sizeMb = Number(values['size-mb']);
  const runs = Number(values.runs);
  if (!(sizeMb > 0) || !(runs >= 1)) throw new Error('--size-mb and --runs must be positive numbers');
  const formats = (values.gzip ? 'gzip' : values.formats).split(',').map((item) => item.trim());
  for (const format of formats) if (format !== 'plain' && format !== 'gzip') throw new Error(`--formats: '${format}' is neither plain nor gzip`);
  const node24 = node24Binary();
  const nodes = values.node ?? [process.execPath, ...(node24 !== undefined ? [node24] : [])];

  // The filter must be valid and match nothing, or sysdig would pay for printing.
  const small = await measure('sysdig', ['-r', values.source, '-p', '%evt.num', NOTHING]);
  const control = await measure('sysdig', ['-r', values.source, '-p', '%evt.num', 'evt.num >= 0']);
  if (small.stdout.trim() !== '' || control.stdout.trim() === '') throw new Error(`the filter '${NOTHING}' does not behave as a match-nothing filter`);

  const buildDir = await mkdtemp(join(tmpdir(), 'falco-actions-bench-build-'));
  const results: FormatResult[] = [];
  try {
    // The CLI as `npm run build` makes it, from the sources as they are now.
    const built = spawnSync(process.execPath, [join(here, '..', 'scripts', 'build.mjs'), '--outdir', buildDir], { cwd: join(here, '..'), encoding: 'utf8' });
    if (built.status !== 0) throw new Error(`building the CLI failed: ${built.stderr.trim()}`);
    const cli = join(buildDir, 'cli', 'index.js');
    const sides: Side[] = [];
    const starts: string[] = [];
    for (const node of nodes) {
      const version = nodeVersion(node);
      sides.push({
        label: `ours (CLI, node ${version})`,
        file: node,
        args: (capture) => [cli, 'inventory', capture],
        check: (stdout, capture) => {
          const events = (JSON.parse(stdout) as { capture: { events: number } }).capture.events;
          if (events !== capture.events) throw new Error(`our inventory counted ${events} events, the generator wrote ${capture.events}`);
        },
      });
      // The Markdown report once (on the first node): its size is what a reader gets.
      if (node === nodes[0]) {
        sides.push({
          label: `ours --format markdown (node ${version})`,
          file: node,
          args: (capture) => [cli, 'inventory', '--format', 'markdown', capture],
          check: (stdout, capture) => {
            if (!stdout.startsWith('# Capture inventory') || !stdout.includes(`| ${capture.events} |`)) throw new Error('our Markdown report does not open with the capture and its event count');
          },
        });
      }
      let line = `node ${version} start-up alone (node -e 0): ${fmt(await bareStartSeconds(node, childEnv), 3)} s`;
      if (process.env['NODE_EXTRA_CA_CERTS'] !== undefined) {
        line += `; with this machine's NODE_EXTRA_CA_CERTS: ${fmt(await bareStartSeconds(node, process.env), 3)} s (left out of the runs below)`;
      }
      starts.push(line);
    }
    sides.push({ label: `sysdig -r '${NOTHING}'`, file: 'sysdig', args: (capture) => ['-r', capture, NOTHING], check: () => undefined });
    for (const line of starts) process.stdout.write(`${line}\n`);
    for (const format of formats as Array<'plain' | 'gzip'>) {
      process.stdout.write(`generating a ${sizeMb} MB ${format} capture from ${values.source} ...\n`);
      const capture = await makeLargeCapture(values.source, sizeMb * 1e6, values.dir, format === 'gzip');
      process.stdout.write(
        `capture: ${capture.path}\n  ${fmt(mb(capture.bytes), 1)} MB uncompressed${format === 'gzip' ? ' (gzip file; MB/s below are of uncompressed data)' : ''}, ${capture.events.toLocaleString('en-US')} events (${capture.copies} copies of the source's event blocks)\n`,
      );
      results.push(await compare(format, capture, sides, runs));
    }
    printTable(results, sides, runs);
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

async function compare(format: 'plain' | 'gzip', capture: LargeCapture, sides: Side[], runs: number): Promise<FormatResult> {
  const measured: Measurement[][] = sides.map(() => []);
  process.stdout.write(`run   ${sides.map((side) => `${side.label} wall/CPU s`).join('   ')}\n`);
  for (let run = 1; run <= runs; run++) {
    // Alternate the order so that no side always gets the warmer page cache.
    const order = sides.map((_, index) => index);
    if (run % 2 === 0) order.reverse();
    for (const index of order) {
      const side = sides[index]!;
      const result = await measure(side.file, side.args(capture.path));
      side.check(result.stdout, capture);
      measured[index]!.push(result);
    }
    const cells = sides.map((side, index) => {
      const last = measured[index]!.at(-1)!;
      return `${fmt(last.wallSeconds)} / ${fmt(last.cpuSeconds)}`.padStart(side.label.length + 11);
    });
    process.stdout.write(`${String(run).padStart(3)}   ${cells.join('   ')}\n`);
  }
  process.stdout.write('\n');
  return { format, capture, summaries: measured.map(summarize), outputBytes: measured.map((runsOfSide) => Buffer.byteLength(runsOfSide.at(-1)!.stdout)) };
}

function printTable(results: FormatResult[], sides: Side[], runs: number): void {
  const header = ['format', 'side', 'wall s', 'wall min', 'CPU s', 'CPU min', 'MB/s (wall)', 'events/s (wall)', 'peak RSS MB', 'output MB'];
  const rows: string[][] = [];
  const sysdigIndex = sides.length - 1;
  const verdicts: string[] = [];
  const ratio = (theirs: number, ours: number): string => `${fmt(ours > 0 ? theirs / ours : Number.POSITIVE_INFINITY)}x`;
  for (const result of results) {
    const sysdig = result.summaries[sysdigIndex]!;
    sides.forEach((side, index) => {
      const summary = result.summaries[index]!;
      rows.push([
        result.format,
        side.label,
        fmt(summary.wall),
        fmt(summary.wallMin),
        fmt(summary.cpu),
        fmt(summary.cpuMin),
        fmt(mb(result.capture.bytes) / summary.wall, 1),
        Math.round(result.capture.events / summary.wall).toLocaleString('en-US'),
        fmt(summary.peakRssKb / 1024, 1),
        fmt(mb(result.outputBytes[index]!), 3),
      ]);
    });
    sides.slice(0, sysdigIndex).forEach((side, index) => {
      const ours = result.summaries[index]!;
      rows.push([result.format, `ratio sysdig/${side.label}`, ratio(sysdig.wall, ours.wall), ratio(sysdig.wallMin, ours.wallMin), ratio(sysdig.cpu, ours.cpu), ratio(sysdig.cpuMin, ours.cpuMin), '', '', '', '']);
      // "Slower" is about the time a job waits: the verdict is on wall time; CPU time is reported beside it.
      const word = ours.wall <= sysdig.wall ? 'no slower than' : 'SLOWER than';
      verdicts.push(
        `${result.format}, ${side.label}: ${word} one sysdig pass (wall ${ratio(sysdig.wall, ours.wall)} median, ${ratio(sysdig.wallMin, ours.wallMin)} best; CPU ${ratio(sysdig.cpu, ours.cpu)} median)`,
      );
    });
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (row: string[]): string => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  process.stdout.write(
    `${runs} run(s) per side: medians and minimums; wall time includes process start; CPU = user+sys (V8's compiler and GC threads included); ratio > 1: ours is faster\n`,
  );
  process.stdout.write(`${render(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${render(row)}\n`);
  process.stdout.write(`verdict (wall time, what a job waits):\n${verdicts.map((line) => `  ${line}`).join('\n')}\nthe seed made five sysdig passes.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
