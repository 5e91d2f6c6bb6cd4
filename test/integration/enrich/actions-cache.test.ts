// The VirusTotal verdict store of the analyze action (src/enrich/virustotal/actions-cache.ts) with the real
// @actions/cache client, real tar and zstd/gzip, against the local cache service
// (test/support/cache-service.ts), reached only through the environment a runner gives a node action.
import { test, before, after, beforeEach, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveCache } from '@actions/cache';
import { type CachedVerdict, VERDICT_CACHE_FILE, VERDICT_MAX_AGE_MS } from '../../../src/enrich/virustotal/cache.ts';
import {
  actionsCacheStore,
  MAX_VERDICT_CACHE_FILE_BYTES,
  VERDICT_CACHE_KEY_PREFIX,
  verdictCacheDir,
} from '../../../src/enrich/virustotal/actions-cache.ts';
import { CACHE_CLIENT_ENV, setEnvForTest, startCacheService, type CacheService } from '../../support/cache-service.ts';

const NOW = Date.parse('2026-12-05T06:00:00Z');
const HOUR = 60 * 60 * 1000;

let service: CacheService;
let scratch: string;

before(async () => {
  service = await startCacheService();
  scratch = await mkdtemp(join(tmpdir(), 'actions-cache-'));
});

after(async () => {
  await service.close();
  await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  service.entries.length = 0;
  service.requests.length = 0;
  service.clearFaults();
});

/** One runner machine for the test: a workspace, a RUNNER_TEMP and the cached folder's (stable) path. */
async function becomeRunner(t: TestContext, env: Record<string, string> = service.jobEnv()): Promise<{ workDir: string }> {
  const root = await mkdtemp(join(scratch, 'runner-'));
  await mkdir(join(root, 'workspace'));
  await mkdir(join(root, 'temp'));
  const cleared = Object.fromEntries(CACHE_CLIENT_ENV.map((name) => [name, undefined]));
  setEnvForTest(t, {
    ...cleared,
    GITHUB_WORKSPACE: join(root, 'workspace'),
    RUNNER_TEMP: join(root, 'temp'),
    // The Azure blob pipeline does not exempt loopback from a developer's HTTPS_PROXY.
    NO_PROXY: [process.env.NO_PROXY, '127.0.0.1'].filter(Boolean).join(','),
    ...env,
  });
  return { workDir: verdictCacheDir(join(root, 'temp'), 'vt-api-key-for-tests') };
}

function verdict(indicator: string, ageMs: number, overrides: Partial<CachedVerdict> = {}): CachedVerdict {
  return {
    kind: 'domain',
    indicator,
    label: null,
    verdict: 'clean',
    stats: { malicious: 0, suspicious: 0, harmless: 60, undetected: 10, timeout: 0 },
    link: `https://www.virustotal.com/gui/domain/${indicator}`,
    checkedAt: new Date(NOW - ageMs).toISOString(),
    ...overrides,
  };
}

const run = (workDir: string, runId: number, runAttempt = 1) =>
  actionsCacheStore({ workDir, runId: String(runId), runAttempt: String(runAttempt), now: () => NOW });

const twirp = (route: string) => service.requests.filter((request) => request.route === route);
const sortByIndicator = (verdicts: readonly CachedVerdict[]) => [...verdicts].sort((a, b) => a.indicator.localeCompare(b.indicator));

