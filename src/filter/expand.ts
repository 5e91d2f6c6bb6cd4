// Expands macro references and list references of a condition into one self-contained tree, as Falco's
// rule compiler does; printed with printFilter it is the condition Falco (or sysdig) actually evaluates.
import type { CheckValue, Expr, ScalarValue } from './ast.ts';
import { FilterCompileError } from './evaluate.ts';

export interface ExpandOptions {
  macros?: ReadonlyMap<string, Expr>;
  lists?: ReadonlyMap<string, readonly string[]>;
}

export function expandCondition(expr: Expr, options: ExpandOptions, stack: string[] = []): Expr {
  switch (expr.kind) {
    case 'and':
    case 'or':
      return { ...expr, children: expr.children.map((child) => expandCondition(child, options, stack)) };
    case 'not':
      return { ...expr, child: expandCondition(expr.child, options, stack) };
    case 'macro-ref': {
      const macro = options.macros?.get(expr.name);
      if (macro === undefined) throw new FilterCompileError(`undefined macro '${expr.name}'`, expr.pos, expr.name);
      if (stack.includes(expr.name)) throw new FilterCompileError(`macro '${expr.name}' refers to itself`, expr.pos, expr.name);
      return expandCondition(macro, options, [...stack, expr.name]);
    }
    case 'unary':
      return expr;
    case 'binary':
      return { ...expr, value: expandValue(expr.value, options) };
  }
}

function expandValue(value: CheckValue, options: ExpandOptions): CheckValue {
  const items = (name: string, pos: ScalarValue['pos'], seen: Set<string>): ScalarValue[] => {
    if (seen.has(name)) throw new FilterCompileError(`list '${name}' refers to itself`, pos, name);
    const next = new Set(seen).add(name);
    return (options.lists?.get(name) ?? []).flatMap((item) =>
      options.lists?.has(item) === true ? items(item, pos, next) : [{ kind: 'value' as const, value: item, quoted: /[\s(),="']/.test(item) || item === '', pos }],
    );
  };
  if (value.kind === 'list-ref') {
    if (options.lists?.has(value.name) !== true) throw new FilterCompileError(`undefined list '${value.name}'`, value.pos, value.name);
    return { kind: 'list', values: items(value.name, value.pos, new Set()), pos: value.pos };
  }
  if (value.kind === 'list') {
    return {
      ...value,
      values: value.values.flatMap((item) => (!item.quoted && options.lists?.has(item.value) === true ? items(item.value, item.pos, new Set()) : [item])),
    };
  }
  return value;
}
