// Which event types a condition can match, as Falco computes a rule's evt.type set: a rule that can
// only match openat events need not see the others, and the reader can skip decoding them.
import type { CheckValue, Expr } from './ast.ts';
import type { ExpandOptions } from './expand.ts';

/**
 * The evt.type names the condition can match; undefined when it can match any. Macros and lists are
 * looked through (each macro's answer computed once, so a macro DAG costs its size, not its paths).
 */
export function eventTypesOf(expr: Expr, options: ExpandOptions = {}, memo = new Map<string, Set<string> | undefined>()): Set<string> | undefined {
  switch (expr.kind) {
    case 'binary': {
      if (expr.operand.kind !== 'field' || expr.operand.name !== 'evt.type' || expr.modifier !== undefined) return undefined;
      if ((expr.op === '=' || expr.op === '==') && expr.value.kind === 'value') return new Set([expr.value.value]);
      if (expr.op === 'in' || expr.op === 'intersects') return listNames(expr.value, options);
      return undefined;
    }
    case 'and': {
      let result: Set<string> | undefined;
      for (const child of expr.children) {
        const types = eventTypesOf(child, options, memo);
        if (types === undefined) continue;
        result = result === undefined ? new Set(types) : new Set([...result].filter((type) => types.has(type)));
      }
      return result;
    }
    case 'or': {
      const result = new Set<string>();
      for (const child of expr.children) {
        const types = eventTypesOf(child, options, memo);
        if (types === undefined) return undefined;
        for (const type of types) result.add(type);
      }
      return result;
    }
    case 'macro-ref': {
      if (memo.has(expr.name)) return memo.get(expr.name);
      const macro = options.macros?.get(expr.name);
      memo.set(expr.name, undefined); // a cycle (refused when compiling) restricts nothing
      const types = macro === undefined ? undefined : eventTypesOf(macro, options, memo);
      memo.set(expr.name, types);
      return types;
    }
    default:
      // `not`, other fields: no restriction we can prove.
      return undefined;
  }
}

/** The names in `evt.type in (...)`, list references expanded as Falco expands them. */
function listNames(value: CheckValue, options: ExpandOptions): Set<string> | undefined {
  const lists = options.lists;
  const names = new Set<string>();
  const add = (name: string, seen: Set<string>): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const item of lists?.get(name) ?? []) {
      if (lists?.has(item) === true) add(item, seen);
      else names.add(item);
    }
  };
  if (value.kind === 'list-ref') add(value.name, new Set());
  else if (value.kind === 'list') {
    const seen = new Set<string>();
    for (const item of value.values) {
      if (!item.quoted && lists?.has(item.value) === true) add(item.value, seen);
      else names.add(item.value);
    }
  } else return undefined;
  return names;
}
