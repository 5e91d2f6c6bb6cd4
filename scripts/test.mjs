// Runs the test suites with node's own test runner (TypeScript through tsx), then prints one plain
// `N passed, N failed` line for CI. Usage: node scripts/test.mjs [unit|integration|e2e ...]
import { readdirSync, existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { spawnSync } from 'node:child_process';

const suites = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['unit', 'integration', 'e2e'];
const files = suites.flatMap((suite) => {
  const dir = join('test', suite);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(dir, name));
});
if (files.length === 0) {
  console.error(`no test files found for suites: ${suites.join(', ')}`);
  process.exit(1);
}
const scratch = mkdtempSync(join(tmpdir(), 'falco-actions-test-'));
const tapFile = join(scratch, 'results.tap');
const result = spawnSync(
  process.execPath,
  [
    '--import', 'tsx', '--test', '--test-concurrency=2',
    '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
    ...files,
  ],
  { stdio: 'inherit' },
);
const tap = existsSync(tapFile) ? readFileSync(tapFile, 'utf8') : '';
rmSync(scratch, { recursive: true, force: true });
const count = (key) => Number((tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm')) ?? [])[1] ?? 0);
const passed = count('pass');
const failed = count('fail');
const skipped = count('skipped');
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(result.status === 0 && failed === 0 ? 0 : 1);
