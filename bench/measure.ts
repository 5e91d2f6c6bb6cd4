// Measuring a child process for the benchmarks: wall time, CPU time (user+sys from the kernel's
// accounting of reaped children), peak RSS sampled from /proc; medians and minimums over runs.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Linux reports process times in clock ticks of 1/100 s (USER_HZ) in /proc. */
const CLOCK_TICKS_PER_SECOND = 100;

/** The children's environment: the machine's, without a CA bundle for Node to parse at start-up. */
export const childEnv: NodeJS.ProcessEnv = { ...process.env };
delete childEnv['NODE_EXTRA_CA_CERTS'];

export interface Measurement {
  wallSeconds: number;
  /** user+sys of the child, 10 ms resolution. */
  cpuSeconds: number;
  peakRssKb: number;
  stdout: string;
}

/** Peak RSS (VmHWM) of a live process, in kB; 0 once it is gone. */
export function highWaterMark(pid: number): number {
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
export function measure(file: string, args: readonly string[], env: NodeJS.ProcessEnv = childEnv): Promise<Measurement> {
  return new Promise((resolvePromise, reject) => {
    const cpuBefore = reapedChildrenCpuSeconds();
    const started = process.hrtime.bigint();
    const child = spawn(file, [...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const stdout: Buffer[] = [];
    let stderr = '';
    let peak = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
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
    child.on('close', (code) => {
      clearInterval(sampler);
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
      const cpuSeconds = reapedChildrenCpuSeconds() - cpuBefore;
      if (code !== 0) reject(new Error(`${file} ${args.join(' ')} exited ${String(code)}: ${stderr.trim()}`));
      else resolvePromise({ wallSeconds, cpuSeconds, peakRssKb: peak, stdout: Buffer.concat(stdout).toString() });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export const fmt = (value: number, digits = 2): string => value.toFixed(digits);
export const mb = (bytes: number): number => bytes / 1e6;

export interface Summary {
  /** Medians. */
  wall: number;
  cpu: number;
  /** Minimums: the runs least disturbed by the rest of a shared machine. */
  wallMin: number;
  cpuMin: number;
  peakRssKb: number;
}

export function summarize(measured: Measurement[]): Summary {
  return {
    wall: median(measured.map((item) => item.wallSeconds)),
    cpu: median(measured.map((item) => item.cpuSeconds)),
    wallMin: Math.min(...measured.map((item) => item.wallSeconds)),
    cpuMin: Math.min(...measured.map((item) => item.cpuSeconds)),
    peakRssKb: Math.max(...measured.map((item) => item.peakRssKb)),
  };
}

