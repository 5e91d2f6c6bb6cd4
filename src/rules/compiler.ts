// The compiler of Falco's rule loader (falcosecurity/falco userspace/engine/rule_loader_compiler.cpp):
// collected macros, lists and rules become evaluators. Exceptions are appended to conditions exactly as
// Falco builds them; every condition is parsed and compiled over one shared program (each macro and
// list once), every output's %fields are checked; undefined macros/lists, fields we cannot evaluate and
// bad operators are errors; Falco's warnings (unused macros and lists, evt.dir, no evt.type) are given.
import {
  compileOutput,
  eventTypesOf,
  FilterProgram,
  type CompileStats,
  FALCO_FIELD_NAMES,
  FilterCompileError,
  outputFields,
  resolveField,
  UnknownFieldError,
  FilterSyntaxError,
  fieldsOfOperand,
  OutputFormatError,
  parseFilter,
  unescapeQuoted,
  walkThroughMacros,
  type Expr,
  type FilterPredicate,
  type OutputFormatter,
} from '../filter/index.ts';
import type { RuleException, RulePriority } from './schema.ts';
import { DEPRECATED_EVT_DIR, type FalcoEventModel } from './falco-version.ts';
import type { Location, ProblemCode, ProblemSink, ProblemSubject, RuleProblem } from './problems.ts';
import type { CollectedRules, RuleState } from './collector.ts';

export interface LoadedRule {
  name: string;
  desc: string;
  priority: RulePriority;
  tags: string[];
  enabled: boolean;
  source: string;
  /** The condition as Falco compiles it: the rule's condition with its exceptions appended. */
  condition: string;
  output: string;
  location: Location;
  /** Set when the rule compiled; rules with errors or of another source have none. */
  predicate: FilterPredicate | undefined;
  format: OutputFormatter | undefined;
  /** The parsed condition (macros not expanded), when it parsed. */
  expr: Expr | undefined;
  /** Why the rule cannot be evaluated on captures although Falco can run it (a Falco field we lack). */
  skipped: string | undefined;
}

export interface RuleSet {
  rules: LoadedRule[];
  macros: ReadonlyMap<string, { condition: string; location: Location }>;
  lists: ReadonlyMap<string, { items: string[]; location: Location }>;
  problems: RuleProblem[];
  requiredEngineVersion: string | undefined;
  /** What compiling the rules cost (each macro and list once, shared by the rules that use it). */
  compiled: CompileStats;
}

const LIST_OPERATORS = new Set(['in', 'intersects', 'pmatch']);

function quoteItem(item: string): string {
  return item.includes(' ') && item[0] !== '"' && item[0] !== "'" ? `"${item}"` : item;
}

function parenItem(item: string): string {
  return item.startsWith('(') ? item : `(${item})`;
}

/** Falco's build_rule_exception_infos: the exceptions as text appended to the condition. */
export function conditionWithExceptions(condition: string, exceptions: readonly RuleException[]): string {
  let result = `(${condition})`;
  for (const exception of exceptions) {
    const values = exception.values ?? [];
    let clause = '';
    if (!Array.isArray(exception.fields)) {
      const comp = typeof exception.comps === 'string' ? exception.comps : 'in';
      for (const value of values) {
        clause += clause === '' ? `(${exception.fields} ${comp} (` : ', ';
        clause += quoteItem(String(value));
      }
      clause += clause === '' ? '' : '))';
    } else {
      const fields = exception.fields;
      const comps = Array.isArray(exception.comps) ? exception.comps : fields.map(() => '=');
      clause = '(';
      for (const row of values) {
        const cells = Array.isArray(row) ? row : [row];
        clause += clause === '(' ? '' : ' or ';
        clause += '(';
        fields.forEach((field, index) => {
          const cell = cells[index];
          const comp = comps[index] ?? '=';
          let text: string;
          if (Array.isArray(cell)) text = `(${cell.map((item) => quoteItem(String(item))).join(', ')})`;
          else text = LIST_OPERATORS.has(comp) ? parenItem(String(cell)) : quoteItem(String(cell));
          clause += `${index === 0 ? '' : ' and '} ${field} ${comp} ${text}`;
        });
        clause += ')';
      }
      clause += ')';
      if (clause === '()') clause = '';
    }
    result += clause === '' ? '' : ` and not ${clause}`;
  }
  return result;
}

/** List items as Falco expands them textually: a quoted item stands for its unquoted value. */
function listValue(item: string): string {
  if (item.length >= 2 && (item[0] === '"' || item[0] === "'") && item.endsWith(item[0])) {
    try {
      return unescapeQuoted(item);
    } catch {
      return item;
    }
  }
  return item;
}

/** The code of a condition that does not compile: a name no file defines has its own. */
function compileErrorCode(error: FilterCompileError): ProblemCode {
  if (error.undefinedName?.kind === 'macro') return 'LOAD_ERR_UNDEFINED_MACRO';
  if (error.undefinedName?.kind === 'list') return 'LOAD_ERR_UNDEFINED_LIST';
  return 'LOAD_ERR_COMPILE_CONDITION';
}

