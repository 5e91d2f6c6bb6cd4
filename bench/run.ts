// Benchmark: our one-pass capture inventory against ONE `sysdig -r FILE` pass with a filter that
// matches nothing (the cheapest full pass sysdig can make; the seed needs five), side by side in one
// run, on a large capture replicated from a real one, both plain and gzip-compressed. Prints wall and
// CPU seconds, MB/s, events/s, peak RSS and the ratio sysdig/ours (>1: ours is faster). Our side runs as
// users run it: an esbuild bundle on plain node (no TypeScript loader), like the committed CLI bundle.
// The machine may be shared: CPU time (user+sys, from the kernel's accounting of reaped children) is the
// steadier figure; wall time is what a job waits.
// Usage: npm run bench -- [--size-mb 300] [--runs 3] [--formats plain,gzip] [--source CAPTURE] [--dir DIR]
// (--gzip alone is --formats gzip). Not part of `npm test`.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { makeLargeCapture, type LargeCapture } from './generate.ts';

const NOTHING = 'evt.num < 0';
/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) in /proc. */
const CLOCK_TICKS_PER_SECOND = 100;

interface Measurement {
  wallSeconds: number;
  /** user+sys of the child, 10 ms resolution. */
  cpuSeconds: number;
  peakRssKb: number;
  stdout: string;
}

/** Peak RSS (VmHWM) of a live process, in kB; 0 once it is gone. */
function highWaterMark(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match === null ? 0 : Number(match[1]);
  } catch {
    return 0;
  }
}

/** CPU seconds (user+sys) of this process's children that have exited and been reaped. */
function reapedChildrenCpuSeconds(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; cutime and cstime are 16, 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS_PER_SECOND;
}

