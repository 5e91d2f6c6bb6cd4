// Prints a filter tree back as condition text that parses to the same tree (used to show expanded
// conditions and by the parser's round-trip tests). Strings are quoted whenever bare text would not
// read back the same.
import type { CheckValue, Expr, Operand, ScalarValue, TransformerArg } from './ast.ts';

const BARE_SAFE = /^[^()"'\s=,\\]+$/;

export function quoteValue(value: string): string {
  if (value.length > 0 && BARE_SAFE.test(value) && !/^(and|or|not)$/.test(value)) return value;
  let escaped = '';
  for (const char of value) {
    switch (char) {
      case '\\': escaped += '\\\\'; break;
      case '"': escaped += '\\"'; break;
      case '\n': escaped += '\\n'; break;
      case '\r': escaped += '\\r'; break;
      case '\t': escaped += '\\t'; break;
      case '\b': escaped += '\\b'; break;
      case '\f': escaped += '\\f'; break;
      default: escaped += char;
    }
  }
  return `"${escaped}"`;
}

function scalar(value: ScalarValue): string {
  return value.quoted ? quoteValue(value.value).replace(/^([^"].*)$/, '"$1"') : value.value;
}

function transformerArg(arg: TransformerArg): string {
  if (arg.kind === 'value') return scalar(arg);
  if (arg.kind === 'transformer-list') return `(${arg.items.map(transformerArg).join(', ')})`;
  return operand(arg);
}

function operand(ref: Operand): string {
  const arg = ref.arg === undefined ? '' : `[${ref.arg.includes(']') || /[\s"']/.test(ref.arg) ? quoteValue(ref.arg) : ref.arg}]`;
  if (ref.kind === 'field') return `${ref.name}${arg}`;
  return `${ref.name}(${ref.args.map(transformerArg).join(', ')})${arg}`;
}

function value(value: CheckValue): string {
  switch (value.kind) {
    case 'value': return scalar(value);
    case 'list': return `(${value.values.map(scalar).join(', ')})`;
    case 'list-ref': return value.name;
    case 'transformer': return operand(value);
  }
}

export function printFilter(expr: Expr): string {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return expr.children.map((child) => `(${printFilter(child)})`).join(` ${expr.kind} `);
    case 'not':
      return `not (${printFilter(expr.child)})`;
    case 'macro-ref':
      return expr.name;
    case 'unary':
      return `${operand(expr.operand)} exists`;
    case 'binary':
      return `${operand(expr.operand)} ${expr.op}${expr.modifier === undefined ? '' : ` ${expr.modifier}`} ${value(expr.value)}`;
  }
}
