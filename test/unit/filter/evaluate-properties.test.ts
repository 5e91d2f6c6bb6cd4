// Property tests of the evaluator on generated conditions and events: compiling never fails with
// anything but a FilterCompileError, boolean structure means what it says, `in` is a disjunction of
// `=`, and printing a parsed condition does not change what it matches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileFilter, FilterCompileError, parseFilter, printFilter } from '../../../src/filter/index.ts';
import type { FdState, ScapEvent } from '../../../src/scap/model.ts';
import { allThreads, event, thread } from './events.ts';

const names = ['bash', 'curl', 'python3', 'Runner.Worker', 'systemd', 'cat'];
const paths = ['/etc/passwd', '/home/runner/work/r/r/.git/config', '/proc/100/mem', '/tmp/x y', '/var/lib/docker/a'];

const scapEvent: fc.Arbitrary<ScapEvent> = fc
  .record({
    comm: fc.constantFrom(...names),
    parent: fc.constantFrom(1, 100, 200, 300, 999),
    path: fc.option(fc.constantFrom(...paths), { nil: undefined }),
    flags: fc.constantFrom(1, 2, 3, 4097, 0),
    res: fc.constantFrom(3, -2, -13),
    socket: fc.boolean(),
  })
  .map(({ comm, parent, path, flags, res, socket }) => {
    const self = thread({ tid: 4242, comm, ptid: parent, args: ['-x', 'y z'] });
    let fd: FdState | undefined;
    if (socket) {
      fd = { num: 5, kind: 'ipv4', typechar: '4', name: '10.0.0.1:1000->1.2.3.4:443', l4proto: 'tcp', client: { ip: '10.0.0.1', port: 1000 }, server: { ip: '1.2.3.4', port: 443 }, role: 'client' };
      return event({ symbol: 'SOCKET_CONNECT_X', thread: self, table: allThreads, fd, params: { res: res > 0 ? 0 : res, fd: 5 } });
    }
    if (path !== undefined && res > 0) fd = { num: res, kind: 'file', typechar: 'f', name: path, openFlags: flags };
    return event({ symbol: 'SYSCALL_OPENAT_2_X', thread: self, table: allThreads, fd, params: { fd: res, dirfd: -100, name: path ?? null, flags } });
  });

const stringField = fc.constantFrom('proc.name', 'proc.pname', 'fd.name', 'fd.directory', 'fd.filename', 'proc.aname[2]', 'proc.cmdline', 'evt.type', 'evt.res', 'fd.typechar', 'evt.arg.flags', 'fd.l4proto', 'user.name');
// Printable text with the characters that matter to quoting and globbing. A quoted value cannot end in a
// backslash in libsinsp's grammar (the closing quote would read as escaped), so none does here.
const value = fc.oneof(
  fc.constantFrom(...names, ...paths, 'openat', 'SUCCESS', 'ENOENT', '4', 'f', 'tcp', 'O_RDONLY', '/', 'r'),
  fc.string({ unit: fc.constantFrom(...'ab/ .-_*?[]!\\"\''.split('')), maxLength: 6 }).filter((text) => !text.endsWith('\\')),
);
const quoted = (text: string) => JSON.stringify(text);

const check: fc.Arbitrary<string> = fc.oneof(
  fc.tuple(stringField, fc.constantFrom('=', '!=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob'), value).map(([field, op, text]) => `${field} ${op} ${quoted(text)}`),
  fc.tuple(stringField, fc.array(value, { minLength: 1, maxLength: 3 })).map(([field, values]) => `${field} in (${values.map(quoted).join(', ')})`),
  fc.tuple(fc.constantFrom('fd.num', 'evt.rawres', 'proc.ppid', 'fd.sport', 'user.uid'), fc.constantFrom('=', '!=', '<', '<=', '>', '>='), fc.integer({ min: -20, max: 500 })).map(([field, op, number]) => `${field} ${op} ${number}`),
  fc.constantFrom('fd.name exists', 'fd.sip exists', 'evt.is_open_read = true', 'evt.is_open_write = false', 'fd.snet = "1.2.0.0/16"', 'proc.aname = Runner.Worker', 'fd.name pmatch (/etc, /proc)'),
);

const condition: fc.Arbitrary<string> = fc.letrec<{ c: string }>((tie) => ({
  c: fc.oneof(
    { depthSize: 'small' },
    check,
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => `(${a}) and (${b})`),
    fc.tuple(tie('c'), tie('c')).map(([a, b]) => `(${a}) or (${b})`),
    tie('c').map((a) => `not (${a})`),
  ),
})).c;

test('compiling a generated condition succeeds (the checks above are all evaluable)', () => {
  fc.assert(
    fc.property(condition, (text) => {
      try {
        compileFilter(text);
      } catch (error) {
        assert.fail(`${text}: ${error instanceof FilterCompileError ? error.message : String(error)}`);
      }
    }),
    { numRuns: 500 },
  );
});

test('not, and, or mean what they say; printing does not change a condition', () => {
  fc.assert(
    fc.property(condition, condition, scapEvent, (a, b, ev) => {
      const A = compileFilter(a)(ev);
      const B = compileFilter(b)(ev);
      assert.equal(compileFilter(`not (${a})`)(ev), !A);
      assert.equal(compileFilter(`(${a}) and (${b})`)(ev), A && B);
      assert.equal(compileFilter(`(${a}) or (${b})`)(ev), A || B);
      assert.equal(compileFilter(printFilter(parseFilter(a)))(ev), A);
    }),
    { numRuns: 400 },
  );
});

test('`in` is a disjunction of `=`; a check on a missing value is false for every operator', () => {
  fc.assert(
    fc.property(stringField, fc.array(value, { minLength: 1, maxLength: 4 }), scapEvent, (field, values, ev) => {
      const inList = compileFilter(`${field} in (${values.map(quoted).join(', ')})`)(ev);
      const disjunction = compileFilter(values.map((text) => `${field} = ${quoted(text)}`).join(' or '))(ev);
      assert.equal(inList, disjunction);
      if (!compileFilter(`${field} exists`)(ev)) {
        for (const op of ['=', '!=', 'contains', 'startswith', 'glob']) assert.equal(compileFilter(`${field} ${op} ${quoted(values[0] as string)}`)(ev), false);
      }
    }),
    { numRuns: 400 },
  );
});

test('malformed and hostile conditions fail with syntax or compile errors only', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 80 }), (text) => {
      try {
        compileFilter(text);
      } catch (error) {
        assert.ok(error instanceof Error && ['FilterSyntaxError', 'FilterCompileError'].includes(error.name), `${JSON.stringify(text)}: ${String(error)}`);
      }
    }),
    { numRuns: 2000 },
  );
});
