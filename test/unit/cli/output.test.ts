// The CLI's output guard and argument display: no line of what it writes reads as a workflow command to
// GitHub's runner, JSON stays the same JSON, and arguments are shown unambiguously.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { showArgument, WorkflowCommandGuard } from '../../../src/cli/output.ts';
import { fileProblem, systemErrorProblem } from '../../../src/cli/errors.ts';
import { workflowCommandLines as commandLines } from '../../support/workflow-command-lines.ts';


/** Text over the characters that matter, hostile by construction. */
const hostileText = fc.string({
  unit: fc.constantFrom(':', ':', '#', '#', '[', ']', ' ', '\t', '\n', '\r', '\u0085', '\u2028', '\u3000', 'a', 'w', '"', '\\', '\u202e'),
  maxLength: 40,
});

/** TEXT cut at CUTS (positions, any order) and passed through one guard chunk by chunk. */
function guardInChunks(text: string, cuts: number[]): string {
  const guard = new WorkflowCommandGuard();
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  let out = '';
  let from = 0;
  for (const point of [...points, text.length]) {
    out += guard.transform(text.slice(from, point));
    from = point;
  }
  return out;
}

describe('WorkflowCommandGuard', () => {
  it('leaves no workflow command line, however the text is split into writes', () => {
    fc.assert(
      fc.property(hostileText, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        assert.deepEqual(commandLines(guardInChunks(text, cuts)), []);
      }),
      { numRuns: 3000 },
    );
  });

  it('changes nothing in text that holds no command', () => {
    fc.assert(
      fc.property(hostileText, fc.array(fc.nat(), { maxLength: 6 }), (text, cuts) => {
        fc.pre(commandLines(text).length === 0 && !/(^|[\n\r\u2028\u2029])[\s\u0085\u200b\u180e\ufeff]*::/.test(text));
        assert.equal(guardInChunks(text, cuts), text);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps JSON the same JSON: escapes inside strings only', () => {
    fc.assert(
      fc.property(fc.array(fc.dictionary(hostileText, hostileText, { maxKeys: 3, noNullPrototype: true }), { maxLength: 3 }), fc.array(fc.nat(), { maxLength: 6 }), (value, cuts) => {
        for (const json of [JSON.stringify(value), JSON.stringify(value, null, 2)]) {
          const guarded = guardInChunks(json, cuts);
          assert.deepEqual(commandLines(guarded), []);
          assert.deepEqual(JSON.parse(guarded), value);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('breaks the commands a hostile process name would carry', () => {
    const guard = new WorkflowCommandGuard();
    assert.equal(guard.transform('x\n::warning::owned\n'), 'x\n:\\u003awarning::owned\n');
    assert.equal(guard.transform('"proc": "##[error]owned"'), '"proc": "##\\u005berror]owned"');
    // Split across two writes: the second write completes the line's leading `::`.
    assert.equal(guard.transform('\n  :'), '\n  :');
    assert.equal(guard.transform(':set-output'), '\\u003aset-output');
  });
});

describe('showArgument', () => {
  it('shows plain arguments as they are and quotes the rest as JSON', () => {
    assert.equal(showArgument('/tmp/job.scap'), '/tmp/job.scap');
    assert.equal(showArgument('--format=json'), '--format=json');
    assert.equal(showArgument('a b'), '"a b"');
    assert.equal(showArgument(''), '""');
    assert.equal(showArgument('a\n::warning'), '"a\\n::warning"');
    assert.equal(showArgument('evil\u202etxt.exe'), '"evil\\u202etxt.exe"');
  });

  it('shows different argument lists differently', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }), (a, b) => {
        fc.pre(JSON.stringify(a) !== JSON.stringify(b));
        assert.notEqual(a.map(showArgument).join(' '), b.map(showArgument).join(' '));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('file problems', () => {
  const systemError = (code: string, message: string, syscall: string, path?: string): NodeJS.ErrnoException =>
    Object.assign(new Error(message), { code, syscall, ...(path === undefined ? {} : { path }) });

  it('are words, never errno codes', () => {
    assert.equal(fileProblem('read', 'a b.json', systemError('ENOENT', "ENOENT: no such file or directory, open 'a b.json'", 'open', 'a b.json')), 'cannot read "a b.json": no such file');
    assert.equal(systemErrorProblem(systemError('EISDIR', 'EISDIR: illegal operation on a directory, read', 'read', '/tmp')), 'cannot read /tmp: is a directory');
    assert.equal(systemErrorProblem(systemError('EACCES', "EACCES: permission denied, open '/x'", 'open', '/x')), 'cannot open /x: permission denied');
    // A code outside the table: Node's own description, without the code.
    const other = systemErrorProblem(systemError('ESPIPE', "ESPIPE: invalid seek, read '/p'", 'read', '/p'));
    assert.equal(other, 'cannot read /p: invalid seek');
    assert.doesNotMatch(other, /E[A-Z]{3,}/);
  });
});
