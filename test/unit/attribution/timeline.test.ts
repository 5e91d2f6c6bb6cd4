// Attribution on a real runner's timeline: the jobs API gives whole seconds, consecutive steps share
// their boundary second, skipped steps have a zero-length interval, a composite action starts several
// processes, a container action `docker run`, and stop is the step in progress when it reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { FalcoAlert } from '../../../src/falco/alert.ts';
import { parseLine as parse } from './parse-line.ts';
import { attributeAlerts, noteText, toStepIntervals, MARKER_ACTION_FIELD, type AttributionContext } from '../../../src/attribution/index.ts';
import type { JobStep } from '../../../src/github/schema.ts';
import { falcoLine, markerLine, RUNNER_WORKER_PID } from '../falco/falco-lines.ts';

const NODE = '/home/runner/actions-runner/cached/externals/node20/bin/node';
const ACTIONS = '/home/runner/work/_actions';
const SHA = '0123456789abcdef0123456789abcdef01234567';
const script = (n: number) => `/usr/bin/bash -e /home/runner/work/_temp/${String(n).padStart(8, '0')}-aaaa-bbbb-cccc-ddddeeeeffff.sh`;
const at = (clock: string) => `2026-11-23T04:00:${clock}Z`;
const ms = (clock: string) => Date.parse(at(clock));


/** A marker as the marker rule writes it, with the step's GITHUB_ACTION when given. */
function marker(clock: string, pid: number, cmdline: string, action?: string, ppid = RUNNER_WORKER_PID): FalcoAlert {
  const line = JSON.parse(markerLine(at(clock), pid, cmdline, ppid)) as { output_fields: Record<string, unknown> };
  if (action !== undefined) line.output_fields[MARKER_ACTION_FIELD] = action;
  return parse(JSON.stringify(line).replace(/"evt\.time":"?(-?\d+)"?/, '"evt.time":$1'));
}
const alert = (clock: string, chain: number[], rule: string) => parse(falcoLine({ rule, priority: 'Warning', time: at(clock), chain }));

function step(number: number, name: string, start: string | null, end: string | null, conclusion: string | null = end ? 'success' : null): JobStep {
  return { number, name, status: end ? 'completed' : start ? 'in_progress' : 'queued', conclusion, started_at: start ? at(start) : null, completed_at: end ? at(end) : null };
}

// A job whose steps run back to back, as the API reports it while stop runs: every boundary second
// is shared, "Deploy" was skipped (if: false) within the container step's first second.
const STEPS = toStepIntervals([
  step(1, 'Set up job', '00', '02'),
  step(2, 'Run actions/checkout@v4', '02', '03'),
  step(3, 'Start Falco', '03', '09'),
  step(4, 'Run npm ci', '09', '09'),
  step(5, 'Run octo-org/toolchain@v2', '09', '12'),
  step(6, 'Deploy', '12', '12', 'skipped'),
  step(7, 'Run docker://alpine:3.20', '12', '14'),
  step(8, 'Test', '14', '20'),
  step(9, 'Stop Falco', '20', null),
  step(10, 'Post Run actions/checkout@v4', null, null),
  step(11, 'Complete job', null, null),
]);

const START_PID = 5000;
const PROBE_PID = 5010;
const FALCO_PID = 5100;
const STOP_PID = 6900;
const DOCKER_RUN = `/usr/bin/docker run --name 6f1c --label 8a3f1c --workdir /github/workspace --rm -e HOME -v /home/runner/work/_temp/_github_home:/github/home alpine:3.20 sh -c true`;

const CONTEXT: AttributionContext = {
  startedAtMs: ms('03.400'),
  reporterPid: STOP_PID,
  runnerWorkerPid: RUNNER_WORKER_PID,
  self: {
    falcoPid: FALCO_PID,
    ownProcesses: [
      { role: 'start', pid: START_PID, fromMs: ms('03.300'), toMs: ms('08.900') + 5000 },
      { role: 'probe', pid: PROBE_PID, fromMs: ms('07.000'), toMs: ms('07.000') + 11_000 },
      { role: 'stop', pid: STOP_PID, fromMs: ms('19.000') },
    ],
  },
};

/** Markers of every step that ran after start, each in the first or last second it shares. */
function markers(withActionIds: boolean): FalcoAlert[] {
  const id = (value: string) => (withActionIds ? value : undefined);
  return [
    marker('09.100000000', 7000, script(1), id('__run')), // Run npm ci
    marker('09.800000000', 7100, script(2), id('toolchain.__run')), // composite: its inner run step
    marker('10.500000000', 7200, `${NODE} ${ACTIONS}/actions/setup-node/v4/dist/setup/index.js`, id('toolchain.__actions_setup-node')),
    marker('12.200000000', 7300, DOCKER_RUN, id('__run_2')), // container action
    marker('14.000000000', 7400, script(3), id('__run_3')), // Test
    marker('20.010000000', STOP_PID, `${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/stop/dist/index.js`, id('__octo-org_falco-actions_2')),
  ];
}

