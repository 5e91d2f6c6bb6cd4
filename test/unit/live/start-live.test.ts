// startLive's decisions, without the runner or a Docker engine: the rule check runs on the action's
// real rule files, the work folder and the events file are real files, the readiness probe is a real
// process, and the engine's container plays Falco from a script (scripted-falco.ts).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { systemClock, type Logger } from '../../../src/live/collaborators.ts';
import { startLive, StartError, verifyReady, type Readiness } from '../../../src/live/start.ts';
import { readState } from '../../../src/live/state.ts';
import type { StartSettings } from '../../../src/settings/start.ts';
import { SettingsError } from '../../../src/settings/inputs.ts';
import { repoRoot } from '../../support/paths.ts';
import { ScriptedFalcoEngine, startupLog, type FalcoScript } from './scripted-falco.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-start-live-'));
after(() => rm(scratch, { recursive: true, force: true }));

const engines: ScriptedFalcoEngine[] = [];
afterEach(() => {
  for (const engine of engines.splice(0)) engine.dispose();
});

const settings: StartSettings = { mode: 'live', falcoVersion: '0.44.1', falcoImage: 'falcosecurity/falco:0.44.1', customRuleFiles: [], cicdRules: false, verbose: false };

class RecordingLog implements Logger {
  readonly lines: string[] = [];
  info(message: string) {
    this.lines.push(message);
  }
  debug(message: string) {
    this.lines.push(`::debug::${message}`);
  }
  warning(message: string) {
    this.lines.push(`::warning::${message}`);
  }
}

let runs = 0;
async function start(script: FalcoScript, options: { readyTimeoutMs?: number; verbose?: boolean; mode?: StartSettings['mode'] } = {}) {
  runs += 1;
  const engine = new ScriptedFalcoEngine(script);
  engines.push(engine);
  const log = new RecordingLog();
  const runnerTemp = join(scratch, `run-${runs}`);
  const stateFile = join(runnerTemp, 'falco-actions', 'state.json');
  const result = startLive(
    { ...settings, verbose: options.verbose ?? false, mode: options.mode ?? 'live' },
    { engine, log, clock: systemClock, actionRoot: repoRoot(), workspace: scratch, runnerTemp, stateFile, runId: '77', runnerWorkerPid: 4242, readyTimeoutMs: options.readyTimeoutMs ?? 20_000 },
  );
  return { engine, log, runnerTemp, stateFile, result };
}

/** What start left under RUNNER_TEMP besides its state. */
async function leftovers(runnerTemp: string): Promise<string[]> {
  const dir = join(runnerTemp, 'falco-actions');
  return existsSync(dir) ? (await readdir(dir)).filter((entry) => entry.startsWith('falco-actions-')) : [];
}

const healthy: FalcoScript = { log: startupLog, then: { kind: 'run' }, seesProbes: true };

