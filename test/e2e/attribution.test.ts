// Step attribution on a real runner's timeline, end to end: real Falco (modern eBPF) watches a job
// whose steps run back to back through the runner harness (whole-second step times in the API record,
// consecutive steps sharing their boundary second, a skipped step, a composite action, a container
// step, stop and its post step). Every alert of the job must name exactly its step, and nothing of
// falco-actions' own processes (stop and post talk to the Docker socket) may be a finding.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RunnerJob } from '../support/harness.ts';
import { baseImage, falcoImage, repoPath, requireDocker, requireRegistryImage } from '../support/env.ts';
import { alertTable, falcoContainersLeft, jobsOfThisRun, liveFixture, removeLeftovers, uniqueRunId } from './live-support.ts';

const RULES = repoPath('test', 'fixtures', 'rules', 'e2e_rules.yaml');
const fixture = liveFixture();

/** The Alerts rows whose output mentions all the texts. */
function rowsWith(summary: string, ...texts: string[]): Array<{ step: string; rule: string; line: string }> {
  return alertTable(summary).filter((row) => texts.every((text) => row.line.includes(text)));
}

const exactly = (step: string): string => `\` ${step} \``;

describe('attribution on back-to-back steps with real Falco', { concurrency: false }, () => {
  it('names exactly the step of every alert of the job and reports nothing of our own processes', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage())) || !(await requireRegistryImage(t, baseImage()))) return;
    const runId = uniqueRunId();
    const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, jobName: 'build', runnerName: 'GitHub Actions 17' });
    try {
      // The CI/CD rules are on (the default): their Docker socket rule fires on stop's own requests.
      const start = await job.uses(fixture.action.start, { 'falco-image': falcoImage(), 'custom-rule-file': RULES }, { root: fixture.action.root, name: 'Start Falco' });
      assert.equal(start.outcome, 'success', start.log.join('\n'));

      // No waits anywhere: each step starts in the second the previous one ended.
      const build = await job.run('ln -sf /bin/true "$RUNNER_TEMP/fa-e2e-tool"\n"$RUNNER_TEMP/fa-e2e-tool" build\n', { name: 'Build' });
      const deploy = await job.run('echo never\n', { name: 'Deploy', if: 'failure()' });
      const toolchain = await job.composite([
        'exec 3</etc/shadow\n',
        'ln -sf /bin/true "$RUNNER_TEMP/fa-e2e-last"\n"$RUNNER_TEMP/fa-e2e-last" toolchain\n',
      ]);
      // Processes that merely call themselves what ours are called are the job's, and reported.
      const imposters = await job.run(
        [
          'ln -sf /bin/cat "$RUNNER_TEMP/node"',
          '"$RUNNER_TEMP/node" /etc/shadow >/dev/null',
          'ln -sf /bin/sh "$RUNNER_TEMP/fa-ready-probe"',
          '"$RUNNER_TEMP/fa-ready-probe" -c "exec 4</etc/shadow"',
          '',
        ].join('\n'),
        { name: 'Imposters' },
      );
      // A container step: its own process (docker run) is the step's; what runs inside the container
      // descends from the engine, not the step, and is placed by time (a second inside the step).
      const container = await job.container(baseImage(), ['sh', '-c', 'sleep 1; cat /etc/shadow >/dev/null; sleep 1']);
      for (const step of [build, toolchain, imposters, container]) assert.equal(step.outcome, 'success', `${step.name}: ${step.log.join('\n')}`);
      assert.equal(deploy.outcome, 'skipped');
      assert.equal(toolchain.pids.length, 2, 'the composite ran two processes under Runner.Worker');

      const stop = await job.uses(fixture.action.stop, {}, {
        root: fixture.action.root,
        name: 'Stop Falco',
        onStart: () => fixture.api.setJobs(jobsOfThisRun(job)),
      });
      assert.equal(stop.outcome, 'success', stop.log.join('\n'));
      const summary = stop.summary;
      // The API record is what a real runner's looks like: whole seconds, shared boundaries.
      const record = job.snapshot();
      const times = record.steps.flatMap((step) => [step.started_at, step.completed_at]).filter((time): time is string => time !== null);
      assert.ok(times.every((time) => /T\d{2}:\d{2}:\d{2}Z$/.test(time)), JSON.stringify(times));
      // Back to back: some step starts in the very second the one before it ended.
      const shared = record.steps.slice(1).some((step, index) => step.started_at !== null && step.started_at === record.steps[index]?.completed_at);
      assert.ok(shared, JSON.stringify(record.steps));
      const names: string[] = record.steps.map((step) => step.name);
      assert.deepEqual(names.slice(0, 8), ['Set up job', 'Start Falco', 'Build', 'Deploy', 'Run octo-org/toolchain@v2', 'Imposters', 'Run docker://' + baseImage(), 'Stop Falco']);

      // This job's alerts, each on exactly its step.
      const expectations: Array<[string[], string, RegExp]> = [
        [['E2E Suspicious Tool Spawned', 'fa-e2e-tool'], 'Build', /^` Build ` \(/],
        [['E2E Shadow File Opened', 'bash'], 'Run octo-org/toolchain@v2', /^` Run octo-org\/toolchain@v2 ` \(/],
        [['E2E Suspicious Tool Spawned', 'fa-e2e-last'], 'Run octo-org/toolchain@v2', /^` Run octo-org\/toolchain@v2 ` \(/],
        [['E2E Shadow File Opened', 'proc.name=node'], 'Imposters', /^` Imposters ` \(/],
        [['E2E Shadow File Opened', 'proc.name=fa-ready-probe'], 'Imposters', /^` Imposters ` \(/],
        // busybox's cat runs as its multi-call binary "exe", inside the container.
        [['E2E Shadow File Opened', 'proc.cmdline=exe /etc/shadow'], `Run docker://${baseImage()}`, /\(by time\)$/],
      ];
      for (const [texts, step, how] of expectations) {
        const rows = rowsWith(summary, ...texts);
        assert.equal(rows.length, 1, `${texts.join(' ')}:\n${summary}`);
        assert.ok((rows[0] as { step: string }).step.startsWith(exactly(step)), `${texts.join(' ')} on ${step}:\n${summary}`);
        assert.match((rows[0] as { step: string }).step, how, summary);
      }
      // Every marker of the job was placed in one step: no attribution note says "either".
      assert.ok(!/may belong to either/.test(summary), summary);
      // The only alerts not tied to a step process are those Falco could name no process for (it
      // knew no thread for the event: pid=-1, process <NA>); they are placed by time, and at a
      // boundary second honestly as "either … or …". Every other alert names exactly one step.
      const unknownProcess = (line: string): boolean => line.includes('process=<NA> pid=-1');
      for (const row of alertTable(summary)) {
        if (unknownProcess(row.line)) assert.equal(row.rule, '` Unexpected Write to Runner File Commands `', row.line);
        else assert.ok(!row.step.startsWith('either'), `${row.line}\n${summary}`);
      }
      // Our own processes: stop's Docker socket requests are left out, and the summary says so.
      assert.equal(rowsWith(summary, 'Docker Socket Access From Build').filter((row) => /Stop Falco|Start Falco/.test(row.step)).length, 0, summary);
      assert.ok(!alertTable(summary).some((row) => !unknownProcess(row.line) && /Stop Falco|Start Falco/.test(row.step)), summary);
      assert.match(summary, /left out \d+ alerts? of falco(?:-|&#45;)actions stop(?:'|&#39;)s own process (?:\(|&#40;)pid \d+(?:;|&#59;) rules ` Docker Socket Access From Build `/, summary);
      // The memory figure is Falco's resident memory, said as such.
      assert.match(summary, /Falco(?:&#39;|')s peak memory is the peak resident set of Falco(?:&#39;|')s process \(VmHWM\)/, summary);
      const memory = /\| [\d.]+ s \| ([\d.]+) MiB \|/.exec(summary);
      assert.ok(memory && Number(memory[1]) > 1 && Number(memory[1]) < 400, summary);

      await job.complete();
      const post = job.results.at(-1)!;
      assert.equal(post.name, 'Post Start Falco');
      assert.equal(post.outcome, 'success');
      assert.deepEqual(await falcoContainersLeft(runId), []);
    } finally {
      await job.dispose();
      await removeLeftovers(runId);
    }
  });
});
