// Benchmark: what live mode costs a job, on the real Falco 0.44.1 (the test image of test/images/falco,
// modern eBPF) through the runner harness, side by side in one run with its peer: the same busy step in
// the same harness without monitoring. For each run: start-to-ready (start's step wall time), the busy
// step's wall time with Falco and without it, Falco's CPU time during the busy step (utime+stime of
// Falco's process from /proc, read before and after the step), Falco's peak resident memory (VmHWM,
// read before stop), and stop's wall time. Medians and minimums are printed; runs alternate the sides.
// Needs what `bash .ci/setup.sh` brings up (root, the Docker engine, the registry with the Falco image).
// Usage: npm run bench:live -- [--runs 3] [--execs 1000] [--files 10000]. Not part of `npm test`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { JobSchema } from '../src/github/schema.ts';
import { STATE_FILE_VARIABLE } from '../src/live/hand-off.ts';
import { liveStateSchema } from '../src/live/state.ts';
import { startGitHubApi } from '../test/support/github-api.ts';
import { RunnerJob } from '../test/support/harness.ts';
import { falcoImage, repoPath } from '../test/support/env.ts';
import { highWaterMark, median } from './measure.ts';

const CLOCK_TICKS_PER_SECOND = 100;

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '3' },
    execs: { type: 'string', default: '1000' },
    files: { type: 'string', default: '10000' },
  },
});
const runs = Number(values.runs);
const execs = Number(values.execs);
const files = Number(values.files);

/** A build-like step: many short processes and many file opens, the events Falco's rules look at. */
const busyStep = [
  `i=0; while [ $i -lt ${execs} ]; do /bin/true; i=$((i + 1)); done`,
  `mkdir -p work && cd work && seq 1 ${files} | xargs -n 500 touch && find . -type f | xargs -n 500 cat >/dev/null && cd .. && rm -rf work`,
  '',
].join('\n');

function hostPid(container: string): number {
  return Number(execFileSync('docker', ['inspect', '--format', '{{.State.Pid}}', container], { encoding: 'utf8' }).trim());
}

/** utime+stime of a process and of its reaped children, in seconds. */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14-17 of stat (utime stime cutime cstime) are indexes 11-14 after the comm.
  return fields.slice(11, 15).reduce((sum, value) => sum + Number(value), 0) / CLOCK_TICKS_PER_SECOND;
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const began = performance.now();
  const value = await run();
  return { seconds: (performance.now() - began) / 1000, value };
}

interface Sample {
  plainStep: number;
  monitoredStep: number;
  start: number;
  stop: number;
  falcoCpuDuringStep: number;
  falcoPeakRssMiB: number;
}

const api = await startGitHubApi({ jobs: [] });
const samples: Sample[] = [];
try {
  for (let run = 0; run < runs; run += 1) {
    const plainJob = await RunnerJob.create({ apiUrl: api.url, runId: 9_000 + run });
    let plainStep: number;
    try {
      plainStep = (await timed(() => plainJob.run(busyStep, { name: 'Busy step' }))).seconds;
    } finally {
      await plainJob.dispose();
    }

    const job = await RunnerJob.create({ apiUrl: api.url, runId: 9_100 + run });
    try {
      const start = await timed(() => job.uses(repoPath('start'), { 'falco-image': falcoImage() }, { name: 'Start Falco' }));
      if (start.value.outcome !== 'success') throw new Error(`start failed:\n${start.value.log.join('\n')}`);
      const state = liveStateSchema.parse(JSON.parse(readFileSync(job.exportedEnv[STATE_FILE_VARIABLE] ?? '', 'utf8')));
      const falcoPid = hostPid(state.containerName);
      const cpuBefore = cpuSeconds(falcoPid);
      const monitored = await timed(() => job.run(busyStep, { name: 'Busy step' }));
      const falcoCpuDuringStep = cpuSeconds(falcoPid) - cpuBefore;
      const falcoPeakRssMiB = highWaterMark(falcoPid) / 1024;
      api.setJobs([JobSchema.parse(job.snapshot())]);
      const stop = await timed(() => job.uses(repoPath('stop'), {}, { name: 'Stop Falco' }));
      samples.push({ plainStep, monitoredStep: monitored.seconds, start: start.seconds, stop: stop.seconds, falcoCpuDuringStep, falcoPeakRssMiB });
      console.error(`run ${run + 1}/${runs}: busy step ${plainStep.toFixed(2)} s plain, ${monitored.seconds.toFixed(2)} s monitored`);
    } finally {
      await job.dispose();
    }
  }
} finally {
  await api.close();
}

const row = (label: string, pick: (sample: Sample) => number, unit: string, digits = 2): string =>
  `| ${label} | ${median(samples.map(pick)).toFixed(digits)} ${unit} | ${Math.min(...samples.map(pick)).toFixed(digits)} ${unit} |`;

console.log(`Live mode on the real Falco 0.44.1 (modern eBPF), ${runs} runs; busy step: ${execs} processes, ${files} files created and read.`);
console.log('| figure | median | best |');
console.log('| --- | ---: | ---: |');
console.log(row('busy step without Falco (peer)', (sample) => sample.plainStep, 's'));
console.log(row('busy step with Falco', (sample) => sample.monitoredStep, 's'));
console.log(row('overhead on the busy step', (sample) => (sample.monitoredStep / sample.plainStep - 1) * 100, '%', 0));
console.log(row('start to ready', (sample) => sample.start, 's'));
console.log(row('stop (SIGTERM, wait, report)', (sample) => sample.stop, 's'));
console.log(row('Falco CPU during the busy step', (sample) => sample.falcoCpuDuringStep, 's'));
console.log(row('Falco peak resident memory (VmHWM)', (sample) => sample.falcoPeakRssMiB, 'MiB', 0));