function jobAlerts(withActionIds: boolean): FalcoAlert[] {
  return [
    ...markers(withActionIds),
    alert('08.500000000', [START_PID, RUNNER_WORKER_PID], 'Start talks to Docker'),
    alert('08.600000000', [PROBE_PID + 1, PROBE_PID, 1], 'Probe child'),
    alert('09.150000000', [7001, 7000, RUNNER_WORKER_PID], 'npm ci'),
    alert('09.900000000', [7101, 7100, RUNNER_WORKER_PID], 'Composite script'),
    alert('11.000000000', [7201, 7200, RUNNER_WORKER_PID], 'Composite setup-node'),
    alert('12.300000000', [7300, RUNNER_WORKER_PID], 'Docker Socket Access From Build'),
    alert('14.000500000', [7401, 7400, RUNNER_WORKER_PID], 'Test'),
    alert('15.000000000', [FALCO_PID], 'Falco reads its own files'),
    alert('20.020000000', [STOP_PID, RUNNER_WORKER_PID], 'Docker Socket Access From Build'),
  ];
}

const EXPECTED: Array<[string, string[]]> = [
  ['npm ci', ['Run npm ci']],
  ['Composite script', ['Run octo-org/toolchain@v2']],
  ['Composite setup-node', ['Run octo-org/toolchain@v2']],
  ['Docker Socket Access From Build', ['Run docker://alpine:3.20']],
  ['Test', ['Test']],
];

test('back-to-back steps on whole seconds: every alert gets exactly its step, our own alerts are left out', () => {
  const result = attributeAlerts(jobAlerts(true), STEPS, CONTEXT);
  assert.deepEqual(result.findings.map((f) => [f.alert.rule, f.steps.map((s) => s.name)]), EXPECTED);
  const notes = result.notes.map(noteText);
  assert.ok(!notes.some((text) => /either/.test(text)), notes.join('\n'));
  // What was left out, and how it was recognised.
  for (const [role, pid] of [["falco-actions stop's own process", STOP_PID], ["falco-actions start's own process", START_PID], ["start's readiness probe", PROBE_PID], ["Falco's own process", FALCO_PID]] as const) {
    assert.ok(notes.some((text) => text.startsWith(`left out 1 alert of ${role} (pid ${pid}; rules `) && /not by its name/.test(text)), `${role}: ${notes.join('\n')}`);
  }
  // Boundary placements say what decided them.
  assert.ok(notes.some((text) => /pid 7100\) spawned in the boundary second of steps .*Run npm ci.*; placed in Run octo-org\/toolchain@v2 by its GITHUB_ACTION/.test(text)), notes.join('\n'));
  assert.ok(notes.some((text) => /pid 6900\) spawned in the boundary second of steps Test and Stop Falco; placed in Stop Falco as the falco-actions process that made this report/.test(text)), notes.join('\n'));
});

test('without GITHUB_ACTION in the markers the order of steps and what each process is still decide', () => {
  const result = attributeAlerts(jobAlerts(false), STEPS, CONTEXT);
  assert.deepEqual(result.findings.map((f) => [f.alert.rule, f.steps.map((s) => s.name)]), EXPECTED);
});

test('every step in one second, no GITHUB_ACTION, a composite of two scripts: start keeps none, the composite keeps both', () => {
  // What the e2e suite saw on a loaded machine: the job's steps after start all ran within one second.
  const steps = toStepIntervals([
    step(1, 'Start Falco', '03', '48'),
    step(2, 'Build', '48', '48'),
    step(3, 'Deploy', '48', '48', 'skipped'),
    step(4, 'Run octo-org/toolchain@v2', '48', '48'),
    step(5, 'Imposters', '48', '48'),
    step(6, 'Run docker://alpine:3.20', '48', '48'),
    step(7, 'Stop Falco', '48', null),
  ]);
  const alerts = [
    marker('48.280000000', 7000, script(1)),
    alert('48.282000000', [7001, 7000, RUNNER_WORKER_PID], 'Build tool'),
    marker('48.320000000', 7100, script(2)),
    alert('48.322000000', [7100, RUNNER_WORKER_PID], 'Composite first script'),
    marker('48.350000000', 7200, script(3)),
    alert('48.355000000', [7201, 7200, RUNNER_WORKER_PID], 'Composite second script'),
    marker('48.390000000', 7300, script(4)),
    alert('48.397000000', [7301, 7300, RUNNER_WORKER_PID], 'Imposter'),
    marker('48.430000000', 7400, DOCKER_RUN),
    marker('48.900000000', STOP_PID, `${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/stop/dist/index.js`),
  ];
  const result = attributeAlerts(alerts, steps, { startedAtMs: ms('03.200'), reporterPid: STOP_PID, runnerWorkerPid: RUNNER_WORKER_PID });
  assert.deepEqual(
    result.findings.map((f) => [f.alert.rule, f.steps.map((s) => s.name)]),
    [
      ['Build tool', ['Build']],
      ['Composite first script', ['Run octo-org/toolchain@v2']],
      ['Composite second script', ['Run octo-org/toolchain@v2']],
      ['Imposter', ['Imposters']],
    ],
  );
});

