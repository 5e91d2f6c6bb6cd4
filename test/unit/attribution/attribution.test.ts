import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FalcoAlert } from '../../../src/falco/alert.ts';
import { parseLine as parse } from './parse-line.ts';
import {
  attributeAlerts,
  describeStepProcess,
  stepNameMatchesProcess,
  toStepIntervals,
  noteText,
  placeMarkers,
  toStepMarker,
  type StepInterval,
  type Note,
  type StepMarker,
} from '../../../src/attribution/index.ts';
import type { JobStep } from '../../../src/github/schema.ts';
import { falcoLine, markerLine, RUNNER_WORKER_PID } from '../falco/falco-lines.ts';

const NODE = '/home/runner/runners/2.321.0/externals/node20/bin/node';
const ACTIONS = '/home/runner/work/_actions';
const script = (n: number) => `/usr/bin/bash -e /home/runner/work/_temp/${String(n).padStart(8, '0')}-1111-2222-3333-444455556666.sh`;
const at = (clock: string) => `2026-11-23T04:00:${clock}Z`;

function toStepMarkerOrThrow(alert: FalcoAlert): StepMarker {
  const found = toStepMarker(alert);
  if (!found) throw new Error('marker without pid');
  return found;
}
const marker = (clock: string, pid: number, cmdline: string, ppid = RUNNER_WORKER_PID) => parse(markerLine(at(clock), pid, cmdline, ppid));
const alert = (clock: string, chain: number[], rule = 'Read sensitive file untrusted', priority = 'Warning') =>
  parse(falcoLine({ rule, priority, time: at(clock), chain }));

/** Fails with the notes listed (a bare assert.ok makes node re-read this file to explain itself). */
function assertNote(result: { notes: readonly Note[] }, pattern: RegExp): void {
  const texts = result.notes.map(noteText);
  assert.ok(texts.some((text) => pattern.test(text)), `no note matches ${pattern}; notes:\n${texts.join('\n')}`);
}

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
  assertNote(result, /actions\/checkout@v4.*boundary second.*Set up job.*placed in Run actions\/checkout@v4 by its action name/);
  assertNote(result, /run script.*placed in Build because the other step is named after an action that does not start this process/);
});

test('an ambiguity that nothing resolves is reported with both steps, never guessed', () => {
  // Both steps already hold a process of their own, and the boundary one says nothing about itself.
  const steps = toStepIntervals([step(1, 'Build', '20', '31'), step(2, 'Test', '31', '40')]);
  const alerts = [
    marker('25.000000000', 4000, script(1)),
    marker('31.400000000', 4100, '/usr/bin/docker pull alpine'),
    marker('35.000000000', 4200, script(2)),
    alert('33.000000000', [4101, 4100, RUNNER_WORKER_PID]),
  ];
  const result = attributeAlerts(alerts, steps);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.name), ['Build', 'Test']);
  assert.match(result.findings[0]?.note ?? '', /either step/);
  assertNote(result, /boundary second 2026-11-23T04:00:31Z of steps Build and Test: it may belong to either/);
});

test('every step that ran started a process: a boundary marker goes to the step that has none otherwise', () => {
  const steps = toStepIntervals([step(1, 'Build', '20', '31'), step(2, 'Test', '31', '40')]);
  const alerts = [marker('25.000000000', 4000, script(1)), marker('31.400000000', 4100, script(2)), alert('33.000000000', [4101, 4100, RUNNER_WORKER_PID])];
  const result = attributeAlerts(alerts, steps);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.name), ['Test']);
  assertNote(result, /pid 4100.*placed in Test by the order of steps \(every step that ran started a process\)/);
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
  assertNote(result, /pid 5100.*placed in Run actions\/setup-node@v4 by the order of steps/);
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
  assertNote(result, /no step markers/);
});

test('an action process in a step named after a different action is pointed out', () => {
  const alerts = [marker('08.000000000', 13000, `${NODE} ${ACTIONS}/evil-org/cache/v1/dist/index.js`), alert('08.500000000', [13001, 13000, RUNNER_WORKER_PID])];
  const result = attributeAlerts(alerts, STEPS);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.number), [2]);
  assertNote(result, /action evil-org\/cache@v1 \(pid 13000\) ran in step Run actions\/checkout@v4, whose name names a different action/);
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
            assert.ok((interval.startSecond ?? 0) - 1 <= second && second <= (interval.endSecond ?? Infinity) + 1, `second ${second} outside step ${ref.number}`);
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

