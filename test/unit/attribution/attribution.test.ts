import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { toFalcoAlert, type FalcoAlert } from '../../../src/alerts/index.ts';
import {
  attributeAlerts,
  describeStepProcess,
  stepNameMatchesProcess,
  toStepIntervals,
  noteText,
  placeMarkers,
  toStepMarker,
  type StepInterval,
  type StepMarker,
} from '../../../src/attribution/index.ts';
import type { JobStep } from '../../../src/github/schema.ts';
import { falcoLine, markerLine, RUNNER_WORKER_PID } from '../alerts/falco-lines.ts';

const NODE = '/home/runner/runners/2.321.0/externals/node20/bin/node';
const ACTIONS = '/home/runner/work/_actions';
const script = (n: number) => `/usr/bin/bash -e /home/runner/work/_temp/${String(n).padStart(8, '0')}-1111-2222-3333-444455556666.sh`;
const at = (clock: string) => `2026-11-23T04:00:${clock}Z`;

let lineNumber = 0;
function parse(line: string): FalcoAlert {
  lineNumber += 1;
  const result = toFalcoAlert(JSON.parse(line), lineNumber);
  if (!result.ok) throw new Error(result.reason);
  return result.alert;
}
function toStepMarkerOrThrow(alert: FalcoAlert): StepMarker {
  const found = toStepMarker(alert);
  if (!found) throw new Error('marker without pid');
  return found;
}
const marker = (clock: string, pid: number, cmdline: string, ppid = RUNNER_WORKER_PID) => parse(markerLine(at(clock), pid, cmdline, ppid));
const alert = (clock: string, chain: number[], rule = 'Read sensitive file untrusted', priority = 'Warning') =>
  parse(falcoLine({ rule, priority, time: at(clock), chain }));

function step(number: number, name: string, start: string | null, end: string | null): JobStep {
  return {
    number,
    name,
    status: end ? 'completed' : start ? 'in_progress' : 'queued',
    conclusion: end ? 'success' : null,
    started_at: start ? at(`${start}.000`).replace('.000Z', '.000Z') : null,
    completed_at: end ? at(`${end}.000`) : null,
  };
}

// The "build" job of the fixture: the stop step is running, later steps are pending.
const STEPS: StepInterval[] = toStepIntervals([
  step(1, 'Set up job', '05', '07'),
  step(2, 'Run actions/checkout@v4', '07', '09'),
  step(3, 'Run octo-org/falco-actions/start@0123456789abcdef0123456789abcdef01234567', '09', '20'),
  step(4, 'Build', '20', '31'),
  step(5, 'Run octo-org/falco-actions/stop@0123456789abcdef0123456789abcdef01234567', '31', null),
  step(9, 'Post Run actions/checkout@v4', null, null),
]);
const SHA = '0123456789abcdef0123456789abcdef01234567';

test('step processes: node actions name OWNER/REPO@REF, run steps their _temp script', () => {
  const action = describeStepProcess(`${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/start/dist/index.js`);
  assert.deepEqual(action, { kind: 'action', owner: 'octo-org', repo: 'falco-actions', ref: SHA, action: `octo-org/falco-actions@${SHA}`, entry: 'start/dist/index.js' });
  assert.equal(describeStepProcess(script(1)).kind, 'run');
  assert.equal(describeStepProcess('/usr/bin/docker pull alpine').kind, 'other');
  assert.equal(stepNameMatchesProcess(`Run octo-org/falco-actions/start@${SHA}`, action), 'match');
  assert.equal(stepNameMatchesProcess('Post Run actions/checkout@v4', describeStepProcess(`${NODE} ${ACTIONS}/actions/checkout/v4/dist/index.js`)), 'match');
  assert.equal(stepNameMatchesProcess('Run actions/checkout@v3', describeStepProcess(`${NODE} ${ACTIONS}/actions/checkout/v4/dist/index.js`)), 'mismatch');
  assert.equal(stepNameMatchesProcess('Build', action), 'unknown');
});

