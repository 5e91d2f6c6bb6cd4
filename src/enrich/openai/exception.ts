// Whether a Falco condition the model suggested as an exception may be shown: it must parse with our
// Falco condition parser (src/filter/parser.ts, the one `rules check` uses) and name only fields of our
// field table (src/filter/fields.ts) or of Falco's (src/filter/falco-fields.ts). Macro and list names
// are refused: nothing here defines them, so a suggestion using one could not be checked.
import { fieldsOfOperand, parseFilter, resolveField, walkExpr, FALCO_FIELD_NAMES, type Expr } from '../../filter/index.ts';

/** Longest suggested exception kept (characters); a longer one is refused, not cut. */
export const MAX_EXCEPTION_CHARS = 500;

function knownField(name: string, arg: string | undefined): boolean {
  if (FALCO_FIELD_NAMES.has(name)) return true;
  if ((name.startsWith('evt.arg.') || name.startsWith('evt.rawarg.')) && arg === undefined) return true;
  try {
    resolveField(name, arg);
    return true;
  } catch {
    return false;
  }
}

/** The condition, trimmed, when it is acceptable; undefined when refused. */
export function acceptedException(condition: string): string | undefined {
  const text = condition.trim();
  if (text === '' || Array.from(text).length > MAX_EXCEPTION_CHARS || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(text)) return undefined;
  let expr: Expr;
  try {
    expr = parseFilter(text);
  } catch {
    return undefined;
  }
  let ok = true;
  walkExpr(expr, (node) => {
    if (node.kind === 'macro-ref') ok = false;
    if (node.kind !== 'unary' && node.kind !== 'binary') return;
    const operands = [fieldsOfOperand(node.operand), node.kind === 'binary' && node.value.kind === 'transformer' ? fieldsOfOperand(node.value) : []].flat();
    if (!operands.every((field) => knownField(field.name, field.arg))) ok = false;
    if (node.kind === 'binary' && node.value.kind === 'list-ref') ok = false;
  });
  return ok ? text : undefined;
}
