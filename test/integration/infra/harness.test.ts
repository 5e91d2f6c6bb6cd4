// Runs a throwaway JavaScript action through the runner harness: inputs and defaults, state handed to
// the post step, env exported to later steps, outputs, masking, annotations, post order, the job record,
// and the Runner.Worker parent every step process must have.
import { strict as assert } from 'node:assert';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { node24Binary, requireNode24 } from '../../support/env.ts';
import { RunnerJob } from '../../support/harness.ts';
import { JobSchema } from '../../../src/github/schema.ts';

const ACTION_YML = `name: tiny
description: throwaway action for the harness test
inputs:
  greeting:
    description: what to say
    default: hello
  token:
    description: the job token
    default: \${{ github.token }}
  fail-on:
    description: hyphenated input
    required: false
  my input:
    description: input with a space
runs:
  using: node20
  main: dist/main.mjs
  post: dist/post.mjs
`;

// Step processes report facts about themselves as outputs; the test asserts on those.
const MAIN = `import { appendFileSync, readFileSync } from 'node:fs';
const ppidComm = readFileSync('/proc/' + process.ppid + '/comm', 'utf8').trim();
const delimiter = 'ghadelimiter_' + Math.random().toString(16).slice(2);
appendFileSync(process.env.GITHUB_OUTPUT, 'parent_comm=' + ppidComm + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'ppid=' + process.ppid + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'inputs=' + JSON.stringify({
  greeting: process.env.INPUT_GREETING, token: process.env.INPUT_TOKEN, failOn: process.env['INPUT_FAIL-ON'],
  space: process.env.INPUT_MY_INPUT }) + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'multi<<' + delimiter + '\\nline one\\nline two\\n' + delimiter + '\\n');
appendFileSync(process.env.GITHUB_OUTPUT, 'action=' + process.env.GITHUB_ACTION + ' path=' + process.env.GITHUB_ACTION_PATH + '\\n');
appendFileSync(process.env.GITHUB_STATE, 'main_pid=' + process.pid + '\\n');
appendFileSync(process.env.GITHUB_STATE, 'note<<EOF\\nstate line 1\\nstate line 2\\nEOF\\n');
appendFileSync(process.env.GITHUB_ENV, 'FROM_MAIN=exported by main\\n');
appendFileSync(process.env.GITHUB_STEP_SUMMARY, '### tiny summary\\n');
console.log('::add-mask::hunter2-secret');
console.log('the password is hunter2-secret');
console.log('token ' + process.env.INPUT_TOKEN);
console.log('::warning title=Heads up,file=a.ts,line=3::careful%0Anow');
`;

const POST = `import { appendFileSync, readFileSync } from 'node:fs';
const record = { mainPid: process.env.STATE_main_pid, note: process.env.STATE_note, greeting: process.env.INPUT_GREETING,
  fromMain: process.env.FROM_MAIN, parentComm: readFileSync('/proc/' + process.ppid + '/comm', 'utf8').trim() };
appendFileSync(process.env.RUNNER_TEMP + '/post-' + process.env.INPUT_GREETING + '.json', JSON.stringify(record));
`;