export class RuleCompiler {
  constructor(
    private readonly collected: CollectedRules,
    private readonly sink: ProblemSink,
    private readonly model: FalcoEventModel,
  ) {}

  private get rules(): CollectedRules['rules'] {
    return this.collected.rules;
  }
  private get macros(): CollectedRules['macros'] {
    return this.collected.macros;
  }
  private get lists(): CollectedRules['lists'] {
    return this.collected.lists;
  }

  private problem(code: ProblemCode, location: Location, message: string, subject?: ProblemSubject): void {
    this.sink.add(code, location, message, subject);
  }

  /**
   * Falco's LOAD_DEPRECATED_ITEM warnings for evt.dir (Falco 0.42 and later): one for a rule's output and
   * one for its condition (also when evt.dir comes in through a macro or an exception), in that order.
   */
  private deprecatedEvtDir(rule: RuleState, expr: Expr | undefined, macros: ReadonlyMap<string, Expr>): void {
    const what = `rule '${rule.name}'`;
    const warning = `${DEPRECATED_EVT_DIR.code} (${DEPRECATED_EVT_DIR.title})`;
    if (outputFields(rule.output).some((field) => field === 'evt.dir')) {
      this.problem('LOAD_DEPRECATED_ITEM', rule.outputLocation, `${what}: ${warning}: ${DEPRECATED_EVT_DIR.output}`);
    }
    if (expr !== undefined && usesField(expr, 'evt.dir', macros)) {
      this.problem('LOAD_DEPRECATED_ITEM', rule.conditionLocation, `${what}: ${warning}: ${DEPRECATED_EVT_DIR.condition}`);
    }
  }

  /** Falco's LOAD_UNUSED_MACRO/LOAD_UNUSED_LIST warnings: definitions no rule reaches. */
  private unusedWarnings(macros: ReadonlyMap<string, Expr>): void {
    const usedMacros = new Set<string>();
    const usedLists = new Set<string>();
    // Iterative: a long chain of lists naming lists cannot exhaust the stack.
    const useList = (first: string): void => {
      const pending = [first];
      while (pending.length > 0) {
        const name = pending.pop() as string;
        if (usedLists.has(name) || !this.lists.has(name)) continue;
        usedLists.add(name);
        pending.push(...(this.lists.get(name)?.items ?? []));
      }
    };
    const roots: Expr[] = [];
    for (const rule of this.rules.values()) {
      try {
        roots.push(parseFilter(rule.exceptions.length > 0 ? conditionWithExceptions(rule.condition, rule.exceptions) : rule.condition));
      } catch {
        // A condition that does not parse was reported already.
      }
    }
    walkThroughMacros(roots, macros, (node) => {
      if (node.kind === 'macro-ref') usedMacros.add(node.name);
      else if (node.kind === 'binary') {
        if (node.value.kind === 'list-ref') useList(node.value.name);
        if (node.value.kind === 'list') for (const item of node.value.values) if (!item.quoted) useList(item.value);
      }
    });
    for (const [name, macro] of this.macros) {
      if (!usedMacros.has(name)) this.problem('LOAD_UNUSED_MACRO', macro.location, `macro '${name}' is not used by any rule`);
    }
    for (const [name, list] of this.lists) {
      if (!usedLists.has(name)) this.problem('LOAD_UNUSED_LIST', list.location, `list '${name}' is not used by any rule or macro`);
    }
  }

