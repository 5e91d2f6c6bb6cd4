// .ci/runc-drop-sys-resource, the OCI runtime dockerd calls instead of runc: it must strip
// CAP_SYS_RESOURCE from every capability set of the container it creates, and otherwise pass runc's
// arguments through untouched.
import { strict as assert } from 'node:assert';
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../../support/env.ts';

const WRAPPER = join(repoRoot(), '.ci', 'runc-drop-sys-resource');
const ALL_SETS = ['bounding', 'effective', 'inheritable', 'permitted', 'ambient'] as const;

function runWrapper(args: string[], cwd: string, fakeRunc: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(WRAPPER, args, { cwd, env: { ...process.env, FALCO_ACTIONS_REAL_RUNC: fakeRunc } }, (error, stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : Number(error.code ?? 1), stdout, stderr });
    });
  });
}

function capabilities(): Record<string, string[]> {
  return Object.fromEntries(ALL_SETS.map((set) => [set, ['CAP_CHOWN', 'CAP_SYS_RESOURCE', 'CAP_SYS_ADMIN']]));
}

describe('.ci/runc-drop-sys-resource', () => {
  let dir: string;
  let fakeRunc: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'runc-wrapper-'));
    fakeRunc = join(dir, 'fake-runc');
    // Stands in for runc: prints the arguments it got, one per line.
    writeFileSync(fakeRunc, '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n');
    chmodSync(fakeRunc, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  function bundle(name: string): string {
    const path = join(dir, name);
    mkdirSync(path);
    writeFileSync(join(path, 'config.json'), JSON.stringify({ ociVersion: '1.0.2', process: { args: ['sh'], capabilities: capabilities() }, root: { path: 'rootfs' } }));
    return path;
  }

  it('strips CAP_SYS_RESOURCE from every set of --bundle/config.json on create and passes the arguments through', async () => {
    const path = bundle('create');
    const args = ['--root', '/run/runc', '--log', '/tmp/log.json', '--log-format', 'json', 'create', '--bundle', path, '--pid-file', '/tmp/pid', 'container-1'];
    const result = await runWrapper(args, dir, fakeRunc);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), args);
    const config = JSON.parse(readFileSync(join(path, 'config.json'), 'utf8')) as { process: { capabilities: Record<string, string[]>; args: string[] }; root: unknown };
    for (const set of ALL_SETS) assert.deepEqual(config.process.capabilities[set], ['CAP_CHOWN', 'CAP_SYS_ADMIN'], set);
    assert.deepEqual(config.process.args, ['sh']);
    assert.deepEqual(config.root, { path: 'rootfs' });
  });

  it('uses the working directory as the bundle when --bundle is absent (runc run)', async () => {
    const path = bundle('run-cwd');
    const result = await runWrapper(['run', 'container-2'], path, fakeRunc);
    assert.equal(result.code, 0, result.stderr);
    const config = JSON.parse(readFileSync(join(path, 'config.json'), 'utf8')) as { process: { capabilities: Record<string, string[]> } };
    assert.deepEqual(config.process.capabilities.bounding, ['CAP_CHOWN', 'CAP_SYS_ADMIN']);
  });

  it('strips the --process file of exec (docker exec --privileged)', async () => {
    const processFile = join(dir, 'process.json');
    writeFileSync(processFile, JSON.stringify({ args: ['id'], capabilities: capabilities() }));
    const result = await runWrapper(['exec', '--process', processFile, '--detach', 'container-3'], dir, fakeRunc);
    assert.equal(result.code, 0, result.stderr);
    const processSpec = JSON.parse(readFileSync(processFile, 'utf8')) as { capabilities: Record<string, string[]> };
    assert.deepEqual(processSpec.capabilities.effective, ['CAP_CHOWN', 'CAP_SYS_ADMIN']);
  });

  it('leaves other commands and their files alone', async () => {
    const path = bundle('state');
    const before = readFileSync(join(path, 'config.json'), 'utf8');
    const result = await runWrapper(['--root', '/run/runc', 'state', 'create'], path, fakeRunc);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.stdout.trim().split('\n'), ['--root', '/run/runc', 'state', 'create']);
    assert.equal(readFileSync(join(path, 'config.json'), 'utf8'), before);
  });
});
