// Only src/docker talks to the engine through dockerode: everything else uses its typed surface (and
// live mode's LiveEngine interface), so that one module holds the engine's quirks.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { it } from 'node:test';
import { repoRoot } from '../../support/paths.ts';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|mts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

// import ... from 'dockerode', import('dockerode'), require('dockerode'), also sub-paths.
const DOCKERODE = /(?:from\s*|import\s*\(\s*|require\s*\(\s*)['"]dockerode(?:\/[^'"]*)?['"]/;

it('no module outside src/docker imports dockerode', () => {
  const root = repoRoot();
  const shipped = ['src', 'start', 'stop', 'analyze'].flatMap((dir) => {
    try {
      return sources(join(root, dir));
    } catch {
      return [];
    }
  });
  assert.ok(shipped.some((file) => file.endsWith(join('src', 'docker', 'engine.ts'))), 'the scan sees src/docker/engine.ts');
  const importers = shipped.filter((file) => DOCKERODE.test(readFileSync(file, 'utf8'))).map((file) => relative(root, file));
  assert.deepEqual(importers.filter((file) => !file.startsWith('src/docker/')), []);
  assert.ok(importers.includes('src/docker/engine.ts'), 'the pattern finds the one real import');
});
