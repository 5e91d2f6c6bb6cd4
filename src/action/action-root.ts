// Locates the checked-out action (the directory holding start/action.yml) from a file inside it, so
// the bundled entry points (dist/start/index.js) and the sources (start/main.ts) find rules/ alike.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function findActionRoot(fromUrl: string): string {
  let dir = dirname(fileURLToPath(fromUrl));
  for (;;) {
    if (existsSync(join(dir, 'start', 'action.yml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the falco-actions directory (with start/action.yml) above ${fileURLToPath(fromUrl)}.`);
    dir = parent;
  }
}

export const MARKER_RULES_FILE = join('rules', 'falco_actions_markers.yaml');
export const CICD_RULES_FILE = join('rules', 'falco_cicd_rules.yaml');
