// The command line's verdict store: a file in a folder, read back like any input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { folderVerdictStore } from '../../../../src/enrich/virustotal/folder-store.ts';
import { VERDICT_CACHE_FILE, type CachedVerdict } from '../../../../src/enrich/virustotal/cache.ts';

const verdict: CachedVerdict = {
  kind: 'ip',
  indicator: '140.82.112.3',
  label: 'github.com',
  verdict: 'clean',
  stats: { malicious: 0, suspicious: 0, harmless: 60, undetected: 30, timeout: 0 },
  link: 'https://www.virustotal.com/gui/ip-address/140.82.112.3',
  checkedAt: '2026-12-05T08:00:00.000Z',
};

async function withFolder(run: (folder: string) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'vt-store-'));
  try {
    await run(folder);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

test('a missing file is an empty store without a note; what is saved is loaded back, and only the file is left', async () => {
  await withFolder(async (folder) => {
    const store = folderVerdictStore(join(folder, 'cache'));
    assert.deepEqual(await store.load(), { verdicts: [] });
    assert.deepEqual(await store.save([verdict]), {});
    assert.deepEqual(await store.load(), { verdicts: [verdict] });
    assert.deepEqual(await readdir(join(folder, 'cache')), [VERDICT_CACHE_FILE]);
    assert.equal(JSON.parse(await readFile(join(folder, 'cache', VERDICT_CACHE_FILE), 'utf8')).schema, 1);
  });
});

test('a file that is not JSON, or not a verdict file, is a note and an empty store', async () => {
  await withFolder(async (folder) => {
    const store = folderVerdictStore(folder);
    await writeFile(join(folder, VERDICT_CACHE_FILE), '{"schema": 1, "verdicts": [');
    const notJson = await store.load();
    assert.deepEqual(notJson.verdicts, []);
    assert.match(notJson.note ?? '', /is not JSON/);
    await writeFile(join(folder, VERDICT_CACHE_FILE), JSON.stringify({ schema: 1, verdicts: [{ ...verdict, verdict: 'harmless' }] }));
    const invalid = await store.load();
    assert.deepEqual(invalid.verdicts, []);
    assert.match(invalid.note ?? '', /not a verdict file/);
  });
});

test('an unreadable file (a folder in its place) is a note on load, and a failed save is a note', async () => {
  await withFolder(async (folder) => {
    const blocked = join(folder, 'blocked');
    await writeFile(blocked, 'a file where the folder should be');
    const store = folderVerdictStore(blocked);
    const loaded = await store.load();
    assert.deepEqual(loaded.verdicts, []);
    assert.match(loaded.note ?? '', /could not be read/);
    const saved = await store.save([verdict]);
    assert.match(saved.note ?? '', /could not be saved/);
  });
});
