// Compiles a filter AST to a predicate over ScapEvents, with libsinsp's semantics:
// - a check on a field the event has no value for is false, whatever the operator (`!=` included);
//   `not` then makes it true, as in libsinsp;
// - operators are checked against the field's type when compiling (e.g. `contains` on a number or
//   `bcontains` on a string is refused, as libsinsp's flt_is_comparable does);
// - `in`/`intersects` are set membership, `pmatch` is path-prefix matching, glob/iglob are fnmatch(3),
//   `regex` is RE2 in POSIX mode matching the whole value (regex.ts), icontains folds ASCII case only (strcasestr);
// - macros and lists are expanded when compiling; an undefined one, or a field we cannot evaluate, is
//   a FilterCompileError naming it and its position - never a silent false.
import ipaddr from 'ipaddr.js';
import type { CheckValue, Expr, FieldRef, Operand, Position, TransformerRef } from './ast.ts';
import {
  ANY_ANCESTOR_FIELDS,
  ancestors,
  bothEnds,
  EMPTY_CONTEXT,
  resolveField,
  UnknownFieldError,
  type EvalContext,
  type FieldType,
  type FieldValue,
} from './fields.ts';
import { compilePathPrefixes, globToRegExp } from './glob.ts';
import { compileFalcoRegex, RegexSyntaxError } from './regex.ts';
import { parseFilter } from './parser.ts';
import type { ScapEvent } from '../scap/model.ts';

export type FilterPredicate = (event: ScapEvent, context?: EvalContext) => boolean;

export class FilterCompileError extends Error {
  constructor(
    message: string,
    readonly position: Position | undefined,
    /** The field, macro or list the error is about, when it is about one. */
    readonly subject?: string,
    /** The macros being expanded when the error was found, outermost first (position is in the last one). */
    readonly macroPath: string[] = [],
    /** Set when the error is a field name missing from our table: that name. */
    readonly unsupportedField?: string,
  ) {
    super(position === undefined ? message : `${message} at ${position.line}:${position.col} (offset ${position.offset})`);
    this.name = 'FilterCompileError';
  }

  /** Set when the error is a macro or list no one defined: which. */
  undefinedName: { kind: 'macro' | 'list'; name: string } | undefined;
}

function undefinedNameError(kind: 'macro' | 'list', name: string, pos: Position): FilterCompileError {
  const error = new FilterCompileError(`undefined ${kind} '${name}'`, pos, name);
  error.undefinedName = { kind, name };
  return error;
}

export interface CompileOptions {
  /** Macro conditions by name (already parsed). */
  macros?: ReadonlyMap<string, Expr>;
  /** List items by name (list references inside items are expanded here too). */
  lists?: ReadonlyMap<string, readonly string[]>;
}

type Extract = (event: ScapEvent, context: EvalContext) => FieldValue | undefined;
type Matcher = (value: FieldValue) => boolean;

interface TypedOperand {
  type: FieldType;
  extract: Extract;
  /** Set for proc.aname/proc.apid/proc.aexepath without index: any ancestor may match. */
  anyAncestor?: (thread: import('../scap/model.ts').ThreadState) => FieldValue | undefined;
  /** Set for fd.net: either end may match. */
  eitherEnd?: boolean;
  label: string;
}

