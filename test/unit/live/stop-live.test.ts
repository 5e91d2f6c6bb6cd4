// stopLive's decisions, without the runner or a Docker engine: a real state file and events file, the
// real report (buildLiveReport) reading this job's steps from a real local HTTP API that answers as
// api.github.com does (test/support/github-api.ts), and an engine whose container plays Falco
// (scripted-falco.ts).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildLiveReport } from '../../../src/report/live-report.ts';
import { systemClock, type Logger } from '../../../src/live/collaborators.ts';
import { readState, writeState, type LiveState } from '../../../src/live/state.ts';
import { monitoringToStop, stopLive, type StopContext } from '../../../src/live/stop.ts';
import { fixtureJobs, startGitHubApi, type GitHubApi } from '../../support/github-api.ts';
import { falcoLine } from '../falco/falco-lines.ts';
import { probeAlert, ScriptedFalcoEngine, type FalcoScript } from './scripted-falco.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-stop-live-'));
let api: GitHubApi;
before(async () => {
  api = await startGitHubApi({ jobs: fixtureJobs() });
});
after(async () => {
  await api.close();
  await rm(scratch, { recursive: true, force: true });
});

const quiet: Logger = { info: () => undefined, debug: () => undefined, warning: () => undefined };
const TOKEN = 'ghs_stopLiveTestToken000000000000000000';
const ALERT = falcoLine({ rule: 'Read sensitive file untrusted', priority: 'Warning', time: '2026-06-10T08:00:05.000000001Z', chain: [5000, 4000, 1] });

let runs = 0;
/** A state file and an events file as start and Falco leave them. */
async function startedMonitoring(events: string): Promise<{ stateFile: string; state: LiveState }> {
  runs += 1;
  const workDir = join(scratch, `run-${runs}`);
  await mkdir(join(workDir, 'events'), { recursive: true });
  const eventsFile = join(workDir, 'events', 'events.json');
  await writeFile(eventsFile, events);
  const state: LiveState = {
    version: 1,
    mode: 'live',
    containerId: 'c0ffee',
    containerName: 'falco-actions-77-0badf00d',
    image: 'falcosecurity/falco:0.44.1',
    eventsFile,
    workDir,
    ruleFiles: [],
    verbose: false,
    startedAt: '2026-06-10T08:00:00.000Z',
    startSeconds: 4.2,
    ownProcesses: [{ role: 'probe', pid: 31337, fromMs: 0, toMs: 1 }],
  };
  const stateFile = join(workDir, 'state.json');
  await writeState(stateFile, state);
  return { stateFile, state };
}

function context(engine: ScriptedFalcoEngine, stateFile: string, overrides: Partial<StopContext> = {}): StopContext {
  return {
    engine,
    log: quiet,
    clock: systemClock,
    buildReport: buildLiveReport,
    github: { token: TOKEN, apiUrl: api.url, repository: 'octo-org/octo-repo', runId: 1300000001, runAttempt: 1, runnerName: 'GitHub Actions 1000000001', job: 'build' },
    stateFile,
    caller: 'stop',
    failOn: 'none',
    verbose: false,
    ...overrides,
  };
}

const running: FalcoScript = { log: () => ['2026-06-10T08:10:00+0000: SIGTERM received, exiting'], then: { kind: 'run' }, seesProbes: false };

describe('monitoringToStop', () => {
  it('finds nothing to stop without a state, or when it was stopped already', async () => {
    const missing = await monitoringToStop(join(scratch, 'no-such-state.json'));
    assert.equal(missing.kind, 'not-started');
    const { stateFile, state } = await startedMonitoring('');
    assert.deepEqual(await monitoringToStop(stateFile), { kind: 'running', state });
    await writeState(stateFile, { ...state, stoppedAt: '2026-06-10T08:30:00.000Z', stoppedBy: 'post' });
    const again = await monitoringToStop(stateFile);
    assert.equal(again.kind, 'already-stopped');
    assert.match(again.kind === 'already-stopped' ? again.message : '', /already stopped by post at 2026-06-10T08:30:00\.000Z/);
  });
});