describe('runner harness with a throwaway node action', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'harness-action-'));
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'action.yml'), ACTION_YML);
    writeFileSync(join(dir, 'dist', 'main.mjs'), MAIN);
    writeFileSync(join(dir, 'dist', 'post.mjs'), POST);
    // A runner downloads the committed tree only: installed dependencies must not reach the copy.
    mkdirSync(join(dir, 'node_modules', 'dep'), { recursive: true });
    writeFileSync(join(dir, 'node_modules', 'dep', 'index.js'), '');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('runs main, later steps and post like the runner and records the job', async () => {
    const job = await RunnerJob.create({ repository: 'acme/widgets', runId: 77, runAttempt: 2, jobName: 'build', runnerName: 'runner-7', token: 'ghs_tokenvalue123' });
    try {
      const first = await job.uses(dir, { greeting: 'first', 'fail-on': 'warning', 'my input': 'spaced' }, { actionRepository: 'acme/tiny', ref: 'v1' });
      assert.equal(first.outcome, 'success', first.stderr);
      assert.equal(first.name, 'Run acme/tiny@v1');
      assert.equal(first.outputs.parent_comm, 'Runner.Worker');
      assert.equal(Number(first.outputs.ppid), job.workerPid);
      assert.equal(job.workerComm, 'Runner.Worker');
      assert.deepEqual(JSON.parse(first.outputs.inputs ?? '{}'), { greeting: 'first', token: 'ghs_tokenvalue123', failOn: 'warning', space: 'spaced' });
      assert.equal(first.outputs.multi, 'line one\nline two');
      assert.equal(first.outputs.action, `__acme_tiny path=${join(job.actionsDir, 'acme', 'tiny', 'v1')}`);
      assert.equal(existsSync(join(job.actionsDir, 'acme', 'tiny', 'v1', 'dist', 'main.mjs')), true);
      assert.equal(existsSync(join(job.actionsDir, 'acme', 'tiny', 'v1', 'node_modules')), false);
      assert.ok(first.log.includes('the password is ***'), first.log.join('\n'));
      assert.ok(first.log.includes('token ***'), 'the job token is masked like a secret');
      assert.ok(!first.log.some((line) => line.includes('add-mask')));
      assert.deepEqual(first.annotations, [{ level: 'warning', message: 'careful\nnow', title: 'Heads up', file: 'a.ts', line: 3 }]);
      assert.equal(first.summary, '### tiny summary\n');

      const second = await job.uses(dir, { greeting: 'second' }, { actionRepository: 'acme/tiny', ref: 'v1', name: 'Tiny again' });
      assert.equal(second.outcome, 'success');
      assert.match(second.outputs.action ?? '', /^__acme_tiny_2 /);

      const script = await job.run('echo "from main: $FROM_MAIN"\necho "parent: $(cat /proc/$PPID/comm)"\ntr "\\0" " " < /proc/$$/cmdline\n');
      assert.equal(script.name, 'Run echo "from main: $FROM_MAIN"');
      assert.deepEqual(script.log.slice(0, 2), ['from main: exported by main', 'parent: Runner.Worker']);
      assert.match(script.log[2] ?? '', /^\/\S*\/bash -e \S+\/_work\/_temp\/[0-9a-f-]{36}\.sh $/);

      const during = job.snapshot();
      assert.equal(during.status, 'in_progress');
      assert.equal(during.conclusion, null);
      assert.deepEqual(during.steps.map((step) => step.name), ['Set up job', 'Run acme/tiny@v1', 'Tiny again', 'Run echo "from main: $FROM_MAIN"']);

      // The record is what the product's GitHub client accepts (the REST "job" shape, src/github/schema.ts).
      assert.equal(JobSchema.safeParse(during).success, true);
      const record = await job.complete();
      assert.deepEqual(JobSchema.parse(record), record);
      const posts = ['first', 'second'].map((greeting) => JSON.parse(readFileSync(join(job.runnerTemp, `post-${greeting}.json`), 'utf8')) as Record<string, string>);
      assert.equal(posts[0]?.mainPid, String(first.pid));
      assert.equal(posts[1]?.mainPid, String(second.pid));
      assert.equal(posts[0]?.note, 'state line 1\nstate line 2');
      assert.equal(posts[0]?.fromMain, 'exported by main');
      assert.equal(posts[0]?.parentComm, 'Runner.Worker');

      assert.equal(record.status, 'completed');
      assert.equal(record.conclusion, 'success');
      assert.equal(record.run_id, 77);
      assert.equal(record.run_attempt, 2);
      assert.equal(record.runner_name, 'runner-7');
      assert.deepEqual(
        record.steps.map((step) => [step.number, step.name, step.status, step.conclusion]),
        [
          [1, 'Set up job', 'completed', 'success'],
          [2, 'Run acme/tiny@v1', 'completed', 'success'],
          [3, 'Tiny again', 'completed', 'success'],
          [4, 'Run echo "from main: $FROM_MAIN"', 'completed', 'success'],
          // Posts run in reverse order of their mains.
          [5, 'Post Tiny again', 'completed', 'success'],
          [6, 'Post Run acme/tiny@v1', 'completed', 'success'],
          [7, 'Complete job', 'completed', 'success'],
        ],
      );
      for (const step of record.steps) {
        assert.match(step.started_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        assert.match(step.completed_at ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      }
      assert.equal(job.summary, '### tiny summary\n### tiny summary\n');
    } finally {
      await job.dispose();
    }
  });

  it('skips later steps after a failure but runs the always() post of a main that ran', async () => {
    const job = await RunnerJob.create();
    try {
      const main = await job.uses(dir, { greeting: 'kept' }, { actionRepository: 'acme/tiny' });
      assert.equal(main.outcome, 'success');
      const failing = await job.run('echo before\nexit 3\necho never\n', { name: 'Fails' });
      assert.equal(failing.outcome, 'failure');
      assert.equal(failing.exitCode, 3);
      assert.deepEqual(failing.log, ['before']);
      assert.deepEqual(failing.annotations, [{ level: 'error', message: 'Process completed with exit code 3.' }]);
      const skipped = await job.uses(dir, { greeting: 'skipped' }, { actionRepository: 'acme/tiny' });
      assert.equal(skipped.outcome, 'skipped');
      const always = await job.run('echo cleanup', { if: 'always()' });
      assert.equal(always.outcome, 'success');
      const record = await job.complete();
      assert.equal(record.conclusion, 'failure');
      assert.deepEqual(
        record.steps.map((step) => [step.name, step.conclusion]),
        [
          ['Set up job', 'success'],
          ['Run acme/tiny@main', 'success'],
          ['Fails', 'failure'],
          ['Run acme/tiny@main', 'skipped'],
          ['Run echo cleanup', 'success'],
          ['Post Run acme/tiny@main', 'success'],
          ['Complete job', 'success'],
        ],
      );
      assert.equal(record.steps[3]?.status, 'completed');
      assert.equal(record.steps[3]?.started_at, record.steps[3]?.completed_at);
      const post = JSON.parse(readFileSync(join(job.runnerTemp, 'post-kept.json'), 'utf8')) as Record<string, string>;
      assert.equal(post.mainPid, String(main.pid));
    } finally {
      await job.dispose();
    }
  });

  it('fails a step whose env file has an unterminated heredoc and refuses NODE_OPTIONS', async () => {
    const job = await RunnerJob.create();
    try {
      const bad = await job.run('echo "A<<END" >> "$GITHUB_ENV"\necho "value" >> "$GITHUB_ENV"\n');
      assert.equal(bad.outcome, 'failure');
      assert.equal(bad.exitCode, 0);
      assert.ok(bad.annotations.some((a) => a.message === "Unable to process file command 'env' successfully."));
      assert.ok(bad.annotations.some((a) => a.message.includes("Matching delimiter not found 'END'")));
      const nodeOptions = await job.run('echo "NODE_OPTIONS=--require /tmp/evil.js" >> "$GITHUB_ENV"\necho "OK=1" >> "$GITHUB_ENV"\n', { if: 'always()' });
      assert.equal(job.exportedEnv.NODE_OPTIONS, undefined);
      assert.equal(job.exportedEnv.OK, '1');
      assert.ok(nodeOptions.annotations.some((a) => a.message.includes('NODE_OPTIONS')));
      const path = await job.run(`mkdir -p "$RUNNER_TEMP/bin1" && echo "$RUNNER_TEMP/bin1" >> "$GITHUB_PATH"`, { if: 'always()' });
      assert.equal(path.outcome, 'success');
      const seen = await job.run('echo "$PATH"', { if: 'always()' });
      assert.equal(seen.log[0]?.split(':')[0], join(job.runnerTemp, 'bin1'));
    } finally {
      await job.dispose();
    }
  });

  it('runs node24 actions on Node 24 and node20 actions on the tests\' node', async (t) => {
    if (!requireNode24(t)) return;
    const versions = mkdtempSync(join(tmpdir(), 'harness-node-'));
    const job = await RunnerJob.create();
    try {
      for (const using of ['node20', 'node24']) {
        mkdirSync(join(versions, using));
        writeFileSync(join(versions, using, 'action.yml'), `name: v\nruns:\n  using: ${using}\n  main: main.mjs\n`);
        writeFileSync(join(versions, using, 'main.mjs'), "import { appendFileSync } from 'node:fs';\nappendFileSync(process.env.GITHUB_OUTPUT, 'node=' + process.versions.node + '\\n');\n");
      }
      const on20 = await job.uses(join(versions, 'node20'), {}, { actionRepository: 'acme/node20' });
      const on24 = await job.uses(join(versions, 'node24'), {}, { actionRepository: 'acme/node24' });
      assert.equal(on20.outputs.node, process.versions.node);
      assert.match(on24.outputs.node ?? '', /^24\./);
      assert.equal(on24.program, node24Binary());
    } finally {
      await job.dispose();
      rmSync(versions, { recursive: true, force: true });
    }
  });

  it('finishes a step when its process exits even if a background child keeps the output open, and kills orphans at job end', async () => {
    const job = await RunnerJob.create();
    try {
      const started = await job.run('sleep 300 &\necho "bg=$!"\n', { name: 'Leaves a daemon' });
      assert.equal(started.outcome, 'success');
      const bgPid = Number(started.log[0]?.replace('bg=', ''));
      assert.ok(bgPid > 0);
      assert.equal(existsSync(`/proc/${bgPid}`), true, 'the background process outlives its step, as on a runner');
      await job.complete();
      assert.deepEqual(job.orphans.map((orphan) => orphan.pid), [bgPid]);
      assert.equal(job.orphans[0]?.comm, 'sleep');
    } finally {
      await job.dispose();
    }
  });

  it('kills a step that exceeds its timeout and keeps the worker usable', async () => {
    const job = await RunnerJob.create();
    try {
      let startedPid = 0;
      const slow = await job.run('sleep 30', { timeoutMs: 300, onStart: (pid) => { startedPid = pid; } });
      assert.equal(slow.outcome, 'failure');
      assert.equal(slow.signal, 'SIGKILL');
      assert.equal(startedPid, slow.pid);
      const next = await job.run('echo still here', { if: 'always()' });
      assert.deepEqual(next.log, ['still here']);
    } finally {
      await job.dispose();
    }
  });
});
