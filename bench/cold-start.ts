// Benchmark: cold start of each action bundle as the runner starts it (`node dist/<action>/<file>.js`
// on the Node 24 the actions declare), from process start to the first line it prints, side by side in
// one run with `node -e 0` (Node's own start, the floor). Each bundle is given inputs that make it
// answer at once (start: an invalid `mode`; stop and post: no state, nothing to stop), so the figure is
// loading and compiling the bundle, not Docker. Runs alternate, medians and minimums are printed.
// Usage: npm run bench:cold-start -- [--runs 15] [--node PATH] [--dist DIR]. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { median } from './measure.ts';
import { node24Binary } from '../test/support/env.ts';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    node: { type: 'string', default: node24Binary() ?? process.execPath },
    dist: { type: 'string', default: 'dist' },
  },
});
const runs = Number(values.runs);
const node = values.node;
const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-cold-start-'));

const childEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, RUNNER_TEMP: scratch, GITHUB_STATE: join(scratch, 'state'), GITHUB_ENV: join(scratch, 'env'), GITHUB_OUTPUT: join(scratch, 'output') };

interface Subject {
  label: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

const subjects: Subject[] = [
  { label: 'node -e 0 (peer)', args: ['-e', 'console.log(0)'], env: childEnv },
  { label: 'start', args: [join(values.dist, 'start', 'index.js')], env: { ...childEnv, INPUT_MODE: 'bogus' } },
  { label: 'start (post)', args: [join(values.dist, 'start', 'post.js')], env: childEnv },
  { label: 'stop', args: [join(values.dist, 'stop', 'index.js')], env: childEnv },
].filter((subject) => subject.args[0] === '-e' || existsSync(subject.args[0] as string));

/** Milliseconds from spawn to the first byte on stdout (or to exit, if it prints nothing). */
function firstOutput(subject: Subject): Promise<number> {
  return new Promise((resolveTime, reject) => {
    const began = performance.now();
    const child = spawn(node, subject.args, { env: subject.env, stdio: ['ignore', 'pipe', 'ignore'] });
    let seen: number | undefined;
    child.stdout.once('data', () => {
      seen = performance.now() - began;
    });
    child.on('error', reject);
    child.on('close', () => resolveTime(seen ?? performance.now() - began));
  });
}

const times = new Map<string, number[]>(subjects.map((subject) => [subject.label, []]));
try {
  for (let run = 0; run < runs; run += 1) {
    for (const subject of subjects) times.get(subject.label)!.push(await firstOutput(subject));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
const floor = median(times.get('node -e 0 (peer)')!);
console.log(`Cold start to the first output line, ${runs} runs, ${node}`);
console.log('| bundle | median | best | above node -e 0 (median) |');
console.log('| --- | ---: | ---: | ---: |');
for (const [label, list] of times) {
  console.log(`| ${label} | ${median(list).toFixed(0)} ms | ${Math.min(...list).toFixed(0)} ms | ${(median(list) - floor).toFixed(0)} ms |`);
}