test('a later run restores what an earlier run saved, through the newest entry under the prefix', async (t) => {
  const { workDir } = await becomeRunner(t);
  const saved = [
    verdict('example.com', HOUR),
    verdict('evil.example', 2 * HOUR, { verdict: 'malicious', stats: { malicious: 9, suspicious: 1, harmless: 50, undetected: 10, timeout: 0 } }),
    verdict('a'.repeat(64), 3 * HOUR, { kind: 'file', label: '/usr/bin/curl', stats: null, verdict: 'unknown' }),
  ];
  assert.deepEqual(await run(workDir, 100).save(saved), {});

  const [created] = twirp('CreateCacheEntry');
  assert.equal(created?.key, `${VERDICT_CACHE_KEY_PREFIX}100-1`);
  assert.match(created?.version ?? '', /^[0-9a-f]{64}$/);
  assert.deepEqual(
    twirp('FinalizeCacheEntryUpload').map((request) => [request.key, request.version, request.status]),
    [[created?.key, created?.version, 200]],
  );
  assert.equal(service.entries.length, 1);
  assert.ok(service.entries[0]?.finalized);

  // The next run starts on a clean machine: only the cache carries the file over.
  await rm(workDir, { recursive: true, force: true });
  const loaded = await run(workDir, 101).load();
  assert.equal(loaded.note, undefined);
  assert.deepEqual(sortByIndicator(loaded.verdicts), sortByIndicator(saved));
  const [lookup] = twirp('GetCacheEntryDownloadURL');
  assert.deepEqual(
    { key: lookup?.key, restoreKeys: lookup?.restoreKeys, version: lookup?.version, matched: lookup?.matchedKey },
    { key: `${VERDICT_CACHE_KEY_PREFIX}101-1`, restoreKeys: [VERDICT_CACHE_KEY_PREFIX], version: created?.version, matched: created?.key },
  );
});

test('save leaves out verdicts older than a day (and ones dated in the future); the loaded fresh ones are kept', async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 200).save([verdict('kept-from-earlier.example', 20 * HOUR), verdict('aging.example', 23 * HOUR)]);

  const second = run(workDir, 201);
  assert.equal((await second.load()).verdicts.length, 2);
  // By this run's clock "aging" passed a day; "kept" did not. The run adds its own verdicts.
  const later = actionsCacheStore({ workDir, runId: '201', runAttempt: '1', now: () => NOW + 2 * HOUR });
  await later.load();
  await later.save([
    verdict('fresh.example', 0),
    verdict('stale.example', VERDICT_MAX_AGE_MS + HOUR),
    // Two hours ahead of this run's clock.
    verdict('from-the-future.example', -4 * HOUR),
  ]);

  const third = await run(workDir, 202).load();
  assert.deepEqual(third.verdicts.map((entry) => entry.indicator).sort(), ['fresh.example', 'kept-from-earlier.example']);
});

test('an indicator asked again replaces its cached verdict: one entry per indicator, the newest', async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 250).save([verdict('turned.example', 20 * HOUR), verdict('turned.example', 21 * HOUR, { verdict: 'suspicious' })]);
  const second = run(workDir, 251);
  await second.load();
  await second.save([verdict('turned.example', 0, { verdict: 'malicious' })]);
  const third = await run(workDir, 252).load();
  assert.deepEqual(third.verdicts.map((entry) => [entry.indicator, entry.verdict]), [['turned.example', 'malicious']]);
});

test("a newer run's entry wins over an older one, and a re-run attempt gets its own key", async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 300).save([verdict('old-run.example', HOUR)]);
  // Run 299 finishing after 300 made the newer entry: newest means last saved, not the biggest run id.
  await run(workDir, 299).save([verdict('newer-entry.example', HOUR)]);
  await run(workDir, 299, 2).save([verdict('second-attempt.example', HOUR)]);
  assert.deepEqual(
    twirp('CreateCacheEntry').map((request) => [request.key, request.status]),
    [
      [`${VERDICT_CACHE_KEY_PREFIX}300-1`, 200],
      [`${VERDICT_CACHE_KEY_PREFIX}299-1`, 200],
      [`${VERDICT_CACHE_KEY_PREFIX}299-2`, 200],
    ],
  );

  const loaded = await run(workDir, 301).load();
  assert.deepEqual(loaded.verdicts.map((entry) => entry.indicator), ['second-attempt.example']);
  assert.equal(twirp('GetCacheEntryDownloadURL')[0]?.matchedKey, `${VERDICT_CACHE_KEY_PREFIX}299-2`);
});