const OPERATORS_BY_TYPE: Record<FieldType, ReadonlySet<string>> = {
  string: new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob', 'in', 'intersects', 'pmatch', 'regex', 'exists']),
  int: new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']),
  uint: new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']),
  port: new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'in', 'intersects', 'exists']),
  bool: new Set(['=', '==', '!=', 'in', 'intersects', 'exists']),
  ipaddr: new Set(['=', '==', '!=', 'in', 'intersects', 'exists']),
  ipnet: new Set(['=', '==', '!=', 'in', 'intersects', 'exists']),
  bytes: new Set(['=', '==', '!=', 'contains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'in', 'intersects', 'exists']),
  dynamic: new Set(['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'startswith', 'endswith', 'glob', 'iglob', 'in', 'intersects', 'pmatch', 'regex', 'exists']),
};

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (char) => char.toLowerCase());
}

function parseInteger(text: string): bigint | undefined {
  const trimmed = text.trim();
  if (/^[+-]?[0-9]+$/.test(trimmed)) return BigInt(trimmed);
  if (/^0[xX][0-9a-fA-F]+$/.test(trimmed)) return BigInt(trimmed);
  return undefined;
}

function parseIp(text: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  try {
    const parsed = ipaddr.parse(text);
    return parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress() ? (parsed as ipaddr.IPv6).toIPv4Address() : parsed;
  } catch {
    return undefined;
  }
}

function sameIp(a: ipaddr.IPv4 | ipaddr.IPv6, b: ipaddr.IPv4 | ipaddr.IPv6): boolean {
  return a.kind() === b.kind() && a.toNormalizedString() === b.toNormalizedString();
}

type Compiled = (event: ScapEvent, context: EvalContext) => boolean;

/**
 * How deep macros may refer to macros (a rule's macro, its macros' macros, ...). Falco's default rules
 * nest a few levels; a chain deeper than this is refused with an error naming the macro, rather than
 * running out of stack.
 */
export const MAX_MACRO_DEPTH = 64;

/** What a compiler built: each count bounds the work and memory a rule set costs. */
export interface CompileStats {
  /** Condition nodes compiled (and/or/not/checks), each macro's counted once however often it is used. */
  nodes: number;
  /** Macros compiled (each once). */
  macros: number;
  /** List values expanded (each list once). */
  listValues: number;
}

class Compiler {
  private readonly expanding: string[] = [];
  /** Each macro compiled once and shared by every condition that uses it: a DAG, not copies. */
  private readonly macroCache = new Map<string, Compiled>();
  /** Each list's values (its list references expanded), computed once. */
  private readonly listCache = new Map<string, readonly string[]>();
  /** Bumped for every evaluation of a top-level condition: a macro's answer is kept for the rest of it. */
  readonly evaluation = { generation: 0 };
  readonly stats: CompileStats = { nodes: 0, macros: 0, listValues: 0 };
  constructor(private readonly options: CompileOptions) {}

  compile(expr: Expr): Compiled {
    this.stats.nodes++;
    switch (expr.kind) {
      case 'and': {
        const children = expr.children.map((child) => this.compile(child));
        return (event, context) => children.every((child) => child(event, context));
      }
      case 'or': {
        const children = expr.children.map((child) => this.compile(child));
        return (event, context) => children.some((child) => child(event, context));
      }
      case 'not': {
        const child = this.compile(expr.child);
        return (event, context) => !child(event, context);
      }
      case 'macro-ref':
        return this.compileMacro(expr.name, expr.pos);
      case 'unary': {
        const operand = this.operand(expr.operand);
        return this.withValue(operand, () => true);
      }
      case 'binary': {
        if (expr.modifier !== undefined) {
          throw new FilterCompileError(`operator modifier '${expr.modifier}' is not supported by our evaluator`, expr.pos, expr.modifier);
        }
        const operand = this.operand(expr.operand);
        const op = expr.op === '==' ? '=' : expr.op;
        if (!OPERATORS_BY_TYPE[operand.type].has(op)) {
          throw new FilterCompileError(`operator '${expr.op}' is not supported on ${operand.type} field ${operand.label}`, expr.pos, operand.label);
        }
        if (expr.value.kind === 'transformer') {
          return this.compileFieldComparison(operand, op, expr.value, expr.pos);
        }
        const matcher = this.matcher(operand, op, expr.value, expr.pos);
        return this.withValue(operand, matcher);
      }
    }
  }

  private compileMacro(name: string, pos: Position): Compiled {
    const cached = this.macroCache.get(name);
    if (cached !== undefined) return cached;
    const macro = this.options.macros?.get(name);
    if (macro === undefined) {
      throw undefinedNameError('macro', name, pos);
    }
    if (this.expanding.includes(name)) {
      throw new FilterCompileError(`macro '${name}' refers to itself (${[...this.expanding, name].join(' -> ')})`, pos, name);
    }
    if (this.expanding.length >= MAX_MACRO_DEPTH) {
      throw new FilterCompileError(`macro '${name}' is nested more than ${MAX_MACRO_DEPTH} macros deep (macros refer to macros too deeply)`, pos, name);
    }
    this.expanding.push(name);
    let inner: Compiled;
    try {
      inner = this.compile(macro);
    } catch (error) {
      if (error instanceof FilterCompileError) error.macroPath.unshift(name);
      throw error;
    } finally {
      this.expanding.pop();
    }
    this.stats.macros++;
    // A macro used twice in one condition (or by a macro used twice) is evaluated once per event.
    const evaluation = this.evaluation;
    let answeredIn = -1;
    let answer = false;
    const shared: Compiled = (event, context) => {
      if (answeredIn !== evaluation.generation) {
        answer = inner(event, context);
        answeredIn = evaluation.generation;
      }
      return answer;
    };
    this.macroCache.set(name, shared);
    return shared;
  }

  private withValue(operand: TypedOperand, matcher: Matcher): (event: ScapEvent, context: EvalContext) => boolean {
    if (operand.anyAncestor !== undefined) {
      const read = operand.anyAncestor;
      return (event) =>
        ancestors(event).some((thread) => {
          const value = read(thread);
          return value !== undefined && matcher(value);
        });
    }
    if (operand.eitherEnd === true) {
      return (event) => bothEnds(event).some((ip) => matcher(ip));
    }
    const extract = operand.extract;
    return (event, context) => {
      const value = extract(event, context);
      return value !== undefined && matcher(value);
    };
  }

  private field(ref: FieldRef): TypedOperand {
    let resolved;
    try {
      resolved = resolveField(ref.name, ref.arg);
    } catch (error) {
      if (error instanceof UnknownFieldError) {
        throw new FilterCompileError(error.message, ref.pos, ref.name, [], error.unsupportedName ? ref.name : undefined);
      }
      throw error;
    }
    const label = ref.arg === undefined ? ref.name : `${ref.name}[${ref.arg}]`;
    let extract: Extract;
    try {
      extract = resolved.definition.build(resolved.arg);
    } catch (error) {
      if (error instanceof UnknownFieldError) throw new FilterCompileError(error.message, ref.pos, ref.name);
      throw error;
    }
    const anyAncestor = resolved.arg === undefined ? ANY_ANCESTOR_FIELDS.get(resolved.definition.name) : undefined;
    return {
      type: resolved.definition.type,
      extract,
      ...(anyAncestor !== undefined ? { anyAncestor } : {}),
      ...(resolved.definition.name === 'fd.net' ? { eitherEnd: true } : {}),
      label,
    };
  }

  private operand(operand: Operand): TypedOperand {
    if (operand.kind === 'field') return this.field(operand);
    return this.transformer(operand);
  }

  private transformer(ref: TransformerRef): TypedOperand {
    const supported = ['tolower', 'toupper', 'basename', 'len'];
    if (!supported.includes(ref.name)) {
      throw new FilterCompileError(`transformer '${ref.name}()' is not supported by our evaluator (supported: ${supported.join(', ')})`, ref.pos, ref.name);
    }
    if (ref.args.length !== 1 || ref.arg !== undefined) {
      throw new FilterCompileError(`transformer '${ref.name}()' takes exactly one field`, ref.pos, ref.name);
    }
    const inner = ref.args[0];
    if (inner === undefined || (inner.kind !== 'field' && inner.kind !== 'transformer')) {
      throw new FilterCompileError(`transformer '${ref.name}()' takes a field`, ref.pos, ref.name);
    }
    const base = this.operand(inner);
    if (base.type !== 'string' || base.anyAncestor !== undefined) {
      throw new FilterCompileError(`transformer '${ref.name}()' needs a string field, not ${base.label}`, ref.pos, ref.name);
    }
    const label = `${ref.name}(${base.label})`;
    const transform: (value: string) => FieldValue =
      ref.name === 'tolower' ? asciiLower
      : ref.name === 'toupper' ? (value) => value.replace(/[a-z]/g, (char) => char.toUpperCase())
      : ref.name === 'basename' ? (value) => value.slice(value.lastIndexOf('/') + 1)
      : (value) => BigInt(Buffer.byteLength(value));
    const extract: Extract = (event, context) => {
      const value = base.extract(event, context);
      return typeof value === 'string' ? transform(value) : undefined;
    };
    return { type: ref.name === 'len' ? 'uint' : 'string', extract, label };
  }

  /** `field op val(other.field)`: both sides are extracted from the same event. */
  private compileFieldComparison(left: TypedOperand, op: string, value: TransformerRef, pos: Position): (event: ScapEvent, context: EvalContext) => boolean {
    const right = value.name === 'val' && value.args[0]?.kind === 'field' ? this.field(value.args[0]) : this.transformer(value);
    if (right.type !== left.type || right.anyAncestor !== undefined || left.anyAncestor !== undefined || left.eitherEnd === true) {
      throw new FilterCompileError(`cannot compare ${left.label} with ${right.label}: different types`, pos, right.label);
    }
    if (!['=', '!=', '<', '<=', '>', '>=', 'contains', 'startswith', 'endswith'].includes(op)) {
      throw new FilterCompileError(`operator '${op}' with a field on the right is not supported by our evaluator`, pos, right.label);
    }
    return (event, context) => {
      const a = left.extract(event, context);
      const b = right.extract(event, context);
      if (a === undefined || b === undefined) return false;
      if (typeof a === 'string' && typeof b === 'string') return this.stringMatcher(op, [b], pos)(a);
      return compareOrdered(op, a, b);
    };
  }

  private listItems(value: CheckValue, pos: Position): string[] {
    if (value.kind === 'list') {
      return value.values.flatMap((item) => (!item.quoted && this.options.lists?.has(item.value) === true ? this.listValues(item.value, item.pos) : [item.value]));
    }
    if (value.kind === 'list-ref') {
      if (this.options.lists?.get(value.name) === undefined) throw undefinedNameError('list', value.name, value.pos);
      return [...this.listValues(value.name, value.pos)];
    }
    if (value.kind === 'value') return [value.value];
    throw new FilterCompileError('expected a list', pos);
  }

  /** A list's values, lists named among its items expanded (each list once, duplicates dropped: membership
   * and prefix tests do not count them, and a list of lists of lists stays as small as its distinct values). */
  private listValues(name: string, pos: Position, expanding: string[] = []): readonly string[] {
    const cached = this.listCache.get(name);
    if (cached !== undefined) return cached;
    if (expanding.includes(name)) throw new FilterCompileError(`list '${name}' refers to itself`, pos, name);
    if (expanding.length >= MAX_MACRO_DEPTH) {
      throw new FilterCompileError(`list '${name}' is nested more than ${MAX_MACRO_DEPTH} lists deep (lists name lists too deeply)`, pos, name);
    }
    const values = new Set<string>();
    for (const item of this.options.lists?.get(name) ?? []) {
      if (this.options.lists?.has(item) === true) for (const value of this.listValues(item, pos, [...expanding, name])) values.add(value);
      else values.add(item);
    }
    const result = [...values];
    this.stats.listValues += result.length;
    this.listCache.set(name, result);
    return result;
  }

  private matcher(operand: TypedOperand, op: string, value: CheckValue, pos: Position): Matcher {
    const isList = op === 'in' || op === 'intersects' || op === 'pmatch';
    if (!isList && value.kind !== 'value') {
      throw new FilterCompileError(`operator '${op}' takes a single value, not a list`, pos);
    }
    const items = this.listItems(value, pos);
    const type = operand.type;
    if (type === 'string') return this.stringMatcher(op, items, pos);
    if (type === 'int' || type === 'uint' || type === 'port') {
      const numbers = items.map((item) => {
        const number = parseInteger(item);
        if (number === undefined) throw new FilterCompileError(`'${item}' is not a number (field ${operand.label})`, pos, operand.label);
        return number;
      });
      return (actual) => typeof actual === 'bigint' && numbers.some((number) => compareOrdered(op === 'in' || op === 'intersects' ? '=' : op, actual, number));
    }
    if (type === 'bool') {
      const booleans = items.map((item) => {
        if (item === 'true' || item === '1') return true;
        if (item === 'false' || item === '0') return false;
        throw new FilterCompileError(`'${item}' is not a boolean (true or false) for ${operand.label}`, pos, operand.label);
      });
      if (op === '!=') return (actual) => actual !== booleans[0];
      return (actual) => booleans.includes(actual === true);
    }
    if (type === 'ipaddr') {
      const ips = items.map((item) => {
        const ip = parseIp(item);
        if (ip === undefined) throw new FilterCompileError(`'${item}' is not an IP address (field ${operand.label})`, pos, operand.label);
        return ip;
      });
      return (actual) => {
        const ip = typeof actual === 'string' ? parseIp(actual) : undefined;
        if (ip === undefined) return false;
        return op === '!=' ? !sameIp(ip, ips[0] as ipaddr.IPv4) : ips.some((candidate) => sameIp(ip, candidate));
      };
    }
    if (type === 'ipnet') {
      const nets = items.map((item) => {
        try {
          const [address, bits] = item.includes('/') ? ipaddr.parseCIDR(item) : [ipaddr.parse(item), ipaddr.parse(item).kind() === 'ipv4' ? 32 : 128];
          return { address, bits };
        } catch {
          throw new FilterCompileError(`'${item}' is not a network in CIDR notation (field ${operand.label})`, pos, operand.label);
        }
      });
      const inNet = (ip: ipaddr.IPv4 | ipaddr.IPv6) => nets.some((net) => ip.kind() === net.address.kind() && ip.match(net.address, net.bits));
      return (actual) => {
        const ip = typeof actual === 'string' ? parseIp(actual) : undefined;
        if (ip === undefined) return false;
        return op === '!=' ? !inNet(ip) : inNet(ip);
      };
    }
    if (type === 'dynamic') {
      const numbers = items.map(parseInteger);
      const strings = this.stringMatcher(op, items, pos);
      return (actual) => {
        if (typeof actual === 'bigint') {
          return numbers.some((number) => number !== undefined && compareOrdered(op === 'in' || op === 'intersects' ? '=' : op, actual, number));
        }
        return typeof actual === 'string' && strings(actual);
      };
    }
    throw new FilterCompileError(`operator '${op}' is not supported on ${type} field ${operand.label}`, pos, operand.label);
  }

  private stringMatcher(op: string, items: string[], pos: Position): Matcher {
    const first = items[0] ?? '';
    const str = (test: (actual: string) => boolean): Matcher => (actual) => typeof actual === 'string' && test(actual);
    switch (op) {
      case '=':
        return str((actual) => actual === first);
      case '!=':
        return str((actual) => actual !== first);
      case '<':
      case '<=':
      case '>':
      case '>=':
        return str((actual) => compareOrdered(op, actual, first));
      case 'contains':
        return str((actual) => actual.includes(first));
      case 'icontains': {
        const needle = asciiLower(first);
        return str((actual) => asciiLower(actual).includes(needle));
      }
      case 'startswith':
        return str((actual) => actual.startsWith(first));
      case 'endswith':
        return str((actual) => actual.endsWith(first));
      case 'glob': {
        const regex = globToRegExp(first);
        return str((actual) => regex.test(actual));
      }
      case 'iglob': {
        const regex = globToRegExp(first, true);
        return str((actual) => regex.test(actual));
      }
      case 'regex': {
        let regex: (value: string) => boolean;
        try {
          regex = compileFalcoRegex(first);
        } catch (error) {
          if (!(error instanceof RegexSyntaxError)) throw error;
          throw new FilterCompileError(error.message, pos, first);
        }
        return str(regex);
      }
      case 'in':
      case 'intersects': {
        const set = new Set(items);
        return str((actual) => set.has(actual));
      }
      case 'pmatch': {
        const match = compilePathPrefixes(items);
        return str(match);
      }
      default:
        throw new FilterCompileError(`operator '${op}' is not supported on string fields`, pos);
    }
  }
}

function compareOrdered(op: string, a: FieldValue, b: FieldValue): boolean {
  if (typeof a !== typeof b) return false;
  const left = a as string | bigint;
  const right = b as string | bigint;
  switch (op) {
    case '=':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
    default:
      return false;
  }
}

/**
 * Compiles many conditions over the same macros and lists, sharing what they share: each macro and each
 * list is compiled once (see CompileStats), and evaluated at most once per event and condition.
 */
export class FilterProgram {
  private readonly compiler: Compiler;
  constructor(options: CompileOptions = {}) {
    this.compiler = new Compiler(options);
  }

  get stats(): Readonly<CompileStats> {
    return this.compiler.stats;
  }

  /** Throws FilterSyntaxError or FilterCompileError. */
  compile(condition: string | Expr): FilterPredicate {
    const expr = typeof condition === 'string' ? parseFilter(condition) : condition;
    const compiled = this.compiler.compile(expr);
    const evaluation = this.compiler.evaluation;
    return (event, context = EMPTY_CONTEXT) => {
      evaluation.generation++;
      return compiled(event, context);
    };
  }
}

/** Compiles a condition (text or tree) to a predicate. Throws FilterSyntaxError or FilterCompileError. */
export function compileFilter(condition: string | Expr, options: CompileOptions = {}): FilterPredicate {
  return new FilterProgram(options).compile(condition);
}
