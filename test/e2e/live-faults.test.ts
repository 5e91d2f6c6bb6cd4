// Live mode faults, each against the real engine through the runner harness: every one gives a clear
// message (no stack trace), leaves no container behind, and the post step stays harmless.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { docker, dockerOk } from '../support/docker.ts';
import { RunnerJob, type StepResult } from '../support/harness.ts';
import { falcoImage, repoPath, requireDocker, requireRegistryImage, requireStrictDocker, strictDockerHost, testRegistry } from '../support/env.ts';
import { CONTAINER_LABEL, CONTAINER_LABEL_VALUE } from '../../src/falco/container.ts';
import { liveFixture, alertRows, falcoContainersLeft, removeLeftovers, jobsOfThisRun, startState, uniqueRunId } from './live-support.ts';

const BAD_RULES = repoPath('test', 'fixtures', 'rules', 'bad_condition.yaml');
const UNDEFINED_MACRO_RULES = repoPath('test', 'fixtures', 'rules', 'undefined_macro.yaml');
const fixture = liveFixture();

/** The rule the API fault tests trigger, for a tool name no other run uses. */
function faultRules(toolName: string): string {
  return [
    '- rule: Fault Test Tool Spawned',
    "  desc: The fault tests' tool was started.",
    `  condition: evt.type in (execve, execveat) and proc.name = ${toolName}`,
    '  output: Fault test tool started (proc.name=%proc.name proc.cmdline=%proc.cmdline)',
    '  priority: NOTICE',
    '  tags: [e2e]',
    '',
  ].join('\n');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The engine's clock (containers are created by the engine, so events are compared on its time). */
async function engineTime(): Promise<string> {
  const result = await docker(['info', '--format', '{{.SystemTime}}']);
  return result.stdout.trim();
}

/** Names of Falco containers of this run the engine created since then (removed ones included). */
async function containersCreatedSince(since: string, runId: number): Promise<string[]> {
  const result = await docker([
    'events', '--since', since, '--until', await engineTime(),
    '--filter', 'type=container', '--filter', 'event=create', '--filter', `label=${CONTAINER_LABEL}=${CONTAINER_LABEL_VALUE}`,
    '--format', '{{.Actor.Attributes.name}}',
  ]);
  assert.equal(result.exitCode, 0, result.stderr);
  return result.stdout.split('\n').filter((name) => name.startsWith(`falco-actions-${runId}-`));
}

function failureText(step: StepResult): string {
  return step.annotations.filter((annotation) => annotation.level === 'error').map((annotation) => annotation.message).join('\n');
}

function assertNoStackTrace(step: StepResult): void {
  const text = `${failureText(step)}\n${step.log.join('\n')}`;
  assert.ok(!/\n\s+at .+:\d+:\d+\)?/.test(text), `no stack trace expected:\n${text}`);
}

/** Runs start with the given inputs and step env, expects it to fail, then checks the post step is harmless. */
async function failingStart(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
): Promise<{ start: StepResult; post: StepResult; runId: number }> {
  const runId = uniqueRunId();
  const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, runnerName: 'GitHub Actions 5' });
  try {
    const start = await job.uses(fixture.action.start, { 'falco-image': falcoImage(), 'cicd-rules': 'false', ...inputs }, { root: fixture.action.root, name: 'Start Falco', env });
    assert.equal(start.outcome, 'failure');
    assertNoStackTrace(start);
    const workDirs = join(job.runnerTemp, 'falco-actions');
    const left = existsSync(workDirs) ? readdirSync(workDirs).filter((entry) => entry.startsWith('falco-actions-')) : [];
    assert.deepEqual(left, [], 'start removes its temporary files when it fails');
    await job.complete();
    const post = job.results.at(-1)!;
    assert.equal(post.name, 'Post Start Falco');
    assert.equal(post.outcome, 'success', post.log.join('\n'));
    assert.ok(post.log.some((line) => line.includes('was not started in this job') && line.includes('nothing to stop')), post.log.join('\n'));
    return { start, post, runId };
  } finally {
    await job.dispose();
    await removeLeftovers(runId);
    await removeLeftovers(runId, { host: strictDockerHost() });
  }
}

