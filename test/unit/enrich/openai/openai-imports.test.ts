// The `openai` package is loaded only by the triage stage, and only by dynamic import when a triage
// runs: no other module names it, and no module imports it statically (a static import would load it
// at every start of the bundle, with or without OPENAI_API_KEY).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../../../support/paths.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

const ANY_IMPORT = /(?:from\s*|import\s*\(\s*|require\s*\(\s*|import\s+)['"]openai(?:\/[^'"]*)?['"]/;
const STATIC_IMPORT = /(?:from\s*|require\s*\(\s*|^\s*import\s+)['"]openai(?:\/[^'"]*)?['"]/m;

it('only src/enrich/openai/triage.ts loads the openai package, and only by dynamic import', () => {
  const root = repoRoot();
  const shipped = ['src', 'start', 'stop', 'analyze'].flatMap((dir) => {
    try {
      return sources(join(root, dir));
    } catch {
      return [];
    }
  });
  const importers = shipped.filter((file) => ANY_IMPORT.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file));
  assert.deepEqual(importers, [join('src', 'enrich', 'openai', 'triage.ts')]);
  assert.deepEqual(shipped.filter((file) => STATIC_IMPORT.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file)), []);
});
