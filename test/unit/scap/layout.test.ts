// src/scap is the file format alone (reader, state, event table, writer): what reads a capture for a
// purpose (inventory, condition language, rules) imports it, never the other way round.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCAP_DIR = fileURLToPath(new URL('../../../src/scap/', import.meta.url));
const IMPORT_SPECIFIER = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.ts')).map((entry) => join(entry.parentPath, entry.name));
}

/** Relative imports of a source file that resolve outside root. */
async function importsLeaving(root: string, file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  const leaving: string[] = [];
  for (const match of text.matchAll(IMPORT_SPECIFIER)) {
    const specifier = match[1] ?? match[2]!;
    if (!specifier.startsWith('.')) continue;
    const target = relative(root, resolve(dirname(file), specifier));
    if (target.startsWith('..')) leaving.push(specifier);
  }
  return leaving;
}

test('src/scap imports nothing outside src/scap (no inventory, filter or rules)', async () => {
  const files = await sourceFiles(SCAP_DIR);
  assert.ok(files.length > 10, `src/scap has its modules (found ${files.length})`);
  const offenders: string[] = [];
  for (const file of files) for (const specifier of await importsLeaving(SCAP_DIR, file)) offenders.push(`${relative(SCAP_DIR, file).split(sep).join('/')} imports ${specifier}`);
  assert.deepEqual(offenders, []);
});

test('the import scan sees an import that leaves src/scap', async () => {
  // The scanner itself must catch the forms the check relies on, or the check above cannot fail.
  const { mkdir, mkdtemp, writeFile, rm } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const dir = await mkdtemp(join(tmpdir(), 'layout-probe-'));
  try {
    await mkdir(join(dir, 'scap', 'writer'), { recursive: true });
    const probe = join(dir, 'scap', 'writer', 'probe.ts');
    await writeFile(probe, "import { x } from '../../inventory/inventory.ts';\nexport { y } from '../reader.ts';\nconst z = await import('../../filter/index.ts');\n");
    assert.deepEqual(await importsLeaving(join(dir, 'scap'), probe), ['../../inventory/inventory.ts', '../../filter/index.ts']);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
