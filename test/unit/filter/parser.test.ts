import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFilter, FilterSyntaxError, type Expr } from '../../../src/filter/index.ts';

/** The tree without positions, as a compact S-expression, so expectations stay readable. */
function show(expr: Expr): string {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return `(${expr.kind} ${expr.children.map(show).join(' ')})`;
    case 'not':
      return `(not ${show(expr.child)})`;
    case 'macro-ref':
      return `@${expr.name}`;
    case 'unary':
      return `(${expr.op} ${operand(expr.operand)})`;
    case 'binary': {
      const value = expr.value;
      const right =
        value.kind === 'value' ? JSON.stringify(value.value)
        : value.kind === 'list' ? `[${value.values.map((item) => JSON.stringify(item.value)).join(',')}]`
        : value.kind === 'list-ref' ? `@${value.name}`
        : `${value.name}(...)`;
      return `(${expr.op}${expr.modifier ? ` ${expr.modifier}` : ''} ${operand(expr.operand)} ${right})`;
    }
  }
}
function operand(ref: Extract<Expr, { kind: 'unary' }>['operand']): string {
  if (ref.kind === 'field') return ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
  return `${ref.name}(${ref.args.map((arg) => (arg.kind === 'field' ? arg.name : '?')).join(',')})`;
}
const p = (text: string) => show(parseFilter(text));

test('precedence: not binds tighter than and, and tighter than or', () => {
  assert.equal(p('a or b and not c'), '(or @a (and @b (not @c)))');
  assert.equal(p('not a and b'), '(and (not @a) @b)');
  assert.equal(p('(a or b) and c'), '(and (or @a @b) @c)');
  assert.equal(p('a and b and c or d'), '(or (and @a @b @c) @d)');
  assert.equal(p('not not a'), '@a');
  assert.equal(p('not(a or b)'), '(not (or @a @b))');
  assert.equal(p('a and(b or c)'), '(and @a (or @b @c))');
  assert.equal(p('a or(b)'), '(or @a @b)');
});

test('operators and values', () => {
  assert.equal(p('proc.name=cat'), '(= proc.name "cat")');
  assert.equal(p('proc.name == "c d"'), '(== proc.name "c d")');
  assert.equal(p("fd.name != '/etc/passwd'"), '(!= fd.name "/etc/passwd")');
  assert.equal(p('fd.num>=3'), '(>= fd.num "3")');
  assert.equal(p('fd.num < 0x10'), '(< fd.num "0x10")');
  for (const op of ['contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'regex']) {
    assert.equal(p(`fd.name ${op} /etc`), `(${op} fd.name "/etc")`);
  }
  assert.equal(p('fd.name exists'), '(exists fd.name)');
  assert.equal(p('proc.name in (a, b, "c d")'), '(in proc.name ["a","b","c d"])');
  assert.equal(p('proc.name in(a,b)'), '(in proc.name ["a","b"])');
  assert.equal(p('proc.name in ()'), '(in proc.name [])');
  assert.equal(p('proc.name in shell_binaries'), '(in proc.name @shell_binaries)');
  assert.equal(p('proc.name intersects (a)'), '(intersects proc.name ["a"])');
  assert.equal(p('fd.name pmatch (/etc, /usr)'), '(pmatch fd.name ["/etc","/usr"])');
  assert.equal(p('proc.name startswith oneof (a, b)'), '(startswith oneof proc.name ["a","b"])');
});

test('field arguments', () => {
  assert.equal(p('proc.aname[2]=bash'), '(= proc.aname[2] "bash")');
  assert.equal(p('evt.arg.flags contains O_WRONLY'), '(contains evt.arg.flags "O_WRONLY")');
  assert.equal(p('evt.arg[0] = 3'), '(= evt.arg[0] "3")');
  assert.equal(p('proc.env["HOME"] = /root'), '(= proc.env[HOME] "/root")');
  assert.equal(p('tolower(proc.name) = bash'), '(= tolower(proc.name) "bash")');
});

test('quoted strings: escapes as libsinsp unescapes them', () => {
  const value = (text: string) => {
    const expr = parseFilter(text);
    assert.ok(expr.kind === 'binary' && expr.value.kind === 'value');
    return expr.value.value;
  };
  assert.equal(value('fd.name = "a\\"b"'), 'a"b');
  assert.equal(value("fd.name = 'a\\'b'"), "a'b");
  assert.equal(value('fd.name = "tab\\there"'), 'tab\there');
  assert.equal(value('fd.name = "\\x41"'), 'A');
  assert.equal(value('fd.name = "a b (c)"'), 'a b (c)');
  assert.throws(() => parseFilter('fd.name = "\\q"'), /unsupported string escape sequence: \\q/);
  assert.throws(() => parseFilter("fd.name = \"\\'\""), /invalid \\' escape/);
});

test('errors carry position and what was expected', () => {
  const error = (text: string): FilterSyntaxError => {
    try {
      parseFilter(text);
    } catch (caught) {
      assert.ok(caught instanceof FilterSyntaxError, String(caught));
      return caught;
    }
    assert.fail(`'${text}' parsed`);
  };
  let e = error('proc.name = cat and');
  assert.match(e.message, /expected blank or '\(' after 'and'/);
  assert.deepEqual(e.position, { offset: 19, line: 1, col: 20 });
  e = error('proc.name bogus x');
  assert.match(e.expected, /expected a valid check operator/);
  assert.equal(e.position.col, 11);
  e = error('proc.name in (a, b');
  assert.match(e.expected, /expected a ',' or a '\)' token/);
  e = error('a and\n  (b or c');
  assert.match(e.expected, /expected a '\)' token/);
  assert.equal(e.position.line, 2);
  e = error('proc.name = cat x');
  assert.match(e.expected, /unexpected token after 'cat', expecting 'or', 'and'/);
  e = error('');
  assert.match(e.expected, /empty/);
  e = error('fd.name contains');
  assert.match(e.expected, /check operator/);
  e = error('proc.aname[2 = x');
  assert.match(e.expected, /expected a '\]' token/);
  e = error('fd.num > abc');
  assert.match(e.expected, /expected a number value/);
  e = error('= x');
  assert.match(e.expected, /expected a '\(' token, a field check, or an identifier/);
});

test('nesting is capped like libsinsp (depth 100)', () => {
  assert.throws(() => parseFilter(`${'('.repeat(200)}a${')'.repeat(200)}`), /max depth/);
  assert.equal(p(`${'('.repeat(10)}a${')'.repeat(10)}`), '@a');
});