// How actions/runner starts step processes (Runner.Worker Handlers/): node actions as
// externals/node20|node24/bin/node on _actions/OWNER/REPO/REF/…, `run:` steps as a shell on
// _temp/<uuid>[.ext], both through `docker exec` with the work directory at /__w in a job container.
test('step processes as the runner starts them: shells, custom shells, node24, job containers, slashed refs', () => {
  const uuid = '0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';
  const runs = [
    `bash -e /home/runner/work/_temp/${uuid}.sh`, // no `shell:`
    `bash --noprofile --norc -e -o pipefail /home/runner/work/_temp/${uuid}.sh`, // shell: bash
    `python /home/runner/work/_temp/${uuid}.py`,
    `pwsh -command . '/home/runner/work/_temp/${uuid}.ps1'`,
    `perl /home/runner/work/_temp/${uuid}`, // shell: perl {0}: no extension
    `docker exec -i --workdir /__w/octo-repo/octo-repo 3f1c0ffee sh -e /__w/_temp/${uuid}.sh`,
  ];
  for (const cmdline of runs) assert.deepEqual(describeStepProcess(cmdline), { kind: 'run', script: `_temp/${uuid}${/\.(sh|py|ps1)/.exec(cmdline)?.[0] ?? ''}` }, cmdline);
  assert.equal(describeStepProcess('/home/runner/work/_temp/_github_home/x.sh').kind, 'other');
  assert.equal(describeStepProcess(`bash /home/runner/work/_temp/${uuid}.sh.bak2`).kind, 'other');
  const node24 = describeStepProcess(`/home/runner/runners/2.330.0/externals/node24/bin/node ${ACTIONS}/actions/cache/v4/dist/restore/index.js`);
  assert.equal(node24.kind === 'action' && node24.action, 'actions/cache@v4');
  const inContainer = describeStepProcess(`docker exec -i 3f1c0ffee /__e/node20/bin/node /__w/_actions/actions/checkout/v4/dist/index.js`);
  assert.equal(inContainer.kind === 'action' && inContainer.action, 'actions/checkout@v4');
  // `uses: octo-org/tool@releases/v1` is unpacked to _actions/octo-org/tool/releases/v1.
  const slashed = describeStepProcess(`${NODE} ${ACTIONS}/octo-org/tool/releases/v1/dist/index.js`);
  assert.equal(stepNameMatchesProcess('Run octo-org/tool@releases/v1', slashed), 'match');
  assert.equal(stepNameMatchesProcess('Post Run octo-org/tool@releases/v1', slashed), 'match');
  assert.equal(stepNameMatchesProcess('Run octo-org/tool@releases/v2', slashed), 'mismatch');
  // (`uses: octo-org/tool@releases` whose main file is v1/dist/index.js unpacks to the same path.)
  assert.equal(stepNameMatchesProcess('Run octo-org/tool@release', slashed), 'mismatch');
  const slashedPath = describeStepProcess(`${NODE} ${ACTIONS}/octo-org/tool/releases/v1/sub/dist/index.js`);
  assert.equal(stepNameMatchesProcess('Run octo-org/tool/sub@releases/v1', slashedPath), 'match');
  assert.equal(stepNameMatchesProcess('Run octo-org/tool/other@releases/v1', slashedPath), 'mismatch');
  // Names the runner gives pre and post steps; names that say nothing about an action.
  const checkout = describeStepProcess(`${NODE} ${ACTIONS}/actions/checkout/v4/dist/index.js`);
  assert.equal(stepNameMatchesProcess('Pre Run actions/checkout@v4', checkout), 'match');
  assert.equal(stepNameMatchesProcess('Post Checkout', checkout), 'unknown');
  assert.equal(stepNameMatchesProcess('Run docker://alpine:3.20', checkout), 'mismatch', 'a docker:// step runs no node action');
  assert.equal(stepNameMatchesProcess('Run ./.github/actions/local', checkout), 'unknown');
  assert.equal(stepNameMatchesProcess('Run npm ci', checkout), 'unknown');
});

