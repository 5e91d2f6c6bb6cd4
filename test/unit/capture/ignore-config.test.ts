import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  captureFilter,
  DEFAULT_IGNORE_CONFIG,
  ignoreConfigPath,
  loadIgnoreConfig,
  parseIgnoreConfig,
  REQUIRED_SYSCALLS,
} from '../../../src/capture/ignore-config.ts';
import { SettingsError } from '../../../src/settings/inputs.ts';
import { repoRoot } from '../../support/paths.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-ignore-config-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** The error parseIgnoreConfig/loadIgnoreConfig throws must be a SettingsError on input config-file naming the file. */
function configError(file: string, ...mentions: string[]) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof SettingsError, `expected a SettingsError, got ${String(error)}`);
    assert.equal(error.input, 'config-file');
    assert.match(error.message, /^Input 'config-file': /);
    assert.ok(error.message.includes(file), `message names the file: ${error.message}`);
    for (const mention of mentions) assert.ok(error.message.includes(mention), `message names ${mention}: ${error.message}`);
    return true;
  };
}

describe('syscall-ignore config', () => {
  it('loads the config the action ships, with names sorted and each once', async () => {
    const file = ignoreConfigPath('', repoRoot(), '/nonexistent-workspace');
    assert.equal(file, join(repoRoot(), DEFAULT_IGNORE_CONFIG));
    const config = await loadIgnoreConfig(file);
    assert.equal(config.file, file);
    // Every entry of the shipped file is a list item; the loaded list holds each of them once.
    const listed = (await readFile(file, 'utf8')).split('\n').filter((line) => /^\s*- /.test(line)).map((line) => line.replace(/^\s*- /, '').trim());
    assert.deepEqual(config.syscalls, [...new Set(listed)].sort());
    assert.ok(config.syscalls.includes('futex'));
    for (const kept of REQUIRED_SYSCALLS) assert.ok(!config.syscalls.includes(kept), `${kept} must be recorded`);
  });

  it('resolves config-file against the workspace, keeps an absolute path', () => {
    assert.equal(ignoreConfigPath('ci/ignore.yaml', '/action', '/ws'), '/ws/ci/ignore.yaml');
    assert.equal(ignoreConfigPath('/etc/ignore.yaml', '/action', '/ws'), '/etc/ignore.yaml');
  });

  it('sorts and dedupes the names', () => {
    const config = parseIgnoreConfig('ignore_syscalls: [nanosleep, futex, nanosleep, brk]\n', '/ws/i.yaml');
    assert.deepEqual(config.syscalls, ['brk', 'futex', 'nanosleep']);
  });

  it('refuses a syscall that does not exist, naming it, the file and the input', () => {
    assert.throws(() => parseIgnoreConfig('ignore_syscalls:\n  - futex\n  - futexx\n', '/ws/ignore.yaml'), configError('/ws/ignore.yaml', 'futexx', 'does not exist'));
  });

  it('refuses to ignore the process life cycle (execve, clone)', () => {
    assert.throws(() => parseIgnoreConfig('ignore_syscalls: [futex, execve]\n', '/ws/a.yaml'), configError('/ws/a.yaml', 'ignores execve', 'must keep'));
    assert.throws(() => parseIgnoreConfig('ignore_syscalls: [clone]\n', '/ws/b.yaml'), configError('/ws/b.yaml', 'ignores clone'));
  });

  it('refuses YAML that is not the config, names that are not names, and unknown keys', () => {
    assert.throws(() => parseIgnoreConfig('ignore_syscalls: [futex\n', '/ws/c.yaml'), configError('/ws/c.yaml', 'not valid YAML'));
    assert.throws(() => parseIgnoreConfig('ignore_syscalls: ["futex) or (1"]\n', '/ws/d.yaml'), configError('/ws/d.yaml', 'ignore_syscalls.0'));
    assert.throws(() => parseIgnoreConfig('ignore_syscalls: [futex]\nextra: 1\n', '/ws/e.yaml'), configError('/ws/e.yaml', 'not a syscall-ignore config'));
    assert.throws(() => parseIgnoreConfig('- futex\n', '/ws/f.yaml'), configError('/ws/f.yaml'));
  });

  it('says when the file does not exist', async () => {
    const missing = join(scratch, 'missing.yaml');
    await assert.rejects(loadIgnoreConfig(missing), configError(missing, 'does not exist'));
  });

  it('loads a file of the workspace', async () => {
    const file = join(scratch, 'ignore.yaml');
    await writeFile(file, 'ignore_syscalls:\n  - poll\n  - futex\n');
    assert.deepEqual(await loadIgnoreConfig(file), { file, syscalls: ['futex', 'poll'] });
  });
});

describe('capture filter', () => {
  it('is sysdig’s `not evt.type in (...)`, sorted and without duplicates', () => {
    assert.equal(captureFilter(['nanosleep', 'futex', 'nanosleep']), 'not evt.type in (futex, nanosleep)');
  });

  it('is empty when nothing is ignored (record every event)', () => {
    assert.equal(captureFilter([]), '');
  });
});