  compile(): RuleSet {
    const lists = new Map<string, readonly string[]>([...this.lists].map(([name, list]) => [name, list.items.map(listValue)]));
    const macros = new Map<string, Expr>();
    for (const [name, macro] of this.macros) {
      try {
        macros.set(name, parseFilter(macro.condition));
      } catch (error) {
        if (!(error instanceof FilterSyntaxError)) throw error;
        this.problem('LOAD_ERR_COMPILE_CONDITION', macro.conditionLocation, `macro '${name}': condition: ${error.message}`);
      }
    }
    const reportedMacroErrors = new Set<string>();
    const rules: LoadedRule[] = [];
    // One program for every rule: each macro and list compiled once and shared.
    const program = new FilterProgram({ macros, lists });
    for (const rule of this.rules.values()) {
      const what = `rule '${rule.name}'`;
      const condition = rule.exceptions.length > 0 ? conditionWithExceptions(rule.condition, rule.exceptions) : rule.condition;
      const loaded: LoadedRule = {
        name: rule.name, desc: rule.desc, priority: rule.priority, tags: rule.tags, enabled: rule.enabled, source: rule.source,
        condition, output: rule.output, location: rule.location, predicate: undefined, format: undefined, expr: undefined,
        skipped: undefined,
      };
      rules.push(loaded);
      if (rule.source !== 'syscall') {
        this.problem('LOAD_UNEVALUATED_SOURCE', rule.location, `${what}: source '${rule.source}' is not evaluated here (only syscall rules are checked)`);
        continue;
      }
      // Positions past the rule's own condition (offset by the '(' Falco adds) are in its exceptions.
      const conditionEnd = rule.exceptions.length > 0 ? rule.condition.length + 1 : rule.condition.length;
      const locate = (offset: number | undefined): Location =>
        offset !== undefined && offset > conditionEnd && rule.exceptions[0] !== undefined ? rule.exceptions[0].location : rule.conditionLocation;
      try {
        loaded.expr = parseFilter(condition);
        loaded.predicate = program.compile(loaded.expr);
      } catch (error) {
        if (error instanceof FilterSyntaxError) {
          this.problem('LOAD_ERR_COMPILE_CONDITION', locate(error.position.offset), `${what}: condition: ${error.message}`);
        } else if (error instanceof FilterCompileError && error.unsupportedField !== undefined && FALCO_FIELD_NAMES.has(error.unsupportedField)) {
          // Falco runs this rule; we cannot evaluate it. Not an error for Falco's sake, but never silent.
          const via = error.macroPath.length > 0 ? ` (through macro '${error.macroPath.join("' -> '")}')` : '';
          loaded.skipped = `uses the Falco field '${error.unsupportedField}'${via}, which falco-actions cannot evaluate on a capture`;
          this.problem('LOAD_UNEVALUABLE_FIELD', rule.conditionLocation, `${what}: ${loaded.skipped}; \`rules test\` skips this rule`);
        } else if (error instanceof FilterCompileError) {
          const innermost = error.macroPath.at(-1);
          const macro = innermost === undefined ? undefined : this.macros.get(innermost);
          if (macro !== undefined && innermost !== undefined) {
            const key = `${innermost}\u0000${error.message}`;
            if (!reportedMacroErrors.has(key)) {
              reportedMacroErrors.add(key);
              this.problem(compileErrorCode(error), macro.conditionLocation, `macro '${innermost}' (used by ${what}): condition: ${error.message}`, error.undefinedName);
            }
            this.problem('LOAD_ERR_COMPILE_CONDITION', rule.conditionLocation, `${what}: condition uses macro '${error.macroPath[0]}', which cannot be compiled (see ${macro.location.file}:${macro.location.line})`);
          } else {
            this.problem(compileErrorCode(error), locate(error.position?.offset), `${what}: condition: ${error.message}`, error.undefinedName);
          }
        } else {
          throw error;
        }
      }
      const lenientFields = new Set(
        outputFields(rule.output)
          .map((field) => field.replace(/\[.*$/, ''))
          .filter((field) => FALCO_FIELD_NAMES.has(field) && !isEvaluable(field)),
      );
      if (lenientFields.size > 0) {
        this.problem('LOAD_UNEVALUABLE_OUTPUT_FIELD', rule.outputLocation, `${what}: output: Falco fields falco-actions cannot fill in print <NA> in \`rules test\`: ${[...lenientFields].join(', ')}`);
      }
      try {
        loaded.format = compileOutput(rule.output, { lenientFields });
      } catch (error) {
        if (!(error instanceof OutputFormatError)) throw error;
        this.problem('LOAD_ERR_COMPILE_OUTPUT', rule.outputLocation, `${what}: output: ${error.message}`);
      }
      if (this.model.dropsSyscallEnterEvents) this.deprecatedEvtDir(rule, loaded.expr, macros);
      if (loaded.expr !== undefined && loaded.predicate !== undefined) {
        if (eventTypesOf(loaded.expr, { macros, lists }) === undefined && !usesField(loaded.expr, 'evt.type', macros, { direct: true })) {
          this.problem('LOAD_NO_EVTTYPE', rule.conditionLocation, `${what}: condition does not restrict evt.type, so Falco evaluates it on every event (slow); add e.g. evt.type in (...)`);
        }
      }
    }
    this.unusedWarnings(macros);
    return {
      rules,
      macros: new Map([...this.macros].map(([name, macro]) => [name, { condition: macro.condition, location: macro.location }])),
      lists: this.lists,
      problems: this.sink.problems,
      requiredEngineVersion: this.collected.requiredEngineVersion,
      compiled: { ...program.stats },
    };
  }
}


/** Whether the condition reads the field, directly or through its macros (each macro looked at once);
 * `direct`: only as the plain left-hand field of a check (not inside a transformer or val()). */
function usesField(expr: Expr, field: string, macros: ReadonlyMap<string, Expr>, options: { direct?: boolean } = {}): boolean {
  return walkThroughMacros([expr], macros, (node) => {
    if (node.kind !== 'unary' && node.kind !== 'binary') return false;
    if (options.direct === true) return node.operand.kind === 'field' && node.operand.name === field;
    const operands = node.kind === 'binary' && node.value.kind === 'transformer' ? [node.operand, node.value] : [node.operand];
    return operands.some((operand) => fieldsOfOperand(operand).some((ref) => ref.name === field));
  });
}

function isEvaluable(field: string): boolean {
  try {
    resolveField(field, undefined);
    return true;
  } catch (error) {
    return !(error instanceof UnknownFieldError && error.unsupportedName);
  }
}