test('alerts go to the step of their marked ancestor; boundary seconds resolved by action name and step kind', () => {
  const alerts = [
    marker('07.500000000', 3001, `${NODE} ${ACTIONS}/actions/checkout/v4/dist/index.js`), // boundary 1|2
    marker('09.200000000', 3050, `${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/start/dist/index.js`), // boundary 2|3
    marker('20.400000000', 3100, script(1)), // boundary 3|4: step 3 is a JavaScript action step
    alert('08.000000001', [3002, 3001, RUNNER_WORKER_PID], 'Contact K8S API Server From Container', 'Notice'),
    alert('25.123456789', [3120, 3110, 3100, RUNNER_WORKER_PID, 2000, 1]),
    marker('31.300000000', 3200, `${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/stop/dist/index.js`), // boundary 4|5
    alert('31.500000000', [3200, RUNNER_WORKER_PID]),
  ];
  const result = attributeAlerts(alerts, STEPS);
  assert.equal(result.findings.length, 3, 'marker alerts are never findings');
  assert.deepEqual(result.findings.map((f) => [f.method, f.steps.map((s) => s.number)]), [
    ['process', [2]],
    ['process', [4]],
    ['process', [5]],
  ]);
  assert.deepEqual(result.findings[0]?.process, describeStepProcess(`${NODE} ${ACTIONS}/actions/checkout/v4/dist/index.js`));
  assert.equal(result.findings[1]?.process?.kind, 'run');
  // Every boundary placement is said, with how it was decided.
  assert.ok(result.notes.map(noteText).some((note) => /actions\/checkout@v4.*boundary second.*Set up job.*placed in Run actions\/checkout@v4 by its action name/.test(note)));
  assert.ok(result.notes.map(noteText).some((note) => /run script.*placed in Build because the other is a JavaScript action step/.test(note)));
});

test('an ambiguity that nothing resolves is reported with both steps, never guessed', () => {
  const steps = toStepIntervals([step(1, 'Build', '20', '31'), step(2, 'Test', '31', '40')]);
  const alerts = [marker('25.000000000', 4000, script(1)), marker('31.400000000', 4100, script(2)), alert('33.000000000', [4101, 4100, RUNNER_WORKER_PID])];
  const result = attributeAlerts(alerts, steps);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.name), ['Build', 'Test']);
  assert.match(result.findings[0]?.note ?? '', /either step/);
  assert.ok(result.notes.map(noteText).some((note) => /boundary second 2026-11-23T04:00:31Z of steps Build and Test: it may belong to either/.test(note)));
});

test('the order of markers and steps resolves a boundary second', () => {
  const steps = toStepIntervals([step(1, 'Build', '20', '31'), step(2, 'Run actions/setup-node@v4', '31', '33'), step(3, 'Test', '33', '40')]);
  const alerts = [
    marker('31.100000000', 5000, `${NODE} ${ACTIONS}/actions/setup-node/v4/dist/setup/index.js`),
    // The runner's hashFiles() helper, spawned after setup-node's process: cannot be in Build.
    marker('31.600000000', 5100, `${NODE} /home/runner/runners/2.321.0/bin/hashFiles/index.js`),
    alert('31.700000000', [5100, RUNNER_WORKER_PID]),
  ];
  const result = attributeAlerts(alerts, steps);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.name), ['Run actions/setup-node@v4']);
  assert.ok(result.notes.map(noteText).some((note) => /pid 5100.*placed in Run actions\/setup-node@v4 by the order of steps/.test(note)));
});

test('pid reuse: the latest marker with that pid spawned before the alert wins', () => {
  const alerts = [
    marker('22.000000000', 6000, script(1)), // Build
    alert('23.000000000', [6001, 6000, RUNNER_WORKER_PID], 'Early'),
    marker('32.000000000', 6000, `${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/stop/dist/index.js`), // stop step, same pid
    alert('33.000000000', [6002, 6000, RUNNER_WORKER_PID], 'Late'),
  ];
  const result = attributeAlerts(alerts, STEPS);
  assert.deepEqual(result.findings.map((f) => [f.alert.rule, f.steps[0]?.number]), [['Early', 4], ['Late', 5]]);
});

test('a reused pid whose parent is not Runner.Worker is not a step root: attributed by time', () => {
  const alerts = [marker('22.000000000', 7000, script(1)), alert('27.000000000', [7000, 1])];
  const result = attributeAlerts(alerts, STEPS);
  assert.equal(result.findings[0]?.method, 'time');
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.number), [4]);
});

test('no marked ancestor (container, daemon): by time, both candidates at a boundary second', () => {
  const alerts = [
    marker('21.000000000', 8000, script(1)),
    alert('25.000000000', [9001, 9000, 1], 'Container drift'),
    alert('20.900000000', [9002, 9000, 1], 'Boundary'),
    alert('50.000000000', [9003, 1], 'Pending steps never match'), // only the open stop step
  ];
  const result = attributeAlerts(alerts, STEPS);
  const [inside, boundary, open] = result.findings;
  assert.deepEqual([inside?.method, inside?.steps.map((s) => s.number)], ['time', [4]]);
  assert.deepEqual(boundary?.steps.map((s) => s.number), [3, 4]);
  assert.match(boundary?.note ?? '', /boundary second of Run octo-org\/falco-actions\/start@0123456789abcdef0123456789abcdef01234567 and Build: either step/);
  assert.deepEqual(open?.steps.map((s) => s.number), [5]);
});

