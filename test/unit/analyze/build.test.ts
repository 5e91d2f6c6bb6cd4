// buildAnalyzeReport on a small job written with the capture writer: the step and action of a
// connection and an alert, our own processes left out, sections as asked, hashes by exepath.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildAnalyzeReport, type BuildAnalyzeReportOptions } from '../../../src/analyze/build.ts';
import { analyzeReportSchema, SECTIONS } from '../../../src/analyze/report.ts';
import { compileFiltersConfig } from '../../../src/inventory/exceptions.ts';
import { MARKER_RULE } from '../../../src/attribution/process.ts';
import {
  alertFrom,
  EVIL_CURL_PID,
  EVIL_REMOTE,
  jobMetadata,
  OWN_REMOTE,
  RUN_CURL_PID,
  RUN_REMOTE,
  STOP_DOCKER_PID,
  writeJobCapture,
} from './job-capture.ts';

let dir = '';
let capturePath = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'analyze-build-'));
  capturePath = await writeJobCapture(dir);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const engine: BuildAnalyzeReportOptions['engine'] = { kind: 'native', falcoVersion: '0.44.1', image: null, rulesFiles: ['cicd.yaml'] };

function build(overrides: Partial<BuildAnalyzeReportOptions> = {}) {
  return buildAnalyzeReport({
    capturePath,
    metadata: jobMetadata(),
    alerts: [alertFrom(EVIL_CURL_PID, 1.8, 'Exfiltration'), alertFrom(STOP_DOCKER_PID, 7.8, 'Docker socket'), alertFrom(RUN_CURL_PID, 4.8, 'Curl in build')],
    engine,
    sections: [...SECTIONS],
    toolVersion: '1.2.3',
    ...overrides,
  });
}

test("a connection and an alert from curl below evil/action's node process belong to its step and to evil/action@v1", async () => {
  const report = await build();
  const evil = report.connections?.find((connection) => connection.remote.address === EVIL_REMOTE);
  assert.ok(evil, 'the evil connection is listed');
  assert.deepEqual(evil.attribution, { step: { number: 3, name: 'Run evil/action@v1' }, action: 'evil/action@v1' });
  assert.equal(evil.bytesSent, 200);
  assert.equal(evil.bytesReceived, 50);
  const alert = report.alerts.find((entry) => entry.rule === 'Exfiltration');
  assert.deepEqual(alert?.attribution, { step: { number: 3, name: 'Run evil/action@v1' }, action: 'evil/action@v1' });
  assert.equal(alert?.pid, EVIL_CURL_PID);
  // The process it fired on, named as the processes' parents are (the Mermaid tree flags it).
  assert.deepEqual(alert?.process, { name: 'curl', exepath: '/usr/bin/curl' });
  const loot = report.writtenFiles?.find((file) => file.path === '/tmp/loot');
  assert.equal(loot?.attribution.action, 'evil/action@v1');
  assert.equal(loot?.outsideWorkspace, true);
});

test('a run: step is its step with no action', async () => {
  const report = await build();
  const run = report.connections?.find((connection) => connection.remote.address === RUN_REMOTE);
  assert.deepEqual(run?.attribution, { step: { number: 4, name: 'Run make build' }, action: null });
  const alert = report.alerts.find((entry) => entry.rule === 'Curl in build');
  assert.deepEqual(alert?.attribution, { step: { number: 4, name: 'Run make build' }, action: null });
});

test("our own stop and sysdig are left out of alerts and every section, and a note counts them", async () => {
  const report = await build();
  assert.equal(report.alerts.length, 2);
  assert.ok(!report.alerts.some((alert) => alert.rule === 'Docker socket'));
  assert.ok(!report.connections?.some((connection) => connection.remote.address === OWN_REMOTE));
  assert.ok(!report.processes?.some((process) => process.exepath === '/usr/bin/docker'));
  assert.ok(!report.writtenFiles?.some((file) => file.path === '/capture/capture.scap'));
  assert.ok(!report.chisels?.processesByEvents.some((entry) => entry.process === 'docker' || entry.process === 'sysdig'));
  const stopNote = report.notes.find((note) => note.includes("falco-actions stop's own process"));
  assert.match(stopNote ?? '', /left out 1 alert and \d+ events of 2 processes .*pid 800/);
  assert.ok(report.notes.some((note) => note.includes("the capture's own sysdig process")));
});

