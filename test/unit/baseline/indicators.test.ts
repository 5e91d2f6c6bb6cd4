// The drift indicators of a report and the comparison with a baseline (src/baseline/indicators.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeReportSchema, type AnalyzeReport } from '../../../src/analyze/report.ts';
import { compareWithBaseline, driftIndicators, noIndicators, pathKey } from '../../../src/baseline/indicators.ts';
import type { DriftIndicators } from '../../../src/enrich/model.ts';
import { fixtureReport } from '../../fixtures/reports/build.ts';

const attribution = { step: null, action: null };
const T = '2026-11-23T04:00:00.000000000Z';
const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

/** The typical fixture with its sections replaced. */
function reportWith(parts: Partial<Pick<AnalyzeReport, 'connections' | 'dns' | 'processes' | 'hashes' | 'writtenFiles' | 'containers'>>): AnalyzeReport {
  return analyzeReportSchema.parse({ ...fixtureReport('typical'), processes: [], connections: [], dns: [], writtenFiles: [], containers: [], hashes: [], ...parts });
}

const connection = (address: string) => ({ remote: { address, port: 443 }, protocol: 'tcp', scope: 'public', process: 'curl', exepath: '/usr/bin/curl', count: 1, bytesSent: 0, bytesReceived: 0, firstTime: T, attribution });
const process = (exepath: string, sha256: string | null) => ({ exepath, name: 'x', args: [], parent: null, user: 'runner', containerId: '', count: 1, firstTime: T, sha256, attribution });
const RUN = { kind: 'run', runId: 7, branch: 'main', url: null } as const;

test('the typical report: its public addresses, names, executables, outside writes and images, sorted', () => {
  assert.deepEqual(driftIndicators(fixtureReport('typical')), {
    domains: ['downloads.example.org'],
    // 10.1.0.1 (the resolver) is private.
    ips: ['2001:db8::7', '203.0.113.9'],
    executables: [
      { path: '/home/runner/runners/2.321.0/externals/node20/bin/node', sha256: null },
      { path: '/tmp/gone', sha256: null },
      { path: '/usr/bin/curl', sha256: '1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0' },
    ],
    'written-files': ['/usr/local/bin/helper'],
    containers: ['redis:7'],
  });
});

test('private, loopback, link-local, carrier-grade NAT and unparseable addresses are not indicators; one spelling per address', () => {
  const report = reportWith({
    connections: ['10.0.0.1', '192.168.1.9', '172.16.4.4', '100.64.0.1', '127.0.0.1', '169.254.169.254', 'fd00::1', '::1', 'fe80::1', 'not-an-ip', '0.0.0.0', '8.8.8.8', '::ffff:8.8.8.8', '2606:4700:0:0::1111', '2606:4700::1111'].map(connection),
  });
  assert.deepEqual(driftIndicators(report).ips, ['2606:4700::1111', '8.8.8.8']);
});

test('domains compare without case or the trailing dot; empty images and paths are left out', () => {
  const dns = (name: string) => ({ name, types: ['A'], queries: 1, answers: [], processes: [], firstTime: T, attribution });
  const report = reportWith({ dns: [dns('Example.ORG.'), dns('example.org'), dns('a.example')], containers: [{ id: '1', name: 'n', image: '' }, { id: '2', name: 'm', image: 'alpine:3' }] });
  const indicators = driftIndicators(report);
  assert.deepEqual(indicators.domains, ['a.example', 'example.org']);
  assert.deepEqual(indicators.containers, ['alpine:3']);
});

test('an executable is the hashed file when any source hashed its path; unhashed otherwise', () => {
  const report = reportWith({
    processes: [process('/usr/bin/tool', null), process('/usr/bin/other', null), process('', null)],
    hashes: [{ path: '/usr/bin/tool', sha256: HASH_A.toUpperCase(), executions: 1 }],
  });
  assert.deepEqual(driftIndicators(report).executables, [
    { path: '/usr/bin/other', sha256: null },
    { path: '/usr/bin/tool', sha256: HASH_A },
  ]);
});

test('only written paths outside the workspace count', () => {
  const file = (path: string, outsideWorkspace: boolean) => ({ path, count: 1, flags: [], processes: [], outsideWorkspace, firstTime: T, attribution });
  assert.deepEqual(driftIndicators(reportWith({ writtenFiles: [file('/home/runner/work/r/r/x', false), file('/etc/hosts', true), file('/etc/hosts', true)] }))['written-files'], ['/etc/hosts']);
});

