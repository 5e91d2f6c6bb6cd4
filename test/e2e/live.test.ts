// Live mode end to end: the action bundles run through the runner harness against the real engine,
// with the real Falco 0.44.1 (modern eBPF) pulled from the local registry and the fake GitHub API serving this run's jobs.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RunnerJob } from '../support/harness.ts';
import { falcoImage, repoPath, requireDocker, requireRegistryImage } from '../support/env.ts';
import { liveFixture, alertRows, alertTable, stepAlertRows, falcoContainersLeft, removeLeftovers, jobsOfThisRun, startState, uniqueRunId } from './live-support.ts';

const RULES = repoPath('test', 'fixtures', 'rules', 'e2e_rules.yaml');
const fixture = liveFixture();

/** Step times are whole seconds: starting each step in a fresh second keeps steps from sharing a boundary second. */
async function nextSecond(): Promise<void> {
  await new Promise((resolveWait) => setTimeout(resolveWait, 1000 - (Date.now() % 1000) + 50));
}

const startInputs = { 'falco-image': falcoImage(), 'cicd-rules': 'false', 'custom-rule-file': RULES };
// The default: the project's CI/CD rules mounted next to the e2e rules.
const startInputsWithCicd = { 'falco-image': falcoImage(), 'custom-rule-file': RULES };

