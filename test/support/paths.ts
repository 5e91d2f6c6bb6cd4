// Filesystem locations the tests share: the repository root and the shared fixture tree beside it.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const supportDir = dirname(fileURLToPath(import.meta.url));

/** Absolute path of the repository checkout (the directory holding package.json). */
export function repoRoot(): string {
  return resolve(supportDir, '..', '..');
}

/** Real scap captures shared between checkouts: <repoRoot>/../shared/fixtures/captures
 *  (FALCO_ACTIONS_SHARED_CAPTURES overrides it, e.g. on a CI host that keeps them elsewhere). */
export function sharedCapturesDir(): string {
  const override = process.env.FALCO_ACTIONS_SHARED_CAPTURES;
  if (override !== undefined && override !== '') return resolve(override);
  return resolve(repoRoot(), '..', 'shared', 'fixtures', 'captures');
}

/** The real Falco 0.44.1 built for these machines: <repoRoot>/../shared/falco/0.44.1 (its README.txt
 *  says how it was built; FALCO_ACTIONS_SHARED_FALCO overrides the folder). */
export function sharedFalcoDir(): string {
  const override = process.env.FALCO_ACTIONS_SHARED_FALCO;
  if (override !== undefined && override !== '') return resolve(override);
  return resolve(repoRoot(), '..', 'shared', 'falco', '0.44.1');
}

/** Directory of the CI state (daemon pid/log files, the strict engine's socket). */
export function ciStateDir(): string {
  return process.env.FALCO_ACTIONS_CI_STATE_DIR ?? '/run/falco-actions-ci';
}