/** Runs a command (argument array, no shell), timing it and sampling its peak RSS from /proc. One at a time. */
function measure(file: string, args: readonly string[]): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const cpuBefore = reapedChildrenCpuSeconds();
    const started = process.hrtime.bigint();
    const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const sampler = setInterval(() => {
      if (child.pid !== undefined) peak = Math.max(peak, highWaterMark(child.pid));
    }, 20);
    child.on('error', (error) => {
      clearInterval(sampler);
      reject(error);
    });
    child.on('exit', (code) => {
      clearInterval(sampler);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuSeconds = reapedChildrenCpuSeconds() - cpuBefore;
      if (code !== 0) reject(new Error(`${file} ${args.join(' ')} exited ${String(code)}: ${stderr.trim()}`));
      else resolvePromise({ wallSeconds, cpuSeconds, peakRssKb: peak, stdout });
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const fmt = (value: number, digits = 2): string => value.toFixed(digits);
const mb = (bytes: number): number => bytes / 1e6;

interface Summary {
  wall: number;
  cpu: number;
  peakRssKb: number;
}

interface FormatResult {
  format: 'plain' | 'gzip';
  capture: LargeCapture;
  ours: Summary;
  sysdig: Summary;
  oursInside: number;
}

function summarize(measured: Measurement[]): Summary {
  return {
    wall: median(measured.map((item) => item.wallSeconds)),
    cpu: median(measured.map((item) => item.cpuSeconds)),
    peakRssKb: Math.max(...measured.map((item) => item.peakRssKb)),
  };
}

async function main(): Promise<void> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const { values } = parseArgs({
    options: {
      'size-mb': { type: 'string', default: '300' },
      runs: { type: 'string', default: '3' },
      source: { type: 'string', default: join(here, '..', '..', 'shared', 'fixtures', 'captures', 'curl_google.scap') },
      dir: { type: 'string' },
      formats: { type: 'string', default: 'plain,gzip' },
      gzip: { type: 'boolean', default: false },
    },
  });
  const sizeMb = Number(values['size-mb']);
  const runs = Number(values.runs);
  if (!(sizeMb > 0) || !(runs >= 1)) throw new Error('--size-mb and --runs must be positive numbers');
  const formats = (values.gzip ? 'gzip' : values.formats).split(',').map((item) => item.trim());
  for (const format of formats) if (format !== 'plain' && format !== 'gzip') throw new Error(`--formats: '${format}' is neither plain nor gzip`);

  // The filter must be valid and match nothing, or sysdig would pay for printing.
  const small = await measure('sysdig', ['-r', values.source, '-p', '%evt.num', NOTHING]);
  const control = await measure('sysdig', ['-r', values.source, '-p', '%evt.num', 'evt.num >= 0']);
  if (small.stdout.trim() !== '' || control.stdout.trim() === '') throw new Error(`the filter '${NOTHING}' does not behave as a match-nothing filter`);

  const buildDir = await mkdtemp(join(tmpdir(), 'falco-actions-bench-build-'));
  const oursBundle = join(buildDir, 'ours.mjs');
  await build({
    entryPoints: [join(here, 'ours.ts')],
    outfile: oursBundle,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'esm',
    logLevel: 'warning',
    // CommonJS dependencies (dns-packet) require() Node built-ins; give the ESM bundle a require, as scripts/build.mjs does.
    banner: { js: "import { createRequire as __benchCreateRequire } from 'node:module'; const require = __benchCreateRequire(import.meta.url);" },
  });
  const results: FormatResult[] = [];
  try {
    for (const format of formats as Array<'plain' | 'gzip'>) {
      process.stdout.write(`generating a ${sizeMb} MB ${format} capture from ${values.source} ...\n`);
      const capture = await makeLargeCapture(values.source, sizeMb * 1e6, values.dir, format === 'gzip');
      process.stdout.write(
        `capture: ${capture.path}\n  ${fmt(mb(capture.bytes), 1)} MB uncompressed${format === 'gzip' ? ' (gzip file; MB/s below are of uncompressed data)' : ''}, ${capture.events.toLocaleString('en-US')} events (${capture.copies} copies of the source's event blocks)\n`,
      );
      results.push(await compare(format, capture, oursBundle, runs));
    }
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
  printTable(results, runs);
}

async function compare(format: 'plain' | 'gzip', capture: LargeCapture, oursBundle: string, runs: number): Promise<FormatResult> {
  const ours: Measurement[] = [];
  const inside: number[] = [];
  const sysdigRuns: Measurement[] = [];
  process.stdout.write('run   ours wall/CPU (s)   sysdig wall/CPU (s)\n');
  for (let run = 1; run <= runs; run++) {
    // Alternate the order so that neither side always gets the warmer page cache.
    const pair: Array<() => Promise<void>> = [
      async () => {
        const measured = await measure(process.execPath, [oursBundle, capture.path]);
        const report = JSON.parse(measured.stdout.trim().split('\n').at(-1) ?? '{}') as { events: number; seconds: number; maxRssKb: number };
        if (report.events !== capture.events) throw new Error(`our reader counted ${report.events} events, the generator wrote ${capture.events}`);
        inside.push(report.seconds);
        ours.push({ ...measured, peakRssKb: Math.max(measured.peakRssKb, report.maxRssKb) });
      },
      async () => {
        sysdigRuns.push(await measure('sysdig', ['-r', capture.path, NOTHING]));
      },
    ];
    if (run % 2 === 0) pair.reverse();
    for (const step of pair) await step();
    const o = ours.at(-1)!;
    const s = sysdigRuns.at(-1)!;
    process.stdout.write(`${String(run).padStart(3)}   ${`${fmt(o.wallSeconds)} / ${fmt(o.cpuSeconds)}`.padStart(17)}   ${`${fmt(s.wallSeconds)} / ${fmt(s.cpuSeconds)}`.padStart(19)}\n`);
  }
  process.stdout.write('\n');
  return { format, capture, ours: summarize(ours), sysdig: summarize(sysdigRuns), oursInside: median(inside) };
}

function printTable(results: FormatResult[], runs: number): void {
  const header = ['format', 'side', 'wall s', 'CPU s', 'MB/s (wall)', 'events/s (wall)', 'peak RSS MB'];
  const rows: string[][] = [];
  for (const result of results) {
    const line = (side: string, summary: Summary): string[] => [
      result.format,
      side,
      fmt(summary.wall),
      fmt(summary.cpu),
      fmt(mb(result.capture.bytes) / summary.wall, 1),
      Math.round(result.capture.events / summary.wall).toLocaleString('en-US'),
      fmt(summary.peakRssKb / 1024, 1),
    ];
    rows.push(line('ours (inventory)', result.ours));
    rows.push(line(`sysdig -r '${NOTHING}'`, result.sysdig));
    const wallRatio = result.sysdig.wall / result.ours.wall;
    const cpuRatio = result.ours.cpu > 0 ? result.sysdig.cpu / result.ours.cpu : Number.POSITIVE_INFINITY;
    rows.push([result.format, 'ratio sysdig/ours', `${fmt(wallRatio)}x`, `${fmt(cpuRatio)}x`, '', '', '']);
  }
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const render = (row: string[]): string => row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ');
  process.stdout.write(`median of ${runs} run(s) per side, wall time including process start; CPU = user+sys; ratio > 1: ours is faster\n`);
  process.stdout.write(`${render(header)}\n${widths.map((width) => '-'.repeat(width)).join('  ')}\n`);
  for (const row of rows) process.stdout.write(`${render(row)}\n`);
  for (const result of results) {
    process.stdout.write(`ours without process start (${result.format}, median, measured inside): ${fmt(result.oursInside)} s\n`);
  }
  const verdicts = results.map((result) => {
    const wallFaster = result.ours.wall <= result.sysdig.wall;
    const cpuFaster = result.ours.cpu <= result.sysdig.cpu;
    const word = wallFaster && cpuFaster ? 'no slower than' : !wallFaster && !cpuFaster ? 'SLOWER than' : 'mixed against';
    return `${result.format}: ours is ${word} one sysdig pass (wall ${fmt(result.sysdig.wall / result.ours.wall)}x, CPU ${fmt(result.ours.cpu > 0 ? result.sysdig.cpu / result.ours.cpu : Number.POSITIVE_INFINITY)}x)`;
  });
  process.stdout.write(`verdict: ${verdicts.join('; ')}; the seed made five sysdig passes.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
