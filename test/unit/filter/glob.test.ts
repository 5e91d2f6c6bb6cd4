// glob/iglob as fnmatch(3) without flags (libsinsp's glob_match), run on RE2: a pattern with many stars
// against a long value that almost matches decides at once (a backtracking engine would not return).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compilePathPrefixes, globToRegExp } from '../../../src/filter/glob.ts';

test('glob: fnmatch semantics, whole value, * and ? cross /, brackets, classes, escapes', () => {
  assert.equal(globToRegExp('/etc/*').test('/etc/passwd'), true);
  assert.equal(globToRegExp('*wd').test('/etc/passwd'), true);
  assert.equal(globToRegExp('/e?c/[a-p]asswd').test('/etc/passwd'), true);
  assert.equal(globToRegExp('/e?c/[!a-p]asswd').test('/etc/passwd'), false);
  assert.equal(globToRegExp('[[:digit:]]*').test('7up'), true);
  assert.equal(globToRegExp('a\\*b').test('a*b'), true);
  assert.equal(globToRegExp('a\\*b').test('axb'), false);
  assert.equal(globToRegExp('x[').test('x['), true, 'an unterminated [ is an ordinary character');
  assert.equal(globToRegExp('line*').test('line1\nline2'), true, '* crosses newlines too');
  assert.equal(globToRegExp('CURL*').test('curl -s'), false);
  assert.equal(globToRegExp('CURL*', true).test('curl -s'), true);
});

test('glob: a pattern of many stars against a long near-miss value decides (linear time, no backtracking)', () => {
  const value = 'a'.repeat(100_000);
  assert.equal(globToRegExp('*a*a*a*a*a*a*a*a*a*a*b').test(value), false);
  assert.equal(globToRegExp('*a*a*a*a*a*a*a*a*a*a*').test(value), true);
  const prefixes = compilePathPrefixes(['/home/*a*a*a*a*a*a*a*b']);
  assert.equal(prefixes(`/home/${value}/x`), false);
});