test('a hostile or broken cached file gives a note and no verdicts', async (t) => {
  const { workDir } = await becomeRunner(t);
  const cases: Array<[string, (file: string) => Promise<void>, RegExp]> = [
    ['not JSON', (file) => writeFile(file, '{"schema": 1, "verdicts": ['), /is not JSON/],
    ['wrong shape', (file) => writeFile(file, JSON.stringify({ schema: 1, verdicts: [{ kind: 'url', indicator: 3 }] })), /does not match the expected shape \(\d+ problem/],
    ['too big', (file) => writeFile(file, ' '.repeat(MAX_VERDICT_CACHE_FILE_BYTES + 1)), /over the 5242880 accepted/],
    ['a symbolic link', (file) => symlink('/etc/hostname', file), /is a symbolic link/],
    ['a folder', (file) => mkdir(file), /not a regular file/],
    ['absent', async () => {}, /holds no virustotal-verdicts\.json/],
  ];
  let runId = 400;
  for (const [what, plant, expected] of cases) {
    // Planted with the real client under our prefix, as another workflow of the repository could.
    await rm(workDir, { recursive: true, force: true });
    await mkdir(workDir, { recursive: true });
    await writeFile(join(workDir, 'unrelated.txt'), 'so that the folder is never empty');
    await plant(join(workDir, VERDICT_CACHE_FILE));
    assert.notEqual(await saveCache([workDir], `${VERDICT_CACHE_KEY_PREFIX}${runId++}-1`), -1, what);
    if (what === 'absent') {
      // Left on the machine by something earlier in the job: it must not pass for what the entry held.
      await writeFile(join(workDir, VERDICT_CACHE_FILE), JSON.stringify({ schema: 1, verdicts: [verdict('leftover.example', 0)] }));
    }

    const loaded = await run(workDir, runId).load();
    assert.deepEqual(loaded.verdicts, [], what);
    assert.match(loaded.note ?? '', /was ignored/, what);
    assert.match(loaded.note ?? '', expected, what);
  }
});

test('an entry planted under our prefix without the secret (another folder, so another version) is never restored', async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 450).save([verdict('ours.example', HOUR)]);
  const planted = verdictCacheDir(join(workDir, '..'), 'a guessed key');
  await mkdir(planted, { recursive: true });
  await writeFile(join(planted, VERDICT_CACHE_FILE), JSON.stringify({ schema: 1, verdicts: [verdict('planted.example', 0, { verdict: 'clean' })] }));
  assert.notEqual(await saveCache([planted], `${VERDICT_CACHE_KEY_PREFIX}999999-1`), -1);
  assert.equal(service.entries.length, 2);
  assert.notEqual(service.entries[0]?.version, service.entries[1]?.version);

  const loaded = await run(workDir, 451).load();
  assert.deepEqual(loaded.verdicts.map((entry) => entry.indicator), ['ours.example']);
  assert.equal(twirp('GetCacheEntryDownloadURL')[0]?.matchedKey, `${VERDICT_CACHE_KEY_PREFIX}450-1`);
});

test('a runner without zstd archives with gzip: its entries are another version, shared only with gzip runners', async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 470).save([verdict('zstd-runner.example', HOUR)]);
  // A PATH with tar and gzip only (the client probes `zstd --version` to choose, lib/internal/cacheUtils.js).
  const bin = join(workDir, '..', 'bin-without-zstd');
  await mkdir(bin, { recursive: true });
  for (const tool of ['tar', 'gzip']) await symlink(`/usr/bin/${tool}`, join(bin, tool));
  setEnvForTest(t, { PATH: bin });
  await run(workDir, 471).save([verdict('gzip-runner.example', HOUR)]);
  const loaded = await run(workDir, 472).load();
  assert.deepEqual(loaded.verdicts.map((entry) => entry.indicator), ['gzip-runner.example']);
  const [zstdEntry, gzipEntry] = service.entries;
  assert.notEqual(zstdEntry?.version, gzipEntry?.version);
  // gzip's magic bytes: the client really switched archivers.
  assert.deepEqual([...(gzipEntry?.blob?.subarray(0, 2) ?? [])], [0x1f, 0x8b]);
  assert.deepEqual([...(zstdEntry?.blob?.subarray(0, 4) ?? [])], [0x28, 0xb5, 0x2f, 0xfd]);
});

test('a second save under the same key is refused by the service and becomes a note', async (t) => {
  const { workDir } = await becomeRunner(t);
  assert.deepEqual(await run(workDir, 500).save([verdict('first.example', HOUR)]), {});
  const second = await run(workDir, 500).save([verdict('second.example', HOUR)]);
  assert.match(second.note ?? '', /was not saved/);
  assert.deepEqual(
    twirp('CreateCacheEntry').map((request) => [request.key, request.status]),
    [
      [`${VERDICT_CACHE_KEY_PREFIX}500-1`, 200],
      [`${VERDICT_CACHE_KEY_PREFIX}500-1`, 409],
    ],
  );
  assert.equal(service.entries.length, 1);
  assert.deepEqual((await run(workDir, 501).load()).verdicts.map((entry) => entry.indicator), ['first.example']);
});

