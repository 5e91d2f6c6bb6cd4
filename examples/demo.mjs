#!/usr/bin/env node
// The demo for a fresh machine: writes a capture of a small CI job (examples/ci-job.json: checkout,
// npm install, a build, and a suspicious step piping curl into sh that rewrites a workflow file) with
// `falco-actions capture write`, then prints its inventory with `falco-actions inventory`.
//
//   node examples/demo.mjs [--real] [--format markdown|json] [--gzip] [--keep PATH] [--bundle]
//
// With --real it prints instead the analyze report (falco-actions analyze) of the bundled real capture
// examples/captures/curl_google.scap.
//
// It runs the TypeScript sources through tsx (installed by `npm ci`), or the committed CLI bundle
// (dist/cli/index.js) with --bundle or when tsx is not installed. The capture goes to a temporary directory that is removed
// afterwards, unless --keep names where to leave it (it can then be opened with `sysdig -r PATH`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const description = join(root, 'examples', 'ci-job.json');

let useBundle = false;

function cliCommand() {
  const bundle = join(root, 'dist', 'cli', 'index.js');
  const tsxInstalled = existsSync(join(root, 'node_modules', 'tsx', 'package.json'));
  if ((useBundle || !tsxInstalled) && existsSync(bundle)) return [bundle];
  return ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts')];
}

function run(args) {
  const result = spawnSync(process.execPath, [...cliCommand(), ...args], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function main() {
  let options;
  try {
    options = parseArgs({
      options: {
        format: { type: 'string', default: 'markdown' },
        gzip: { type: 'boolean', default: false },
        keep: { type: 'string' },
        bundle: { type: 'boolean', default: false },
        real: { type: 'boolean', default: false },
      },
    }).values;
  } catch (error) {
    process.stderr.write(`demo: ${error.message}\nusage: node examples/demo.mjs [--format markdown|json] [--gzip] [--keep PATH] [--bundle]\n`);
    return 2;
  }
  if (options.format !== 'markdown' && options.format !== 'json') {
    process.stderr.write(`demo: --format must be markdown or json, not '${options.format}'\n`);
    return 2;
  }
  useBundle = options.bundle;
  if (options.real) {
    // The analyze report of a bundled real capture (examples/captures/PROVENANCE.md), native engine.
    const real = join(root, 'examples', 'captures', 'curl_google.scap');
    process.stderr.write(`demo: falco-actions analyze ${real}\n\n`);
    return run(['analyze', '--format', options.format, '--extract-chisels', 'true', real]);
  }
  const scratch = options.keep === undefined ? mkdtempSync(join(tmpdir(), 'falco-actions-demo-')) : undefined;
  const capture = options.keep === undefined ? join(scratch, options.gzip ? 'ci-job.scap.gz' : 'ci-job.scap') : resolve(options.keep);
  try {
    process.stderr.write(`demo: writing ${capture} from ${description}\n`);
    const written = run(['capture', 'write', ...(options.gzip ? ['--gzip'] : []), description, capture]);
    if (written !== 0) return written;
    process.stderr.write(`demo: inventory of ${capture}\n\n`);
    return run(['inventory', '--format', options.format, capture]);
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

process.exitCode = main();
