// The npm package as a user gets it: `npm pack` of the repository, installed from the tarball into a
// fresh prefix without the network (the CLI bundles are self-contained, so the package depends on
// nothing), and its `falco-actions` bin run as a program: the shebang, the mode, the lazily loaded files.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { access, constants, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { repoPath } from '../../support/env.ts';

const run = promisify(execFile);
const npmEnv = { ...process.env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' };

test('npm pack, install offline into a prefix, run the installed falco-actions', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fa-cli-package-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const manifest = JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as { version: string; private?: boolean; dependencies?: object; engines: { node: string } };
  assert.equal(manifest.private, undefined, 'publishable');
  assert.equal(manifest.engines.node, '>=20');

  const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: repoPath(), env: npmEnv });
  const [tarball] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string; mode: number }> }>;
  assert.ok(tarball !== undefined);
  const files = new Map(tarball.files.map((file) => [file.path, file.mode]));
  assert.equal(files.get('dist/cli/index.js'), 0o755, 'the bin is executable in the tarball');
  for (const path of ['dist/cli/inventory.js', 'dist/cli/rules.js', 'dist/cli/capture.js', 'README.md', 'package.json']) assert.ok(files.has(path), path);
  assert.ok([...files.keys()].some((path) => path.startsWith('rules/') && path.endsWith('.yaml')), 'the rule packs');
  // src/filters.config: the exceptions `falco-actions analyze` applies by default, as the action does.
  assert.deepEqual([...files.keys()].filter((path) => /^(src|test|bench|dist\/start|dist\/stop|dist\/analyze|node_modules)\//.test(path)), ['src/filters.config'], 'only what the CLI needs');

  const prefix = join(dir, 'prefix');
  await run('npm', ['install', '--global', '--offline', '--no-audit', '--prefix', prefix, join(dir, tarball.filename)], { cwd: dir, env: npmEnv });
  const bin = join(prefix, 'bin', 'falco-actions');
  await access(bin, constants.X_OK);
  assert.match(await readFile(bin, 'utf8'), /^#!\/usr\/bin\/env node\n/);

  // Run as a program (the shebang finds node on PATH), from another directory.
  const env = { ...process.env, PATH: `${join(process.execPath, '..')}:/usr/bin:/bin` };
  const version = await run(bin, ['--version'], { cwd: dir, env });
  assert.equal(version.stdout, `${manifest.version}\n`);
  // A command whose module loads lazily, end to end: write a capture, read its inventory.
  const capture = join(dir, 'job.scap');
  await run(bin, ['capture', 'write', repoPath('examples', 'ci-job.json'), capture], { cwd: dir, env });
  const inventory = JSON.parse((await run(bin, ['inventory', capture], { cwd: dir, env, maxBuffer: 16 * 1024 * 1024 })).stdout) as { processes: unknown[] };
  assert.ok(inventory.processes.length > 0);
});
