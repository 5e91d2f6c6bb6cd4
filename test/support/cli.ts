// Runs the committed CLI bundle (package.json's `bin`) as a user does: plain node, no TypeScript loader.
// The bundle is split into lazily loaded files (scripts/build.mjs), so running it is what catches a
// seam between them; CI builds dist/ before the tests and refuses a stale one.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { repoPath } from './env.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const CLI_BUNDLE = repoPath('dist', 'cli', 'index.js');

/** `falco-actions ARGS...` through dist/cli/index.js; resolves with the exit code and both streams. */
export function runCli(args: readonly string[]): Promise<CliRun> {
  if (!existsSync(CLI_BUNDLE)) throw new Error(`${CLI_BUNDLE} is missing: run \`npm run build\` first`);
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [CLI_BUNDLE, ...args], { cwd: repoPath(), maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolvePromise({ code, stdout, stderr });
    });
  });
}