// A composite action is one step of the job; the runner starts each of its inner steps as its own
// child of Runner.Worker: its `run:` scripts and the other actions it uses.
const COMPOSITE_STEPS: StepInterval[] = toStepIntervals([
  step(1, 'Build', '10', '20'),
  step(2, 'Run octo-org/toolchain@v2', '20', '30'),
  step(3, 'Test', '30', '40'),
  step(4, 'Post Run octo-org/toolchain@v2', '40', '42'),
]);

test("a composite action's inner processes (scripts and other actions) all belong to its one step", () => {
  const alerts = [
    marker('11.000000000', 15000, script(1)), // Build
    marker('21.000000000', 15100, script(2)), // composite: inner run step
    marker('23.000000000', 15200, `${NODE} ${ACTIONS}/actions/setup-node/v4/dist/setup/index.js`), // inner uses
    marker('26.000000000', 15300, `${NODE} ${ACTIONS}/actions/cache/v4/dist/restore/index.js`), // inner uses
    alert('21.500000000', [15101, 15100, RUNNER_WORKER_PID], 'From inner script'),
    alert('24.000000000', [15201, 15200, RUNNER_WORKER_PID], 'From inner setup-node'),
    alert('27.000000000', [15301, 15300, RUNNER_WORKER_PID], 'From inner cache'),
    marker('41.000000000', 15400, `${NODE} ${ACTIONS}/actions/cache/v4/dist/save/index.js`), // post of the inner cache
    alert('41.200000000', [15400, RUNNER_WORKER_PID], 'From inner post'),
  ];
  const result = attributeAlerts(alerts, COMPOSITE_STEPS);
  assert.deepEqual(result.findings.map((f) => [f.alert.rule, f.method, f.steps.map((s) => s.name)]), [
    ['From inner script', 'process', ['Run octo-org/toolchain@v2']],
    ['From inner setup-node', 'process', ['Run octo-org/toolchain@v2']],
    ['From inner cache', 'process', ['Run octo-org/toolchain@v2']],
    ['From inner post', 'process', ['Post Run octo-org/toolchain@v2']],
  ]);
  // The step shows itself composite (a script and two other actions): no "different action" remark.
  assert.ok(!result.notes.map(noteText).some((text) => /in step Run octo-org\/toolchain@v2, whose name names a different action/.test(text)), result.notes.map(noteText).join('\n'));
  // The post step ran one other action only: that is pointed out, saying when it is expected.
  assertNote(result, /action actions\/cache@v4 \(pid 15400\) ran in step Post Run octo-org\/toolchain@v2, whose name names a different action \(expected only if that is a composite action\)/);
});

test("a composite's inner action at the boundary second: the next step's own process decides, or nothing does", () => {
  const alerts = [
    marker('21.000000000', 16000, script(1)), // composite evidence: a run script in a step named after an action
    marker('30.200000000', 16100, `${NODE} ${ACTIONS}/actions/cache/v4/dist/restore/index.js`),
    alert('30.300000000', [16101, 16100, RUNNER_WORKER_PID], 'At the boundary'),
  ];
  // Test started a process and this is the only one that can be it.
  const alone = attributeAlerts(alerts, COMPOSITE_STEPS.slice(0, 3));
  assert.deepEqual(alone.findings[0]?.steps.map((s) => s.name), ['Test']);
  // With Test's own script seen later, either step could have started it: its name proves nothing.
  const both = attributeAlerts([...alerts, marker('33.000000000', 16200, script(3))], COMPOSITE_STEPS.slice(0, 3));
  assert.deepEqual(both.findings[0]?.steps.map((s) => s.name), ['Run octo-org/toolchain@v2', 'Test']);
  assertNote(both, /pid 16100.*of steps Run octo-org\/toolchain@v2 and Test: it may belong to either/);
});

