// The `regex` operator: RE2 in POSIX mode, whole-value match, linear time (src/filter/regex.ts).
// test/integration/falco-replay/regex.test.ts checks the same patterns against the real Falco.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter, FilterCompileError } from '../../../src/filter/index.ts';
import { compileFalcoRegex, RegexSyntaxError } from '../../../src/filter/regex.ts';
import { allThreads, event, tree } from './events.ts';

test('a pattern that backtracks exponentially in JavaScript runs in linear time', () => {
  const nested = compileFalcoRegex('(a+)+$');
  // A backtracking engine needs about 2^n steps here; n = 100000 only finishes in linear time.
  assert.equal(nested(`${'a'.repeat(33)}!`), false);
  assert.equal(nested(`${'a'.repeat(100_000)}!`), false);
  assert.equal(nested('a'.repeat(100_000)), true);
  assert.equal(compileFalcoRegex('(a|aa)*b')(`${'a'.repeat(100_000)}`), false);
});

test('the whole value must match (RE2 ANCHOR_BOTH), as libsinsp compares', () => {
  assert.equal(compileFalcoRegex('url')('curl'), false);
  assert.equal(compileFalcoRegex('.url')('curl'), true);
  assert.equal(compileFalcoRegex('curl|wget')('wget'), true);
  assert.equal(compileFalcoRegex('c')('cc'), false);
});

test('POSIX syntax as Falco compiles it (re2::RE2::POSIX): classes yes, Perl extensions no', () => {
  assert.equal(compileFalcoRegex('[[:alpha:]]+')('curl'), true);
  assert.equal(compileFalcoRegex('[[:alpha:]]+')('curl2'), false);
  assert.equal(compileFalcoRegex('[[:digit:]]{2,3}')('123'), true);
  // Repetitions stack in POSIX mode: cu+?rl is c(u+)?rl, which also matches crl.
  assert.equal(compileFalcoRegex('cu+?rl')('crl'), true);
  assert.equal(compileFalcoRegex('a**')('aaa'), true);
  // No one-line mode: ^ and $ also match at line breaks; . does not match a newline.
  assert.equal(compileFalcoRegex('a$\nb')('a\nb'), true);
  assert.equal(compileFalcoRegex('a.b')('a\nb'), false);
  for (const [pattern, reason] of [
    ['(?i)CURL', 'missing argument to repetition operator: ?'],
    ['(?=c)curl', 'missing argument to repetition operator: ?'],
    ['c(?:u)rl', 'missing argument to repetition operator: ?'],
    ['\\d+', 'invalid escape sequence: \\d'],
    ['\\bcurl', 'invalid escape sequence: \\b'],
    ['\\pL', 'invalid escape sequence: \\p'],
    ['[[:foo:]]', 'invalid character class range: [:foo:]'],
    ['(a', 'missing closing ): (a'],
    ['x{1001}', 'invalid repeat count: {1001}'],
  ] as const) {
    assert.throws(() => compileFalcoRegex(pattern), (error: unknown) => {
      assert.ok(error instanceof RegexSyntaxError, pattern);
      assert.equal(error.reason, reason);
      assert.equal(error.message, `invalid regex pattern ${JSON.stringify(pattern)}: ${reason}`);
      return true;
    });
  }
});

test('a condition with a refused pattern is a compile error naming the pattern', () => {
  assert.throws(() => compileFilter("proc.name regex '(?=c)curl'"), (error: unknown) => {
    assert.ok(error instanceof FilterCompileError);
    assert.equal(error.subject, '(?=c)curl');
    assert.match(error.message, /^invalid regex pattern "\(\?=c\)curl": missing argument to repetition operator: \? at 1:/);
    return true;
  });
});

test('regex in a condition matches proc.args in linear time', () => {
  const spawned = event({ symbol: 'SYSCALL_EXECVE_19_X', thread: { ...tree.curl, args: [`${'a'.repeat(33)}!`] }, table: allThreads, params: {} });
  assert.equal(compileFilter("proc.args regex '(a+)+$'")(spawned), false);
  assert.equal(compileFilter("proc.args regex '(a+)+!'")(spawned), true);
  assert.equal(compileFilter("proc.name regex '[[:alpha:]]+'")(spawned), true);
});