describe('startLive', () => {
  it('starts Falco, proves it sees this job with a probe, and leaves the state stop needs', async () => {
    const { engine, log, stateFile, result } = await start(healthy);
    const { state } = await result;
    assert.deepEqual(await readState(stateFile), state);
    assert.equal(state.containerId, 'c0ffee');
    assert.match(state.containerName, /^falco-actions-77-[0-9a-f]{8}$/);
    assert.equal(state.falcoPid, 4321);
    assert.equal(state.runnerWorkerPid, 4242);
    assert.deepEqual(state.ruleFiles, [join(repoRoot(), 'rules', 'falco_actions_markers.yaml')]);
    // The probe Falco reported is recorded as ours, with start itself.
    assert.ok(engine.reportedProbes.length >= 1);
    const probes = (state.ownProcesses ?? []).filter((own) => own.role === 'probe').map((own) => own.pid);
    assert.ok(engine.reportedProbes.some((pid) => probes.includes(pid)), `reported ${engine.reportedProbes}, recorded ${probes}`);
    assert.deepEqual((state.ownProcesses ?? []).filter((own) => own.role === 'start').map((own) => own.pid), [process.pid]);
    // The events file is where the container's events folder is mounted.
    const spec = engine.specs[0];
    const eventsBind = spec?.binds.find((bind) => bind.containerPath === '/var/run/falco-actions');
    assert.equal(join(eventsBind?.hostPath ?? '', 'events.json'), state.eventsFile);
    assert.ok(!engine.calls.some((call) => call.startsWith('remove')), 'a started Falco is left running');
    assert.ok(log.lines.some((line) => line.startsWith('Falco 0.44.1 is monitoring this job')), log.lines.join('\n'));
  });

  it('refuses a mode other than live before touching the engine', async () => {
    const { engine, result } = await start(healthy, { mode: 'analyze' });
    await assert.rejects(result, (error: unknown) => error instanceof SettingsError && error.input === 'mode');
    assert.deepEqual(engine.calls, []);
  });

  it('reports Falco exiting before it was ready with its last words, and removes the container and files', async () => {
    const { engine, runnerTemp, result } = await start({
      log: () => [`${'2026-06-10T08:00:00+0000: '}Falco version: 0.44.1 (x86_64)`, 'Error: could not initialize inspector', 'failed to open modern BPF probe'],
      then: { kind: 'exit', exitCode: 1 },
      seesProbes: false,
    });
    await assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof StartError);
      assert.match(error.message, /^Falco exited before it was ready \(exit code 1\)\. Falco's last log lines:\n/);
      assert.match(error.message, /Error: could not initialize inspector\nfailed to open modern BPF probe/);
      return true;
    });
    assert.ok(engine.calls.includes('remove c0ffee'));
    assert.deepEqual(await leftovers(runnerTemp), []);
  });

  it('names the rule file Falco rejected, as the user knows it', async () => {
    const { result } = await start({
      log: (files) => [`2026-06-10T08:00:00+0000: Loading rules from:`, `Error: ${files[0]}: Invalid`, '1 Errors:', 'In rules content: (/etc/falco/rules.d/x)'],
      then: { kind: 'exit', exitCode: 1 },
      seesProbes: false,
    });
    await assert.rejects(result, /^StartError: Falco rejected the rule file .*falco_actions_markers\.yaml \(falco-actions step markers\):\n.*Invalid/s);
  });

  it('gives up when Falco never opens its syscall source', async () => {
    const { engine, runnerTemp, result } = await start(
      { log: (files) => startupLog(files).slice(0, -1), then: { kind: 'run' }, seesProbes: true },
      { readyTimeoutMs: 1500 },
    );
    await assert.rejects(result, /^StartError: Falco did not open its syscall source within 2 s\. Falco's last log lines:\n.*Enabled event sources: syscall/s);
    assert.ok(engine.calls.includes('remove c0ffee'));
    assert.deepEqual(await leftovers(runnerTemp), []);
  });

  it('fails when Falco opens its source but never reports the probe (it does not see this job)', async () => {
    const { engine, result } = await start({ ...healthy, seesProbes: false }, { readyTimeoutMs: 1500 });
    await assert.rejects(result, /^StartError: Falco opened its syscall source but did not report the readiness probe within 2 s/);
    assert.ok(engine.calls.includes('remove c0ffee'));
  });

  it('fails when Falco does not list a mounted rule file as loaded', async () => {
    const { result } = await start({ ...healthy, log: () => startupLog([]) });
    await assert.rejects(result, /^StartError: Falco did not report loading this rule file: .*falco_actions_markers\.yaml \(falco-actions step markers\)\. Falco reported: \/etc\/falco\/falco_rules\.yaml\./);
  });

  it('says what to do when the engine refuses a privileged container', async () => {
    const { engine, runnerTemp, result } = await start({ ...healthy, refuseStart: 'privileged mode is disabled' });
    await assert.rejects(result, (error: unknown) => {
      assert.ok(error instanceof StartError);
      assert.match(error.message, /refused to start the Falco container.*: privileged mode is disabled\. Use a runner whose Docker engine allows privileged containers/);
      return true;
    });
    assert.ok(engine.calls.includes('remove c0ffee'));
    assert.deepEqual(await leftovers(runnerTemp), []);
  });

  it('with verbose, quotes Falco\'s log and closes the quote before failing', async () => {
    const { log, result } = await start(
      { log: () => ['::error::from Falco', 'Error: no', '##[set-output name=x]y'], then: { kind: 'exit', exitCode: 2 }, seesProbes: false },
      { verbose: true },
    );
    await assert.rejects(result, StartError);
    const first = log.lines.indexOf('falco: ::error::from Falco');
    const open = log.lines.findLastIndex((line, index) => index < first && line.startsWith('::stop-commands::'));
    assert.ok(first > 0 && open >= 0, log.lines.join('\n'));
    const token = log.lines[open]!.slice('::stop-commands::'.length);
    const close = log.lines.indexOf(`::${token}::`);
    assert.ok(close > open);
    assert.deepEqual(log.lines.slice(open + 1, close), ['falco: ::error::from Falco', 'falco: Error: no', 'falco: ##[set-output name=x]y']);
  });
});

describe('verifyReady', () => {
  const mounted = [{ hostPath: '/a/mine.yaml', origin: 'custom' as const, containerPath: '/etc/falco/rules.d/falco-actions-20-00-mine.yaml' }];
  const readiness = (overrides: Partial<Readiness>): Readiness => ({
    outcome: 'ready',
    probeSeen: true,
    startup: { version: '0.44.1', configFiles: [], loadedRuleFiles: [{ path: mounted[0]!.containerPath, schemaValidation: 'ok' }], syscallSourceOpening: true, error: undefined, recentLines: [] },
    lastLines: ['last words'],
    status: { running: true, pid: 9, exitCode: undefined, status: 'running', error: '' },
    probes: [],
    timeoutMs: 120_000,
    ...overrides,
  });

  it('accepts a running Falco that saw the probe and loaded every file', () => {
    assert.doesNotThrow(() => verifyReady(readiness({}), mounted));
  });

  it('a Falco that died after opening its source is not ready, whatever it said', () => {
    assert.throws(
      () => verifyReady(readiness({ status: { running: false, pid: undefined, exitCode: 137, status: 'exited', error: 'OOMKilled' } }), mounted),
      /^StartError: Falco exited before it was ready \(exit code 137\): OOMKilled\. Falco's last log lines:\nlast words$/,
    );
  });
});