test('a JavaScript action step whose own process was seen starts nothing else: the other boundary step wins', () => {
  const steps = toStepIntervals([step(1, 'Run actions/checkout@v4', '07', '09'), step(2, 'Set up toolchain', '09', '12'), step(3, 'Build', '12', '20')]);
  const alerts = [
    marker('07.500000000', 17000, `${NODE} ${ACTIONS}/actions/checkout/v4/dist/index.js`),
    // A custom-named `uses: actions/setup-node@v4` step, spawned in checkout's last second.
    marker('09.100000000', 17100, `${NODE} ${ACTIONS}/actions/setup-node/v4/dist/setup/index.js`),
    alert('09.500000000', [17101, 17100, RUNNER_WORKER_PID]),
  ];
  const result = attributeAlerts(alerts, steps);
  assert.deepEqual(result.findings[0]?.steps.map((s) => s.name), ['Set up toolchain']);
  assertNote(result, /pid 17100.*placed in Set up toolchain because the other step is named after an action that does not start this process/);
  // Without checkout's own process, its name still says it runs checkout, not setup-node.
  const unseen = attributeAlerts(alerts.slice(1), steps);
  assert.deepEqual(unseen.findings[0]?.steps.map((s) => s.name), ['Set up toolchain']);
  assertNote(unseen, /pid 17100.*placed in Set up toolchain because the other step is named after an action that does not start this process/);
});

// ContainerActionHandler runs a container action through DockerCommandManager.DockerRun.
const DOCKER_RUN = (image: string) =>
  `/usr/bin/docker run --name a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6_8d1f2e --label 8a3f1c --workdir /github/workspace --rm -e INPUT_WHO -e HOME -e GITHUB_ACTIONS=true -e CI=true -v /var/run/docker.sock:/var/run/docker.sock -v /home/runner/work/_temp/_github_home:/github/home -v /home/runner/work/octo-repo/octo-repo:/github/workspace ${image} --flag value`;

test('container actions: `docker run` names its image; a "Run docker://IMAGE" step runs that image and nothing else', () => {
  assert.deepEqual(describeStepProcess(DOCKER_RUN('alpine:3.20')), { kind: 'container', image: 'alpine:3.20' });
  assert.deepEqual(describeStepProcess(`docker run --rm --entrypoint /bin/sh -v /a:/b ghcr.io/octo-org/tool@sha256:${'a'.repeat(64)}`), { kind: 'container', image: `ghcr.io/octo-org/tool@sha256:${'a'.repeat(64)}` });
  assert.equal(describeStepProcess('/usr/bin/docker pull alpine:3.20').kind, 'other');
  assert.equal(describeStepProcess('/usr/bin/docker exec -i c1 sh -e /__w/_temp/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b.sh').kind, 'run');
  assert.equal(stepNameMatchesProcess('Run docker://alpine:3.20', describeStepProcess(DOCKER_RUN('alpine:3.20'))), 'match');
  assert.equal(stepNameMatchesProcess('Run docker://alpine:3.19', describeStepProcess(DOCKER_RUN('alpine:3.20'))), 'mismatch');
  // A Dockerfile action runs an image the runner built: its step name cannot be checked against it.
  assert.equal(stepNameMatchesProcess('Run octo-org/docker-action@v1', describeStepProcess(DOCKER_RUN('8a3f1c:0d1e2f'))), 'unknown');

  const steps = toStepIntervals([step(1, 'Run docker://alpine:3.20', '10', '20'), step(2, 'Lint', '20', '30')]);
  const alerts = [
    marker('11.000000000', 18000, DOCKER_RUN('alpine:3.20')),
    marker('20.300000000', 18100, script(1)),
    alert('21.000000000', [18101, 18100, RUNNER_WORKER_PID], 'From the script'),
    alert('12.000000000', [18001, 18000, RUNNER_WORKER_PID], 'From docker run'),
  ];
  const result = attributeAlerts(alerts, steps);
  assert.deepEqual(result.findings.map((f) => [f.alert.rule, f.steps.map((s) => s.name)]), [
    ['From the script', ['Lint']],
    ['From docker run', ['Run docker://alpine:3.20']],
  ]);
  assertNote(result, /run script .*pid 18100.*placed in Lint because the other step is named after an action that does not start this process/);
});