test('the comparison: new is what the baseline lacks, known counts the rest per kind', () => {
  const current: DriftIndicators = { ...noIndicators(), domains: ['a.example', 'b.example'], ips: ['8.8.8.8'], containers: ['redis:7'], 'written-files': ['/etc/x'] };
  const baseline: DriftIndicators = { ...noIndicators(), domains: ['A.example.'], ips: ['::ffff:8.8.8.8'], containers: ['redis:6'] };
  const drift = compareWithBaseline(current, baseline, RUN);
  assert.deepEqual(drift.new, { ...noIndicators(), domains: ['b.example'], containers: ['redis:7'], 'written-files': ['/etc/x'] });
  assert.deepEqual(drift.known, { domains: 1, ips: 1, executables: 0, 'written-files': 0, containers: 0 });
  assert.deepEqual(drift.against, RUN);
});

test('executables: by sha256 when both sides have one, else by path', () => {
  const baseline: DriftIndicators = {
    ...noIndicators(),
    executables: [
      { path: '/usr/bin/curl', sha256: HASH_A },
      { path: '/usr/bin/unhashed-there', sha256: null },
      { path: '/usr/bin/hashed-there', sha256: HASH_B },
    ],
  };
  const current: DriftIndicators = {
    ...noIndicators(),
    executables: [
      // Same bytes, same path: known.
      { path: '/usr/bin/curl', sha256: HASH_A },
      // Same path, other bytes: the binary changed, new.
      { path: '/usr/bin/hashed-there', sha256: 'c'.repeat(64) },
      // Same bytes under another path: known.
      { path: '/opt/moved/curl', sha256: HASH_A },
      // Hashed here, not there: compared by path, known.
      { path: '/usr/bin/unhashed-there', sha256: 'd'.repeat(64) },
      // Not hashed here, hashed there: by path, known.
      { path: '/usr/bin/hashed-there', sha256: null },
      // Neither: by path, new.
      { path: '/tmp/new-tool', sha256: null },
    ],
  };
  const drift = compareWithBaseline(current, baseline, RUN);
  assert.deepEqual(drift.new.executables, [
    { path: '/usr/bin/hashed-there', sha256: 'c'.repeat(64) },
    { path: '/tmp/new-tool', sha256: null },
  ]);
  assert.equal(drift.known.executables, 4);
});

test('a report compared with itself has nothing new', () => {
  const indicators = driftIndicators(fixtureReport('typical'));
  const drift = compareWithBaseline(indicators, indicators, { kind: 'file', path: 'baseline.json' });
  assert.deepEqual(drift.new, noIndicators());
  assert.deepEqual(drift.known, { domains: 1, ips: 2, executables: 3, 'written-files': 1, containers: 1 });
});

test('written paths compare without their volatile parts: step scripts, mktemp suffixes, pids, hashes', () => {
  const against = { kind: 'file' as const, path: 'baseline.json' };
  const written = (paths: string[]) => ({ ...noIndicators(), 'written-files': paths });
  const baseline = written([
    '/home/runner/work/_temp/8f14e45f-ceea-467f-a7b0-1a2b3c4d5e6f.sh',
    '/tmp/tmp.Xa3kP0qZ9m/out.log',
    '/home/runner/.npm/_cacache/content-v2/sha512/0f/3c/9a1b2c3d4e5f60718293a4b5c6d7e8f9',
    '/tmp/build-48213.pid',
  ]);
  const current = written([
    '/home/runner/work/_temp/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0.sh',
    '/tmp/tmp.QQ7r2LmNpx/out.log',
    '/home/runner/.npm/_cacache/content-v2/sha512/aa/bb/ffeeddccbbaa99887766554433221100',
    '/tmp/build-91377.pid',
    '/tmp/tmp.QQ7r2LmNpx/secrets.txt',
    '/etc/cron.d/backdoor-1234',
  ]);
  const drift = compareWithBaseline(current, baseline, against);
  assert.deepEqual(drift.new['written-files'], ['/tmp/tmp.QQ7r2LmNpx/secrets.txt', '/etc/cron.d/backdoor-1234']);
  assert.equal(drift.known['written-files'], 4);
  assert.equal(pathKey('/home/runner/work/_temp/_runner_file_commands/set_output_8f14e45f-ceea-467f-a7b0-1a2b3c4d5e6f'), '/home/runner/work/_temp/_runner_file_commands/set_output_<uuid>');
});

test('an unhashed executable is matched by its path without volatile parts too', () => {
  const against = { kind: 'file' as const, path: 'baseline.json' };
  const baseline = { ...noIndicators(), executables: [{ path: '/tmp/go-build2931/b001/exe/main', sha256: null }] };
  const current = { ...noIndicators(), executables: [{ path: '/tmp/go-build7730/b001/exe/main', sha256: null }, { path: '/tmp/go-build7730/b001/exe/other', sha256: null }] };
  assert.deepEqual(compareWithBaseline(current, baseline, against).new.executables, [{ path: '/tmp/go-build7730/b001/exe/other', sha256: null }]);
});
