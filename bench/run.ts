// Benchmark: our one-pass capture inventory against ONE `sysdig -r FILE` pass with a filter that
// matches nothing (the cheapest full pass sysdig can make; the seed needs five), side by side in one
// run, on a large capture replicated from a real one. Prints seconds, MB/s, events/s, peak RSS and the
// ratio. Our side runs as users run it: an esbuild bundle on plain node (no TypeScript loader), like the
// committed CLI bundle. Usage: npm run bench -- [--size-mb 300] [--runs 3] [--gzip] [--source CAPTURE] [--dir DIR]
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { makeLargeCapture } from './generate.ts';

const NOTHING = 'evt.num < 0';

interface Measurement {
  seconds: number;
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

/** Runs a command (argument array, no shell), timing it and sampling its peak RSS from /proc. */
function measure(file: string, args: readonly string[]): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
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
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`${file} ${args.join(' ')} exited ${String(code)}: ${stderr.trim()}`));
      else resolvePromise({ seconds, peakRssKb: peak, stdout });
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

async function main(): Promise<void> {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const { values } = parseArgs({
    options: {
      'size-mb': { type: 'string', default: '300' },
      runs: { type: 'string', default: '3' },
      source: { type: 'string', default: join(here, '..', '..', 'shared', 'fixtures', 'captures', 'curl_google.scap') },
      dir: { type: 'string' },
      gzip: { type: 'boolean', default: false },
    },
  });
  const sizeMb = Number(values['size-mb']);
  const runs = Number(values.runs);
  if (!(sizeMb > 0) || !(runs >= 1)) throw new Error('--size-mb and --runs must be positive numbers');

  // The filter must be valid and match nothing, or sysdig would pay for printing.
  const small = await measure('sysdig', ['-r', values.source, '-p', '%evt.num', NOTHING]);
  const control = await measure('sysdig', ['-r', values.source, '-p', '%evt.num', 'evt.num >= 0']);
  if (small.stdout.trim() !== '' || control.stdout.trim() === '') throw new Error(`the filter '${NOTHING}' does not behave as a match-nothing filter`);

  process.stdout.write(`generating a ${sizeMb} MB capture from ${values.source} ...\n`);
  const capture = await makeLargeCapture(values.source, sizeMb * 1e6, values.dir, values.gzip);
  process.stdout.write(
    `capture: ${capture.path}\n  ${fmt(mb(capture.bytes), 1)} MB uncompressed${values.gzip ? ' (gzip file; MB/s below are of uncompressed data)' : ''}, ${capture.events.toLocaleString('en-US')} events (${capture.copies} copies of the source's event blocks)\n\n`,
  );

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
  try {
    await compare(capture, oursBundle, runs);
  } finally {
    await rm(buildDir, { recursive: true, force: true });
  }
}

async function compare(capture: Awaited<ReturnType<typeof makeLargeCapture>>, oursBundle: string, runs: number): Promise<void> {
  const ours: Measurement[] = [];
  const inProcess: number[] = [];
  const sysdigRuns: Measurement[] = [];
  let mode = '';
  process.stdout.write('run  ours (s)  sysdig (s)\n');
  for (let run = 1; run <= runs; run++) {
    // Alternate the order so that neither side always gets the warmer page cache.
    const pair: Array<() => Promise<void>> = [
      async () => {
        const measured = await measure(process.execPath, [oursBundle, capture.path]);
        const report = JSON.parse(measured.stdout.trim().split('\n').at(-1) ?? '{}') as { mode: string; events: number; seconds: number; maxRssKb: number };
        inProcess.push(report.seconds);
        if (report.events !== capture.events) throw new Error(`our reader counted ${report.events} events, the generator wrote ${capture.events}`);
        mode = report.mode;
        ours.push({ ...measured, peakRssKb: Math.max(measured.peakRssKb, report.maxRssKb) });
      },
      async () => {
        sysdigRuns.push(await measure('sysdig', ['-r', capture.path, NOTHING]));
      },
    ];
    if (run % 2 === 0) pair.reverse();
    for (const step of pair) await step();
    process.stdout.write(`${String(run).padStart(3)}  ${fmt(ours.at(-1)!.seconds).padStart(8)}  ${fmt(sysdigRuns.at(-1)!.seconds).padStart(10)}\n`);
  }

  const row = (name: string, measured: Measurement[]): string => {
    const seconds = median(measured.map((item) => item.seconds));
    const peak = Math.max(...measured.map((item) => item.peakRssKb));
    return `${name.padEnd(34)} ${fmt(seconds).padStart(8)} s ${fmt(mb(capture.bytes) / seconds, 1).padStart(8)} MB/s ${Math.round(capture.events / seconds).toLocaleString('en-US').padStart(12)} ev/s ${fmt(peak / 1024, 1).padStart(8)} MB peak RSS`;
  };
  const oursMedian = median(ours.map((item) => item.seconds));
  const sysdigMedian = median(sysdigRuns.map((item) => item.seconds));
  process.stdout.write(`\nmedian of ${runs} (wall time including process start):\n`);
  process.stdout.write(`${row(`ours (${mode.split('(')[0] ?? mode})`, ours)}\n`);
  process.stdout.write(`${row(`sysdig -r FILE '${NOTHING}'`, sysdigRuns)}\n`);
  process.stdout.write(`ours without process start (median, as measured inside): ${fmt(median(inProcess))} s\n`);
  process.stdout.write(`ratio sysdig/ours: ${fmt(sysdigMedian / oursMedian)}x (${oursMedian <= sysdigMedian ? 'ours is faster' : 'ours is slower'}; the seed made five sysdig passes)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
