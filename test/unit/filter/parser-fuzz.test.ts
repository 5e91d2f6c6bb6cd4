// Property tests of the parser: random text never crashes it (only FilterSyntaxError, with a position
// inside the input), and random trees print to text that parses back to the same tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseFilter, printFilter, FilterSyntaxError, type Expr } from '../../../src/filter/index.ts';

function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'pos').map(([key, inner]) => [key, strip(inner)]));
  }
  return value;
}

const TOKENS = ['proc.name', 'fd.name', 'evt.arg.flags', 'proc.aname[2]', 'and', 'or', 'not', '(', ')', '=', '!=', 'in', 'contains ',
  'startswith ', 'exists', '"q"', "'x\\'y'", ',', ' ', '\n', 'macro_a', '0x1f', '-12', '[', ']', 'glob ', 'pmatch', 'not(', '\\'];

test('random input: parse succeeds or throws FilterSyntaxError with a position inside the input', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ maxLength: 60 }), fc.array(fc.constantFrom(...TOKENS), { maxLength: 25 }).map((parts) => parts.join(''))), (input) => {
      try {
        parseFilter(input);
      } catch (error) {
        assert.ok(error instanceof FilterSyntaxError, `non-syntax error for ${JSON.stringify(input)}: ${String(error)}`);
        assert.ok(error.position.offset >= 0 && error.position.offset <= input.length);
        assert.ok(error.position.line >= 1 && error.position.col >= 1);
      }
    }),
    { numRuns: 3000 },
  );
});

const fieldName = fc.constantFrom('proc.name', 'fd.name', 'evt.type', 'proc.cmdline', 'user.name', 'evt.arg.flags');
// libsinsp cannot express a quoted value ending in a backslash (the closing quote would read as escaped).
const text = fc.string({ maxLength: 12 }).filter((value) => !value.endsWith('\\') && !value.includes('\0'));
const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((name) => !['and', 'or', 'not'].includes(name) && !name.startsWith('not'));
const scalar = text.map((value) => ({ kind: 'value' as const, value, quoted: true, pos: { offset: 0, line: 1, col: 1 } }));
const pos = { offset: 0, line: 1, col: 1 };

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  identifier.map((name): Expr => ({ kind: 'macro-ref', name, pos })),
  fc.record({ name: fieldName, op: fc.constantFrom('=', '!=', 'contains', 'startswith', 'endswith', 'glob', 'icontains'), value: scalar }).map(
    ({ name, op, value }): Expr => ({ kind: 'binary', operand: { kind: 'field', name, arg: undefined, pos }, op: op as 'contains', modifier: undefined, value, pos }),
  ),
  fc.record({ name: fieldName, op: fc.constantFrom('in', 'intersects', 'pmatch'), values: fc.array(scalar, { maxLength: 4 }) }).map(
    ({ name, op, values }): Expr => ({ kind: 'binary', operand: { kind: 'field', name, arg: undefined, pos }, op: op as 'in', modifier: undefined, value: { kind: 'list', values, pos }, pos }),
  ),
  fc.record({ index: fc.nat(9), value: scalar }).map(
    ({ index, value }): Expr => ({ kind: 'binary', operand: { kind: 'field', name: 'proc.aname', arg: String(index), pos }, op: '=', modifier: undefined, value, pos }),
  ),
  fieldName.map((name): Expr => ({ kind: 'unary', operand: { kind: 'field', name, arg: undefined, pos }, op: 'exists', pos })),
);

const tree = fc.letrec<{ expr: Expr }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('expr'), { minLength: 2, maxLength: 3 }).map((children): Expr => ({ kind: 'and', children, pos })),
    fc.array(tie('expr'), { minLength: 2, maxLength: 3 }).map((children): Expr => ({ kind: 'or', children, pos })),
    tie('expr').filter((child) => child.kind !== 'not').map((child): Expr => ({ kind: 'not', child, pos })),
  ),
})).expr;

/** and/or nest as the parser would flatten them: (a and b) and c prints with parentheses, so stays nested. */
test('printed trees parse back to the same tree', () => {
  fc.assert(
    fc.property(tree, (expr) => {
      const printed = printFilter(expr);
      assert.deepEqual(strip(parseFilter(printed)), strip(expr), printed);
    }),
    { numRuns: 1500 },
  );
});