describe('live mode faults', { concurrency: false }, () => {
  it('no Docker engine: names where it looked and asks whether Docker runs', async () => {
    const { start } = await failingStart({}, { DOCKER_HOST: 'unix:///nonexistent/falco-actions/docker.sock' });
    assert.match(failureText(start), /^Cannot reach the Docker engine at unix:\/\/\/nonexistent\/falco-actions\/docker\.sock: .*ENOENT.*Is Docker running\?/);
  });

  it('image missing from the registry: names the image', async (t) => {
    if (!(await requireDocker(t))) return;
    const image = `${testRegistry()}/falcosecurity/falco:0.0.404`;
    const { start, runId } = await failingStart({ 'falco-image': image });
    assert.match(failureText(start), new RegExp(`^Pulling image ${image.replace(/[.]/g, '\\.')} failed: `));
    assert.deepEqual(await falcoContainersLeft(runId), []);
  });

  it('engine refuses the privileged container: says so and removes it', async (t) => {
    if (!(await requireStrictDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const { start, runId } = await failingStart({}, { DOCKER_HOST: strictDockerHost() });
    assert.match(failureText(start), /^The Docker engine at unix:\/\/.*strict-docker\.sock refused to start the Falco container, which modern_ebpf needs privileged .*: .*unable to apply caps.*\. Use a runner whose Docker engine allows privileged containers/);
    assert.deepEqual(await falcoContainersLeft(runId, { host: strictDockerHost() }), []);
  });

  it('a rule file with a syntax error: refused before any image is pulled or container created, naming file and line', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const since = await engineTime();
    const { start, runId } = await failingStart({ 'custom-rule-file': BAD_RULES });
    const text = failureText(start);
    assert.ok(text.startsWith(`The rule file ${BAD_RULES} has an error that Falco would refuse`), text);
    assert.match(text, new RegExp(`\\n${escapeRegExp(BAD_RULES)}:4:14: error: rule 'Broken Condition': condition: expected `));
    assert.match(text, /no Falco container was started/);
    // The engine was not even asked: no engine line, no pull progress, and no container of this run was ever created.
    assert.ok(!start.log.some((line) => /Docker engine|Pulling|Pull complete/.test(line)), start.log.join('\n'));
    assert.deepEqual(await containersCreatedSince(since, runId), []);
  });

  it('a rule file Falco rejects (a macro we cannot see in its default rules): warns first, then names the file and gives Falco\'s error', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const { start, runId } = await failingStart({ 'custom-rule-file': UNDEFINED_MACRO_RULES });
    const warnings = start.annotations.filter((annotation) => annotation.level === 'warning').map((annotation) => annotation.message);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, new RegExp(`^${escapeRegExp(UNDEFINED_MACRO_RULES)} uses macro 'fa_macro_nobody_defines' without defining (it|them)\\. Falco loads its default rules`));
    const text = failureText(start);
    assert.ok(text.startsWith(`Falco rejected the rule file ${UNDEFINED_MACRO_RULES}:`), text);
    assert.match(text, /LOAD_ERR_VALIDATE \(Error validating rule\/macro\/list\/exception objects\): Undefined macro 'fa_macro_nobody_defines' used in filter\./);
    assert.deepEqual(await falcoContainersLeft(runId), []);
  });

  it('a custom rule file that does not exist: names the input and the path', async () => {
    const { start } = await failingStart({ 'custom-rule-file': 'rules/absent.yaml' });
    assert.match(failureText(start), /^Input 'custom-rule-file': "rules\/absent\.yaml" is not a file \(looked at .*\/rules\/absent\.yaml\)/);
  });

  it('an invalid input: names the input and the accepted values', async () => {
    const { start } = await failingStart({ mode: 'replay' });
    assert.equal(failureText(start), "Invalid value for input 'mode': \"replay\". Accepted values: live, analyze.");
  });

  it('analyze mode: a sysdig image the registry does not have fails naming the image', async (t) => {
    if (!(await requireDocker(t))) return;
    const { start } = await failingStart({ mode: 'analyze', 'sysdig-image': '127.0.0.1:5000/sysdig/absent:0.0.1' });
    assert.match(failureText(start), /127\.0\.0\.1:5000\/sysdig\/absent:0\.0\.1/);
  });

  it('Falco dies after start: stop reports it with Falco\'s last lines, still writes the summary, removes the container', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const runId = uniqueRunId();
    const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, runnerName: 'GitHub Actions 5' });
    try {
      const start = await job.uses(fixture.action.start, { 'falco-image': falcoImage(), 'cicd-rules': 'false' }, { root: fixture.action.root, name: 'Start Falco' });
      assert.equal(start.outcome, 'success', start.log.join('\n'));
      await dockerOk(['kill', '--signal', 'KILL', startState(job).containerName]);
      const stop = await job.uses(fixture.action.stop, {}, { root: fixture.action.root, name: 'Stop Falco', onStart: () => fixture.api.setJobs(jobsOfThisRun(job)) });
      assert.equal(stop.outcome, 'success', stop.log.join('\n'));
      assertNoStackTrace(stop);
      assert.match(stop.summary, /Falco stopped on its own before this step \(exit code 137\)/);
      // Falco's own log lines (ISO 8601 time prefix, time_format_iso_8601) follow.
      assert.match(stop.summary, /Falco's last log lines:\n\d{4}-\d\d-\d\dT[\d:]+\+0000: /);
      // In the log, Falco's lines are quoted (between stop-commands and its token) and indented under the problem.
      assert.ok(stop.log.some((line) => /^ {4}\d{4}-\d\d-\d\dT[\d:]+\+0000: /.test(line)), stop.log.join('\n'));
      assert.ok(!stop.log.some((line) => /::stop-commands::|::falco-actions-quote-/.test(line)), 'the runner consumed the block markers');
      // Other tests may run at the same time on this host and trigger Falco's default rules: no exact count.
      assert.match(stop.outputs.alerts ?? '', /^\d+$/);
      assert.deepEqual(await falcoContainersLeft(runId), []);
      await job.complete();
      assert.ok(job.results.at(-1)!.log.some((line) => line.includes('already stopped')));
    } finally {
      await job.dispose();
      await removeLeftovers(runId);
    }
  });

  for (const status of [403, 500]) {
    it(`the GitHub API answers ${status}: the summary is still written with the alerts and a note`, async (t) => {
      if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
      const runId = uniqueRunId();
      const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, runnerName: 'GitHub Actions 5' });
      try {
        // Falco sees the whole host: a fixed tool name would also match the tool of a concurrent run of
        // these tests (another checkout's suite on the same machine), which is where an extra alert came
        // from. A name of this test's own (comm is at most 15 characters) makes the count exact.
        const toolName = `fa-ft-${randomBytes(4).toString('hex')}`;
        const rules = join(job.runnerTemp, 'fault-rules.yaml');
        writeFileSync(rules, faultRules(toolName));
        const start = await job.uses(fixture.action.start, { 'falco-image': falcoImage(), 'cicd-rules': 'false', 'custom-rule-file': rules }, { root: fixture.action.root, name: 'Start Falco' });
        assert.equal(start.outcome, 'success', start.log.join('\n'));
        const tool = await job.run(`ln -sf /bin/sleep "$RUNNER_TEMP/${toolName}"\n"$RUNNER_TEMP/${toolName}" 1.5\n`, { name: 'Tool' });
        assert.equal(tool.outcome, 'success');
        fixture.api.failWith(status);
        const stop = await job.uses(fixture.action.stop, {}, { root: fixture.action.root, name: 'Stop Falco' });
        fixture.api.failWith(undefined);
        assert.equal(stop.outcome, 'success', stop.log.join('\n'));
        assertNoStackTrace(stop);
        // Falco's default rules also see the host's other processes (a concurrent test reading /etc/shadow):
        // the total is at least this test's alert, the rule's rows are exact.
        assert.ok(Number(stop.outputs.alerts) >= 1, stop.summary);
        const rows = alertRows(stop.summary, 'Fault Test Tool Spawned', toolName);
        assert.equal(rows.length, 1, stop.summary);
        // Without step names the alert is still attributed to this job's own script, not left unknown.
        assert.match(rows[0]!, /\| unknown step \(run script ` _temp\/[0-9a-f-]+\.sh `\) \|/);
        if (status === 403) assert.match(stop.summary, /actions: read/);
        else assert.match(stop.summary, /500/);
        assert.deepEqual(await falcoContainersLeft(runId), []);
      } finally {
        fixture.api.failWith(undefined);
        await job.dispose();
        await removeLeftovers(runId);
      }
    });
  }
});
