import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { normalizePath, resolvePath } from '../../../src/scap/paths.ts';

describe('path resolution', () => {
  it('joins relative paths to the base directory and collapses . and ..', () => {
    assert.equal(resolvePath('/home/runner/work/', 'out.txt'), '/home/runner/work/out.txt');
    assert.equal(resolvePath('/home/runner/work', './a/../b//c.txt'), '/home/runner/work/b/c.txt');
    assert.equal(resolvePath('/home/runner/', '../../../../etc/shadow'), '/etc/shadow');
    assert.equal(resolvePath('/', '.'), '/');
  });

  it('ignores the base for absolute paths and normalizes them', () => {
    assert.equal(resolvePath('/tmp/', '/etc//passwd'), '/etc/passwd');
    assert.equal(resolvePath('/tmp/', '/a/b/../c/.'), '/a/c');
  });

  it('leaves a relative path alone when the directory is unknown', () => {
    assert.equal(resolvePath('', 'relative/file'), 'relative/file');
  });

  it('normalizes without touching clean paths', () => {
    assert.equal(normalizePath('/usr/bin/env'), '/usr/bin/env');
    assert.equal(normalizePath('/usr/bin/'), '/usr/bin');
    assert.equal(normalizePath('/..'), '/');
  });
});
