// Which event types a condition can match, as Falco computes a rule's evt.type set: a rule that can
// only match openat events need not see the others, and the reader can skip decoding them.
import type { Expr } from './ast.ts';

/** The evt.type names the (macro-expanded) condition can match; undefined when it can match any. */
export function eventTypesOf(expr: Expr): Set<string> | undefined {
  switch (expr.kind) {
    case 'binary': {
      if (expr.operand.kind !== 'field' || expr.operand.name !== 'evt.type' || expr.modifier !== undefined) return undefined;
      if ((expr.op === '=' || expr.op === '==') && expr.value.kind === 'value') return new Set([expr.value.value]);
      if ((expr.op === 'in' || expr.op === 'intersects') && expr.value.kind === 'list') return new Set(expr.value.values.map((item) => item.value));
      return undefined;
    }
    case 'and': {
      let result: Set<string> | undefined;
      for (const child of expr.children) {
        const types = eventTypesOf(child);
        if (types === undefined) continue;
        result = result === undefined ? types : new Set([...result].filter((type) => types.has(type)));
      }
      return result;
    }
    case 'or': {
      const result = new Set<string>();
      for (const child of expr.children) {
        const types = eventTypesOf(child);
        if (types === undefined) return undefined;
        for (const type of types) result.add(type);
      }
      return result;
    }
    default:
      // `not`, macro references (expand first), other fields: no restriction we can prove.
      return undefined;
  }
}