test('without metadata: no step, a note, the action still named, nothing left out', async () => {
  const report = await build({ metadata: undefined });
  assert.equal(report.job, null);
  const evil = report.connections?.find((connection) => connection.remote.address === EVIL_REMOTE);
  assert.equal(evil?.attribution.step, null);
  assert.equal(evil?.attribution.action, 'evil/action@v1');
  assert.match(evil?.attribution.note ?? '', /no metadata file/);
  assert.ok(report.connections?.some((connection) => connection.remote.address === OWN_REMOTE));
  assert.ok(report.notes.some((note) => note.startsWith('no metadata file')));
});

test("step roots follow the metadata's workerPid, not a process named Runner.Worker", async () => {
  const report = await build({ metadata: jobMetadata({ runner: { ...jobMetadata().runner, workerPid: 4242 } }) });
  const evil = report.connections?.find((connection) => connection.remote.address === EVIL_REMOTE);
  // No process of the capture has pid 4242: no step roots, so attributed by time, and said so.
  assert.deepEqual(evil?.attribution.step, { number: 3, name: 'Run evil/action@v1' });
  assert.match(evil?.attribution.note ?? '', /no step process of Runner\.Worker in its ancestry/);
});

test('only the sections asked for are present; hashes come by exepath; marker alerts are not findings', async () => {
  const hashes = { schema: 1, algorithm: 'sha256', skipped: 2, executables: [{ path: '/usr/bin/curl', sha256: 'c'.repeat(64), executions: 2 }] } as const;
  const report = await build({
    sections: ['processes', 'hashes'],
    hashes: { ...hashes, executables: [...hashes.executables] },
    alerts: [alertFrom(EVIL_CURL_PID, 1.8, MARKER_RULE)],
  });
  assert.deepEqual(report.sections, ['processes', 'hashes']);
  assert.equal(report.connections, undefined);
  assert.equal(report.chisels, undefined);
  assert.equal(report.alerts.length, 0);
  assert.deepEqual(report.hashes, [{ path: '/usr/bin/curl', sha256: 'c'.repeat(64), executions: 2 }]);
  const curls = report.processes?.filter((process) => process.exepath === '/usr/bin/curl') ?? [];
  assert.equal(curls.length, 2);
  for (const curl of curls) assert.equal(curl.sha256, 'c'.repeat(64));
  assert.ok(report.notes.some((note) => note.includes('2 executables left unhashed')));
  assert.deepEqual(analyzeReportSchema.parse(report), report);
});

test('filters.config exceptions remove entries and are counted per section', async () => {
  const exceptions = compileFiltersConfig({ outbound_connections: [{ description: 'the mirror', condition: `fd.sip = "${RUN_REMOTE}"` }] }, 'filters.config');
  const report = await build({ filters: { file: 'filters.config', exceptions } });
  assert.ok(!report.connections?.some((connection) => connection.remote.address === RUN_REMOTE));
  assert.ok(report.connections?.some((connection) => connection.remote.address === EVIL_REMOTE));
  assert.deepEqual(report.exceptions, { file: 'filters.config', removed: { outbound_connections: 1 } });
});

test('the top talkers rank connections and processes by bytes and by events', async () => {
  const report = await build();
  assert.deepEqual(
    report.chisels?.connectionsByBytes.map((entry) => [entry.remote.address, entry.bytes]),
    [
      [EVIL_REMOTE, 250],
      [RUN_REMOTE, 20],
    ],
  );
  assert.deepEqual(
    report.chisels?.processesByBytes.map((entry) => [entry.pid, entry.bytes]),
    [
      [EVIL_CURL_PID, 250],
      [RUN_CURL_PID, 20],
    ],
  );
  assert.equal(report.chisels?.processesByEvents[0]?.pid, EVIL_CURL_PID);
});