test('a token that cannot write: save is a note, load still works', async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 600).save([verdict('written-by-trusted-run.example', HOUR)]);
  setEnvForTest(t, service.jobEnv({ readOnly: true }));
  const refused = await run(workDir, 601).save([verdict('from-read-only-run.example', HOUR)]);
  assert.match(refused.note ?? '', /was not saved/);
  assert.equal(service.entries.length, 1);
  assert.deepEqual((await run(workDir, 602).load()).verdicts.map((entry) => entry.indicator), ['written-by-trusted-run.example']);
});

test('the blob store answering 500 on download: a note, no verdicts, no throw', async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 700).save([verdict('example.com', HOUR)]);
  service.fail('blob-download', 500);
  const loaded = await run(workDir, 701).load();
  assert.deepEqual(loaded.verdicts, []);
  assert.match(loaded.note ?? '', /no VirusTotal verdicts cached by an earlier run were restored/);
  assert.deepEqual(
    service.requests.filter((request) => request.route === 'blob-download').map((request) => request.status),
    [500],
  );
});

test('the cache service answering 500 on finalize: a note, and the unfinished entry is never restored', async (t) => {
  const { workDir } = await becomeRunner(t);
  await run(workDir, 800).save([verdict('finished.example', HOUR)]);
  service.fail('FinalizeCacheEntryUpload', 500);
  // The client retries a 500 with a backoff of some seconds before it gives up.
  const saved = await run(workDir, 801).save([verdict('unfinished.example', HOUR)]);
  assert.match(saved.note ?? '', /was not saved/);
  const finalizes = twirp('FinalizeCacheEntryUpload').filter((request) => request.key === `${VERDICT_CACHE_KEY_PREFIX}801-1`);
  assert.ok(finalizes.length >= 1);
  assert.ok(finalizes.every((request) => request.status === 500));
  assert.equal(service.entries.find((entry) => entry.key === `${VERDICT_CACHE_KEY_PREFIX}801-1`)?.finalized, false);
  service.clearFaults();
  assert.deepEqual((await run(workDir, 802).load()).verdicts.map((entry) => entry.indicator), ['finished.example']);
});

test('the cache service down (connection refused): notes, no throw', async (t) => {
  const gone = await startCacheService();
  const env = gone.jobEnv();
  await gone.close();
  const { workDir } = await becomeRunner(t, env);
  const store = run(workDir, 900);
  const loaded = await store.load();
  assert.deepEqual(loaded.verdicts, []);
  assert.match(loaded.note ?? '', /were restored/);
  assert.match((await store.save([verdict('example.com', HOUR)])).note ?? '', /was not saved/);
});

test('no cache service in the environment, or no run id: the store says so and touches nothing', async (t) => {
  const { workDir } = await becomeRunner(t, {});
  const store = run(workDir, 1000);
  assert.match((await store.load()).note ?? '', /not available to this step/);
  assert.match((await store.save([verdict('example.com', HOUR)])).note ?? '', /not available to this step/);

  setEnvForTest(t, service.jobEnv());
  const unkeyed = actionsCacheStore({ workDir, runId: '', runAttempt: '1' });
  assert.match((await unkeyed.load()).note ?? '', /GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT/);
  assert.match((await unkeyed.save([verdict('example.com', HOUR)])).note ?? '', /GITHUB_RUN_ID and GITHUB_RUN_ATTEMPT/);
  assert.deepEqual(service.requests, []);
});

test('the cached folder is stable per secret and differs between secrets', () => {
  assert.equal(verdictCacheDir('/tmp/r', 'key-one'), verdictCacheDir('/tmp/r', 'key-one'));
  assert.notEqual(verdictCacheDir('/tmp/r', 'key-one'), verdictCacheDir('/tmp/r', 'key-two'));
  assert.doesNotMatch(verdictCacheDir('/tmp/r', 'key-one'), /key-one/);
});