test('a process deeper than 12 levels below its step root falls back to time', () => {
  const deep = Array.from({ length: 13 }, (_, i) => 10100 - i);
  const alerts = [marker('21.000000000', 10000, script(1)), alert('25.000000000', deep)];
  assert.equal(deep.length, 13);
  const result = attributeAlerts(alerts, STEPS);
  assert.equal(result.findings[0]?.method, 'time');
});

test('without the job steps (API failure): the action or script is still named', () => {
  const alerts = [
    marker('21.000000000', 11000, `${NODE} ${ACTIONS}/evil-org/stealer/v1/index.js`),
    alert('22.000000000', [11001, 11000, RUNNER_WORKER_PID], 'Memory dump of Runner.Worker', 'Critical'),
    alert('23.000000000', [12000, 1], 'Daemon'),
  ];
  const result = attributeAlerts(alerts, undefined);
  assert.deepEqual(result.findings.map((f) => [f.method, f.steps.length, f.process?.kind === 'action' ? f.process.action : undefined]), [
    ['process', 0, 'evil-org/stealer@v1'],
    ['none', 0, undefined],
  ]);
});

test('no markers at all: said in the notes', () => {
  const result = attributeAlerts([alert('25.000000000', [1, 0])], STEPS);
  assert.ok(result.notes.map(noteText).some((note) => /no step markers/.test(note)));
});

test('an action process in a step named after a different action is pointed out', () => {
  const alerts = [marker('08.000000000', 13000, `${NODE} ${ACTIONS}/evil-org/cache/v1/dist/index.js`), alert('08.500000000', [13001, 13000, RUNNER_WORKER_PID])];
  const result = attributeAlerts(alerts, STEPS);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.number), [2]);
  assert.ok(result.notes.map(noteText).some((note) => /action evil-org\/cache@v1 \(pid 13000\) ran in step Run actions\/checkout@v4, whose name names a different action/.test(note)));
});

test('property: placements never go back in time and a placed step always contains the spawn second (±1 s)', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 8 }),
      fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: 1, maxLength: 12 }),
      (durations, spawnOffsetsMs) => {
        let cursor = 10;
        const jobSteps: JobStep[] = durations.map((duration, index) => {
          const start = cursor;
          cursor += duration;
          return step(index + 1, `Step ${index + 1}`, String(start).padStart(2, '0'), String(cursor).padStart(2, '0'));
        });
        const steps = toStepIntervals(jobSteps);
        const markers = [...spawnOffsetsMs]
          .sort((a, b) => a - b)
          .map((offset, index) => {
            const ms = 10_000 + (offset % Math.max((cursor - 10) * 1000, 1));
            const clock = `${String(Math.floor(ms / 1000)).padStart(2, '0')}.${String(ms % 1000).padStart(3, '0')}000000`;
            return toStepMarkerOrThrow(marker(clock, 20_000 + index, script(index)));
          });
        const placements = placeMarkers(markers, steps);
        let last = 0;
        for (const placement of placements) {
          if (placement.steps.length === 0) continue;
          const first = placement.steps[0]?.number ?? 0;
          assert.ok(first >= last || placement.steps.length > 1, 'monotone');
          if (placement.steps.length === 1) last = first;
          const second = Number(placement.marker.epochNs / 1_000_000_000n);
          for (const ref of placement.steps) {
            const interval = steps.find((s) => s.number === ref.number) as StepInterval;
            assert.ok((interval.startSecond ?? 0) - 1 <= second && second <= (interval.endSecond ?? Infinity) + 1);
          }
        }
      },
    ),
    { numRuns: 200 },
  );
});

test('a skipped step ran nothing: never a candidate, even at its own second', () => {
  const skipped: JobStep = { ...step(2, 'Deploy', '31', '31'), conclusion: 'skipped' };
  const steps = toStepIntervals([step(1, 'Build', '20', '31'), skipped, step(3, 'Test', '31', '40')]);
  const result = attributeAlerts([alert('31.500000000', [1, 0])], steps);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.name), ['Build', 'Test']);
});

test('start and stop of one repository are told apart by the action path in the step name', () => {
  const stop = describeStepProcess(`${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/stop/dist/index.js`);
  assert.equal(stepNameMatchesProcess(`Run octo-org/falco-actions/stop@${SHA}`, stop), 'match');
  assert.equal(stepNameMatchesProcess(`Run octo-org/falco-actions/start@${SHA}`, stop), 'mismatch');
  const steps = toStepIntervals([
    step(1, `Run octo-org/falco-actions/start@${SHA}`, '09', '20'),
    step(2, `Run octo-org/falco-actions/stop@${SHA}`, '20', null),
  ]);
  const result = attributeAlerts([marker('20.100000000', 14000, `${NODE} ${ACTIONS}/octo-org/falco-actions/${SHA}/stop/dist/index.js`), alert('20.200000000', [14000, RUNNER_WORKER_PID])], steps);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.number), [2]);
});