describe('live mode through the runner harness', { concurrency: false }, () => {
  it('start -> steps that trigger alerts -> stop: every alert in the summary, attributed to its step of this job', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const runId = uniqueRunId();
    const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, jobName: 'build', runnerName: 'GitHub Actions 7' });
    try {
      const start = await job.uses(fixture.action.start, startInputs, { root: fixture.action.root, name: 'Start Falco' });
      assert.equal(start.outcome, 'success', start.log.join('\n'));
      assert.ok(start.log.some((line) => line.includes('is monitoring this job with the modern_ebpf engine')), start.log.join('\n'));
      const state = startState(job);

      await nextSecond();
      const build = await job.run('ln -sf /bin/sleep "$RUNNER_TEMP/fa-e2e-tool"\n"$RUNNER_TEMP/fa-e2e-tool" 1\n', { name: 'Build' });
      await nextSecond();
      const secrets = await job.run('cat /etc/shadow >/dev/null\nsleep 1\n', { name: 'Read secrets' });
      await nextSecond();
      const last = await job.run('ln -sf /bin/sleep "$RUNNER_TEMP/fa-e2e-last"\n"$RUNNER_TEMP/fa-e2e-last" 1\n', { name: 'Last step' });
      for (const step of [build, secrets, last]) assert.equal(step.outcome, 'success');
      // Unbuffered outputs with file_output.keep_alive=false: each alert is in the file before stop.
      const beforeStop = existsSync(state.eventsFile) ? readFileSync(state.eventsFile, 'utf8') : '';
      assert.ok(beforeStop.includes('fa-e2e-tool') && beforeStop.includes('/etc/shadow'), 'the alerts are written as they happen');

      // No wait here: the last step lasted over a second, so its start second is its own.
      const stop = await job.uses(fixture.action.stop, { 'fail-on': 'error' }, {
        root: fixture.action.root,
        name: 'Stop Falco',
        onStart: () => fixture.api.setJobs(jobsOfThisRun(job)),
      });
      const summary = stop.summary;
      assert.equal(stop.outcome, 'failure', 'fail-on: error fails the step on the shadow alert');
      // Falco's default rules are loaded too: its "Read sensitive file untrusted" also fires when cat (not a
      // shell: shells are among that rule's exceptions) reads /etc/shadow.
      // Falco sees the whole host: a concurrent run of these tests on this machine (another checkout's
      // suite) can add alerts of processes outside this job's process tree. Those are at most attributed
      // by time (as a step's docker containers are); this job's own, attributed by ancestry, are exact.
      const table = alertTable(summary);
      const ours = ['Build', 'Read secrets', 'Last step'].flatMap((step) => stepAlertRows(summary, step));
      const foreign = table.filter((row) => !ours.includes(row.line));
      assert.equal(ours.length, 4, summary);
      assert.ok(foreign.every((row) => /^unknown|\((by time|boundary second)\)$/.test(row.step)), summary);
      assert.equal(stop.outputs.alerts, String(4 + foreign.length), summary);
      assert.equal(stop.outputs['highest-priority'], 'error');
      assert.equal(stop.outputs['events-file'], state.eventsFile);
      assert.equal(stepAlertRows(summary, 'Build', 'E2E Suspicious Tool Spawned', 'fa-e2e-tool').length, 1, summary);
      assert.equal(stepAlertRows(summary, 'Read secrets', 'E2E Shadow File Opened', '/etc/shadow').length, 1, summary);
      assert.equal(stepAlertRows(summary, 'Read secrets', 'Read sensitive file untrusted', '/etc/shadow').length, 1, summary);
      assert.equal(stepAlertRows(summary, 'Last step', 'E2E Suspicious Tool Spawned', 'fa-e2e-last').length, 1, summary);
      assert.equal(alertRows(summary, 'Falco Actions Ready Probe').length, 0, 'the readiness probe is not an alert');
      // (Every alert of this job has exactly one step: the four above are each attributed to one.)
      const ruleTitles = stop.annotations.map((annotation) => annotation.title ?? '').filter((title) => title.startsWith('Falco: '));
      assert.deepEqual(ruleTitles.sort(), ['Falco: E2E Shadow File Opened', 'Falco: E2E Suspicious Tool Spawned', 'Falco: Read sensitive file untrusted'], 'one annotation per rule');
      assert.deepEqual(await falcoContainersLeft(runId), []);

      const record = await job.complete();
      const post = job.results.at(-1)!;
      assert.equal(post.name, 'Post Start Falco');
      assert.equal(post.outcome, 'success');
      assert.ok(post.log.some((line) => line.includes('already stopped by stop')), post.log.join('\n'));
      assert.equal(record.steps.find((step) => step.name === 'Stop Falco')?.conclusion, 'failure');
      assert.deepEqual(await falcoContainersLeft(runId), [], 'the post step leaves nothing behind either');
    } finally {
      await job.dispose();
      await removeLeftovers(runId);
    }
  });

  it('without a stop step, the post step stops monitoring and writes the summary', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const runId = uniqueRunId();
    const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, jobName: 'build', runnerName: 'GitHub Actions 8' });
    try {
      // verbose: Falco's log is echoed, quoted in blocks the runner consumes (and closes again: later
      // commands still work).
      const start = await job.uses(fixture.action.start, { ...startInputsWithCicd, verbose: 'true' }, { root: fixture.action.root, name: 'Start Falco' });
      assert.equal(start.outcome, 'success', start.log.join('\n'));
      assert.ok(start.log.some((line) => /Rule files: .*falco_cicd_rules\.yaml \(falco-actions CI\/CD rules\)/.test(line)), start.log.join('\n'));
      assert.ok(start.log.some((line) => /^falco: .*Falco version: 0\.44\.1/.test(line)), start.log.join('\n'));
      assert.ok(!start.log.some((line) => line.includes('::stop-commands::') || line.includes('::falco-actions-quote-')), start.log.join('\n'));
      await nextSecond();
      const tool = await job.run('ln -sf /bin/sleep "$RUNNER_TEMP/fa-e2e-tool"\n"$RUNNER_TEMP/fa-e2e-tool" 1\n', { name: 'Compile' });
      assert.equal(tool.outcome, 'success');
      fixture.api.setJobs(jobsOfThisRun(job));
      await job.complete();
      const post = job.results.at(-1)!;
      assert.equal(post.name, 'Post Start Falco');
      assert.equal(post.outcome, 'success', post.log.join('\n'));
      assert.equal(stepAlertRows(post.summary, 'Compile', 'E2E Suspicious Tool Spawned').length, 1, post.summary);
      assert.ok(post.log.some((line) => line.startsWith('falco: ')), post.log.join('\n'));
      // start never signals Falco (a signal while it loads its eBPF programs kills it): Falco logs every SIGUSR1.
      assert.ok(!start.log.some((line) => line.includes('SIGUSR1 received')), start.log.join('\n'));
      // The rule's annotation, issued after the quoted tail, is still a command: the block was closed.
      assert.ok(post.annotations.some((annotation) => annotation.title === 'Falco: E2E Suspicious Tool Spawned'), JSON.stringify(post.annotations));
      assert.deepEqual(await falcoContainersLeft(runId), []);
    } finally {
      await job.dispose();
      await removeLeftovers(runId);
    }
  });
});