describe('stopLive', () => {
  it('stops Falco, removes its container, drops the probe lines and reports with this job from the API', async () => {
    const { stateFile, state } = await startedMonitoring(`${probeAlert(31337)}\n${ALERT}\n`);
    const engine = ScriptedFalcoEngine.running(running);
    const outcome = await stopLive(state, context(engine, stateFile));
    assert.deepEqual(
      engine.calls.filter((call) => /^(stop|remove|usage)/.test(call)),
      ['usage c0ffee', 'stop c0ffee 30', 'remove c0ffee'],
    );
    assert.deepEqual(outcome.problems, []);
    assert.equal(outcome.report.alerts, 1);
    assert.equal(await readFile(state.eventsFile, 'utf8'), `${ALERT}\n`, 'the probe line is gone, the alert kept');
    // The steps came from the API, asked with the job's token.
    assert.equal(api.requests.at(-1)?.url.startsWith('/repos/octo-org/octo-repo/actions/runs/1300000001/attempts/1/jobs'), true);
    assert.equal(api.requests.at(-1)?.headers.authorization, `token ${TOKEN}`);
    assert.match(outcome.report.markdown, /build/);
    // Marked stopped by this process, so the post step does nothing.
    const stopped = await readState(stateFile);
    assert.equal(stopped?.stoppedBy, 'stop');
    assert.ok(stopped?.ownProcesses?.some((own) => own.role === 'stop' && own.pid === process.pid));
    assert.equal(outcome.report.markdown.includes('1.5'), true, 'the CPU time the engine measured is in the report');
  });

  it('reports a container that is gone, and still reports the alerts written before', async () => {
    const { stateFile, state } = await startedMonitoring(`${ALERT}\n`);
    const engine = ScriptedFalcoEngine.running({ ...running, onStop: { kind: 'gone' } });
    const outcome = await stopLive(state, context(engine, stateFile));
    assert.deepEqual(outcome.problems, ['The Falco container falco-actions-77-0badf00d no longer exists: monitoring stopped at an unknown time; alerts written before that are reported.']);
    assert.ok(!engine.calls.some((call) => call.startsWith('stop ')));
    assert.equal(outcome.report.alerts, 1);
  });

  it('reports a Falco that stopped on its own, with its last words', async () => {
    const { stateFile, state } = await startedMonitoring('');
    const engine = ScriptedFalcoEngine.running({ ...running, onStop: { kind: 'exited-already', exitCode: 137 } });
    const outcome = await stopLive(state, context(engine, stateFile));
    assert.equal(outcome.problems.length, 1);
    assert.match(outcome.problems[0] ?? '', /^Falco stopped on its own before this step \(exit code 137\): later activity was not monitored\. Falco's last log lines:\n.*SIGTERM received/);
    assert.ok(engine.calls.includes('remove c0ffee'));
    assert.equal(outcome.report.alerts, 0);
    // Nothing Falco wrote: the events file exists (empty) for the events-file output.
    assert.equal(await readFile(state.eventsFile, 'utf8'), '');
  });

  it('reports a Falco that fails when asked to stop', async () => {
    const { stateFile, state } = await startedMonitoring('');
    const engine = ScriptedFalcoEngine.running({ ...running, onStop: { kind: 'exits', exitCode: 1 } });
    const outcome = await stopLive(state, context(engine, stateFile, { caller: 'post', graceSeconds: 5 }));
    assert.ok(engine.calls.includes('stop c0ffee 5'));
    assert.match(outcome.problems[0] ?? '', /^Falco exited with code 1 when asked to stop\. Its last log lines:/);
    assert.equal((await readState(stateFile))?.stoppedBy, 'post');
  });
});