test('start is the step that ran start: no marker is placed in it while the next step needs one', () => {
  // "Run npm ci" spawns its script in start's last second.
  const steps = toStepIntervals([step(1, 'Start Falco', '03', '09'), step(2, 'Run npm ci', '09', '15'), step(3, 'Stop Falco', '15', null)]);
  const alerts = [marker('09.050000000', 7000, script(1)), alert('09.060000000', [7001, 7000, RUNNER_WORKER_PID], 'npm ci')];
  const result = attributeAlerts(alerts, steps, { startedAtMs: ms('03.200') });
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.name), ['Run npm ci']);
});

test('what start and stop recorded hides nothing else: a process named node or fa-ready-probe is reported', () => {
  const steps = toStepIntervals([step(1, 'Start Falco', '03', '09'), step(2, 'Build', '09', '15'), step(3, 'Stop Falco', '15', null)]);
  const alerts = [
    marker('09.300000000', 7000, script(1)),
    // The job's own processes that merely call themselves what ours are called.
    parse(falcoLine({ rule: 'Imposter node', priority: 'Warning', time: at('10.000000000'), chain: [7001, 7000, RUNNER_WORKER_PID], fields: { 'proc.name': 'node', 'proc.cmdline': 'node evil.js' } })),
    parse(falcoLine({ rule: 'Imposter probe', priority: 'Warning', time: at('11.000000000'), chain: [7002, 7000, RUNNER_WORKER_PID], fields: { 'proc.name': 'fa-ready-probe' } })),
    // A later process that reuses start's pid after start exited is the job's too.
    alert('14.500000000', [START_PID, 7000, RUNNER_WORKER_PID], 'Reused start pid'),
  ];
  const context: AttributionContext = { startedAtMs: ms('03.200'), self: { ownProcesses: [{ role: 'start', pid: START_PID, fromMs: ms('03.100'), toMs: ms('08.900') + 5000 }] } };
  const result = attributeAlerts(alerts, steps, context);
  assert.deepEqual(result.findings.map((f) => [f.alert.rule, f.steps.map((s) => s.name)]), [
    ['Imposter node', ['Build']],
    ['Imposter probe', ['Build']],
    ['Reused start pid', ['Build']],
  ]);
  assert.ok(!result.notes.map(noteText).some((text) => text.startsWith('left out')));
});

test('markers of a process named Runner.Worker that is not this job\'s runner are not used', () => {
  const steps = toStepIntervals([step(1, 'Start Falco', '03', '09'), step(2, 'Build', '09', '15'), step(3, 'Test', '15', '20')]);
  const alerts = [
    marker('09.300000000', 7000, script(1)),
    marker('15.100000000', 7100, script(2)),
    marker('15.200000000', 8000, script(9), undefined, 9999), // a fake Runner.Worker's child
    alert('16.000000000', [8001, 8000, 9999], 'From the fake'),
  ];
  const result = attributeAlerts(alerts, steps, { startedAtMs: ms('03.200'), runnerWorkerPid: RUNNER_WORKER_PID });
  assert.deepEqual(result.placements.map((p) => [p.marker.pid, p.steps.map((s) => s.name)]), [[7000, ['Build']], [7100, ['Test']]]);
  assert.equal(result.findings[0]?.method, 'time');
  assert.ok(result.notes.map(noteText).some((text) => /1 step marker alert\(s\) came from a process named Runner.Worker that is not this job's runner \(pid 2100/.test(text)));
});

test('a post step shares its main step\'s GITHUB_ACTION; two steps never share one otherwise', () => {
  const steps = toStepIntervals([
    step(1, 'Start Falco', '03', '05'),
    step(2, 'Run octo-org/cache@v1', '05', '08'),
    step(3, 'Build', '08', '08'),
    step(4, 'Post Run octo-org/cache@v1', '08', '10'),
    step(5, 'Stop Falco', '10', null),
  ]);
  const cache = `${NODE} ${ACTIONS}/octo-org/cache/v1/dist/index.js`;
  const alerts = [
    marker('05.100000000', 7000, cache, '__octo-org_cache'),
    marker('08.100000000', 7100, '/usr/bin/docker pull alpine', '__build'), // Build: says nothing but its GITHUB_ACTION
    marker('08.600000000', 7200, `${NODE} ${ACTIONS}/octo-org/cache/v1/dist/post.js`, '__octo-org_cache'),
    alert('08.700000000', [7201, 7200, RUNNER_WORKER_PID], 'Post'),
    alert('08.200000000', [7101, 7100, RUNNER_WORKER_PID], 'Build'),
  ];
  const result = attributeAlerts(alerts, steps, { startedAtMs: ms('03.100') });
  assert.deepEqual(result.findings.map((f) => [f.alert.rule, f.steps.map((s) => s.name)]), [
    ['Post', ['Post Run octo-org/cache@v1']],
    ['Build', ['Build']],
  ]);
});
