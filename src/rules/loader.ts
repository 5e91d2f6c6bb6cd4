// Loads Falco rule files the way Falco's rule loader does (falcosecurity/falco userspace/engine/
// rule_loader_reader.cpp, rule_loader_collector.cpp, rule_loader_compiler.cpp) and validates them with
// our condition parser and evaluator, so that a broken file is refused with file:line errors before
// Falco silently loads nothing:
// - items: rule, macro, list, required_engine_version, required_plugin_versions (others: warning);
// - `append: true` and `override: {key: append|replace}` as Falco defines them (appended conditions,
//   outputs and descs are joined with a space; tags union; exceptions merge by name; list items append);
// - `exceptions:` become `(condition) and not (...)` built exactly as Falco builds them;
// - a rule with only `enabled:` enables/disables an earlier rule;
// - every condition is parsed and compiled (undefined macros/lists, fields we cannot evaluate and bad
//   operators are errors) and every output's %fields are checked; bad priorities are errors;
// - a second definition of a rule name is an error here (Falco silently replaces it), naming both
//   places: use `override:` to change a rule on purpose.
import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { ZodError } from 'zod';
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
import {
  EngineVersionItemSchema,
  KNOWN_LIST_KEYS,
  KNOWN_MACRO_KEYS,
  KNOWN_RULE_KEYS,
  ListItemSchema,
  MacroItemSchema,
  parsePriority,
  RuleItemSchema,
  type RuleException,
  type RulePriority,
} from './schema.ts';
import { DEPRECATED_EVT_DIR, falcoEventModel, type FalcoEventModel } from './falco-version.ts';

export interface Location {
  file: string;
  line: number;
  col: number;
}

export interface RuleProblem extends Location {
  severity: 'error' | 'warning';
  message: string;
}

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

export interface RuleSource {
  file: string;
  text: string;
}

export interface LoadOptions {
  /** The Falco release whose warnings to give (the actions' default release when absent). */
  model?: FalcoEventModel;
}

interface RuleState {
  name: string;
  desc: string;
  condition: string;
  output: string;
  priority: RulePriority;
  tags: string[];
  enabled: boolean;
  source: string;
  exceptions: Array<RuleException & { location: Location }>;
  location: Location;
  conditionLocation: Location;
  outputLocation: Location;
}

const RULE_APPENDABLE = new Set(['condition', 'output', 'desc', 'tags', 'exceptions']);
const RULE_REPLACEABLE = new Set(['condition', 'output', 'desc', 'priority', 'capture', 'capture_duration', 'tags', 'exceptions', 'enabled', 'warn_evttypes', 'skip-if-unknown-filter']);
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

class Loader {
  constructor(private readonly model: FalcoEventModel) {}

  readonly problems: RuleProblem[] = [];
  private readonly rules = new Map<string, RuleState>();
  private readonly macros = new Map<string, { condition: string; location: Location; conditionLocation: Location }>();
  private readonly lists = new Map<string, { items: string[]; location: Location }>();
  private requiredEngineVersion: string | undefined;

  private problem(severity: 'error' | 'warning', location: Location, message: string): void {
    this.problems.push({ ...location, severity, message });
  }

  load(source: RuleSource): void {
    const lineCounter = new LineCounter();
    const document = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const at = (offset: number | undefined): Location => {
      const position = lineCounter.linePos(offset ?? 0);
      return { file: source.file, line: position.line, col: position.col };
    };
    for (const error of document.errors) {
      this.problem('error', at(error.pos[0]), `YAML: ${error.message.split('\n')[0]}`);
    }
    if (document.errors.length > 0) return;
    const contents = document.contents;
    if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return;
    if (!isSeq(contents)) {
      this.problem('error', at(contents.range?.[0]), 'a rules file must be a YAML sequence of items (- rule:, - macro:, - list:)');
      return;
    }
    for (const node of contents.items) {
      const itemNode = node as YamlNode;
      const location = at(itemNode.range?.[0]);
      if (!isMap(itemNode)) {
        this.problem('error', location, 'each item must be a mapping (rule, macro, list or required_engine_version)');
        continue;
      }
      const keyLocation = (key: string): Location => {
        const pair = itemNode.items.find((candidate: Pair) => isScalar(candidate.key) && candidate.key.value === key);
        const valueNode = pair?.value as YamlNode | undefined;
        let offset = valueNode?.range?.[0] ?? (pair?.key as YamlNode | undefined)?.range?.[0] ?? itemNode.range?.[0];
        // Block scalars (> or |) start with their indicator; point at the text on the next line.
        if (isScalar(valueNode) && (valueNode.type === 'BLOCK_FOLDED' || valueNode.type === 'BLOCK_LITERAL')) {
          const nextLine = source.text.indexOf('\n', offset ?? 0);
          if (nextLine >= 0) {
            offset = nextLine + 1;
            while (source.text[offset] === ' ') offset++;
          }
        }
        return at(offset);
      };
      const value: unknown = itemNode.toJSON();
      this.item(value as Record<string, unknown>, location, keyLocation);
    }
  }

  private zodProblem(error: ZodError, what: string, keyLocation: (key: string) => Location, location: Location): void {
    for (const issue of error.issues) {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      const path = issue.path.length > 0 ? issue.path.join('.') : '';
      this.problem('error', key === undefined ? location : keyLocation(key), `${what}: ${path === '' ? '' : `'${path}' `}${issue.message}`);
    }
  }

  private unknownKeys(item: Record<string, unknown>, known: Set<string>, what: string, keyLocation: (key: string) => Location): void {
    for (const key of Object.keys(item)) {
      if (!known.has(key)) this.problem('warning', keyLocation(key), `${what}: unknown key '${key}' (Falco ignores it)`);
    }
  }

  private overrides(
    override: Record<string, 'append' | 'replace'> | undefined,
    item: Record<string, unknown>,
    appendable: Set<string>,
    replaceable: Set<string>,
    what: string,
    keyLocation: (key: string) => Location,
  ): { append: Set<string>; replace: Set<string> } | undefined {
    if (override === undefined) return undefined;
    const append = new Set<string>();
    const replace = new Set<string>();
    let ok = true;
    for (const [key, operation] of Object.entries(override)) {
      if (operation === 'append' && !appendable.has(key)) {
        this.problem('error', keyLocation('override'), `${what}: key '${key}' cannot be appended to, use 'replace' instead`);
        ok = false;
      } else if (operation === 'replace' && !replaceable.has(key)) {
        this.problem('error', keyLocation('override'), `${what}: key '${key}' cannot be replaced`);
        ok = false;
      } else if (!(key in item)) {
        this.problem('error', keyLocation('override'), `${what}: an ${operation} override for '${key}' was specified but '${key}' is not defined`);
        ok = false;
      } else {
        (operation === 'append' ? append : replace).add(key);
      }
    }
    for (const key of Object.keys(item)) {
      if ((appendable.has(key) || replaceable.has(key)) && !(key in override)) {
        this.problem('error', keyLocation(key), `${what}: unexpected key '${key}': no corresponding entry under 'override' is defined`);
        ok = false;
      }
    }
    return ok ? { append, replace } : { append: new Set(), replace: new Set() };
  }

  private item(item: Record<string, unknown>, location: Location, keyLocation: (key: string) => Location): void {
    if ('rule' in item) return this.rule(item, location, keyLocation);
    if ('macro' in item) return this.macro(item, location, keyLocation);
    if ('list' in item) return this.list(item, location, keyLocation);
    if ('required_engine_version' in item) {
      const parsed = EngineVersionItemSchema.safeParse(item);
      if (!parsed.success) return this.zodProblem(parsed.error, 'required_engine_version', keyLocation, location);
      this.requiredEngineVersion = String(parsed.data.required_engine_version);
      return;
    }
    if ('required_plugin_versions' in item) return;
    this.problem('warning', location, `unknown top level item with keys ${Object.keys(item).map((key) => `'${key}'`).join(', ')} (Falco ignores it)`);
  }

  private list(item: Record<string, unknown>, location: Location, keyLocation: (key: string) => Location): void {
    const parsed = ListItemSchema.safeParse(item);
    const what = `list '${String(item.list)}'`;
    if (!parsed.success) return this.zodProblem(parsed.error, what, keyLocation, location);
    this.unknownKeys(item, KNOWN_LIST_KEYS, what, keyLocation);
    const { list: name, items, append, override } = parsed.data;
    if (append === true && override !== undefined) return this.problem('error', location, `${what}: keys 'append' and 'override' cannot be used together`);
    const ops = this.overrides(override, item, new Set(['items']), new Set(['items']), what, keyLocation);
    const previous = this.lists.get(name);
    if (append === true || ops?.append.has('items') === true) {
      if (previous === undefined) return this.problem('error', location, `${what}: no earlier definition to append to`);
      previous.items.push(...items);
      return;
    }
    if (ops?.replace.has('items') === true && previous === undefined) {
      return this.problem('error', location, `${what}: no earlier definition to replace`);
    }
    this.lists.set(name, { items: [...items], location });
  }

  private macro(item: Record<string, unknown>, location: Location, keyLocation: (key: string) => Location): void {
    const parsed = MacroItemSchema.safeParse(item);
    const what = `macro '${String(item.macro)}'`;
    if (!parsed.success) return this.zodProblem(parsed.error, what, keyLocation, location);
    this.unknownKeys(item, KNOWN_MACRO_KEYS, what, keyLocation);
    const { macro: name, condition, append, override } = parsed.data;
    if (append === true && override !== undefined) return this.problem('error', location, `${what}: keys 'append' and 'override' cannot be used together`);
    const ops = this.overrides(override, item, new Set(['condition']), new Set(['condition']), what, keyLocation);
    const previous = this.macros.get(name);
    if (append === true || ops?.append.has('condition') === true) {
      if (previous === undefined) return this.problem('error', location, `${what}: no earlier definition to append to`);
      previous.condition += ` ${condition}`;
      return;
    }
    if (ops?.replace.has('condition') === true && previous === undefined) {
      return this.problem('error', location, `${what}: no earlier definition to replace`);
    }
    this.macros.set(name, { condition, location, conditionLocation: keyLocation('condition') });
  }

  private exceptionsOf(
    exceptions: RuleException[] | undefined,
    what: string,
    keyLocation: (key: string) => Location,
    appending: boolean,
  ): Array<RuleException & { location: Location }> {
    const location = keyLocation('exceptions');
    const result: Array<RuleException & { location: Location }> = [];
    for (const exception of exceptions ?? []) {
      const label = `${what}: exception '${exception.name}'`;
      if (exception.fields === undefined) {
        if (!appending) this.problem('error', location, `${label}: needs 'fields' (a field or a list of fields)`);
        result.push({ ...exception, location });
        continue;
      }
      if (Array.isArray(exception.fields)) {
        const comps = exception.comps ?? exception.fields.map(() => '=');
        if (!Array.isArray(comps) || comps.length !== exception.fields.length) {
          this.problem('error', location, `${label}: fields and comps lists must have equal length`);
          continue;
        }
        const bad = comps.find((comp) => !['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'in', 'intersects', 'pmatch', 'regex', 'exists'].includes(comp));
        if (bad !== undefined) {
          this.problem('error', location, `${label}: '${bad}' is not a supported comparison operator`);
          continue;
        }
        const row = (exception.values ?? []).find((values) => !Array.isArray(values) || values.length !== exception.fields?.length);
        if (row !== undefined) {
          this.problem('error', location, `${label}: each value must be a list with one entry per field (${exception.fields.length})`);
          continue;
        }
      } else {
        const comp = exception.comps ?? 'in';
        if (Array.isArray(comp)) {
          this.problem('error', location, `${label}: fields and comps must both be strings`);
          continue;
        }
        if (!['in', 'pmatch', 'intersects'].includes(comp)) {
          this.problem('error', location, `${label}: when fields is a single value, comps must be one of (in, pmatch, intersects)`);
          continue;
        }
        if ((exception.values ?? []).some((value) => Array.isArray(value))) {
          this.problem('error', location, `${label}: expected values array to contain a list of strings`);
          continue;
        }
      }
      result.push({ ...exception, location });
    }
    return result;
  }

  private rule(item: Record<string, unknown>, location: Location, keyLocation: (key: string) => Location): void {
    const parsed = RuleItemSchema.safeParse(item);
    const what = `rule '${String(item.rule)}'`;
    if (!parsed.success) return this.zodProblem(parsed.error, what, keyLocation, location);
    this.unknownKeys(item, KNOWN_RULE_KEYS, what, keyLocation);
    const data = parsed.data;
    const previous = this.rules.get(data.rule);
    let priority: RulePriority | undefined;
    if (data.priority !== undefined) {
      priority = parsePriority(data.priority);
      if (priority === undefined) {
        this.problem('error', keyLocation('priority'), `${what}: invalid priority '${data.priority}' (one of emergency, alert, critical, error, warning, notice, informational, debug)`);
        return;
      }
    }
    if (data.append === true && data.override !== undefined) {
      return this.problem('error', location, `${what}: keys 'append' and 'override' cannot be used together`);
    }
    const ops = this.overrides(data.override, item, RULE_APPENDABLE, RULE_REPLACEABLE, what, keyLocation);
    if (ops !== undefined || data.append === true) {
      if (previous === undefined) {
        return this.problem('error', location, `${what}: no earlier definition to ${data.append === true ? 'append to' : 'override'}`);
      }
      const appendKeys = data.append === true ? new Set(['condition', 'exceptions']) : (ops?.append ?? new Set<string>());
      const replaceKeys = ops?.replace ?? new Set<string>();
      if (appendKeys.has('condition') && data.condition !== undefined) previous.condition += ` ${data.condition}`;
      if (appendKeys.has('output') && data.output !== undefined && data.output !== '') previous.output += ` ${data.output}`;
      if (appendKeys.has('desc') && data.desc !== undefined && data.desc !== '') previous.desc += ` ${data.desc}`;
      if (appendKeys.has('tags')) for (const tag of data.tags ?? []) if (!previous.tags.includes(tag)) previous.tags.push(tag);
      if (appendKeys.has('exceptions')) {
        for (const exception of this.exceptionsOf(data.exceptions, what, keyLocation, true)) {
          const existing = previous.exceptions.find((candidate) => candidate.name === exception.name);
          if (existing === undefined) {
            if (exception.fields === undefined) {
              this.problem('error', exception.location, `${what}: exception '${exception.name}' must have fields (it is new)`);
            } else previous.exceptions.push(exception);
          } else if (exception.fields !== undefined || exception.comps !== undefined) {
            this.problem('error', exception.location, `${what}: can not append fields or comps to existing exception '${exception.name}', only values`);
          } else {
            existing.values = [...(existing.values ?? []), ...(exception.values ?? [])];
          }
        }
      }
      if (replaceKeys.has('condition') && data.condition !== undefined) {
        previous.condition = data.condition;
        previous.conditionLocation = keyLocation('condition');
      }
      if (replaceKeys.has('output') && data.output !== undefined) {
        previous.output = data.output.trim();
        previous.outputLocation = keyLocation('output');
      }
      if (replaceKeys.has('desc') && data.desc !== undefined) previous.desc = data.desc;
      if (replaceKeys.has('priority') && priority !== undefined) previous.priority = priority;
      if (replaceKeys.has('tags')) previous.tags = [...(data.tags ?? [])];
      if (replaceKeys.has('exceptions')) previous.exceptions = this.exceptionsOf(data.exceptions, what, keyLocation, false);
      if (replaceKeys.has('enabled') && data.enabled !== undefined) previous.enabled = data.enabled;
      return;
    }
    if (data.condition === undefined && data.output === undefined && data.desc === undefined && data.priority === undefined) {
      if (data.enabled === undefined) {
        return this.problem('error', location, `${what}: needs condition, output, desc and priority (or only 'enabled' to switch an earlier rule)`);
      }
      if (previous === undefined) return this.problem('error', location, `${what}: no earlier definition to enable or disable`);
      previous.enabled = data.enabled;
      return;
    }
    const missing = (['condition', 'output', 'desc', 'priority'] as const).filter((key) => data[key] === undefined);
    if (missing.length > 0) {
      return this.problem('error', location, `${what}: missing ${missing.map((key) => `'${key}'`).join(', ')}`);
    }
    if (previous !== undefined) {
      return this.problem('error', location, `${what}: defined twice (first at ${previous.location.file}:${previous.location.line}); use 'override:' to change an earlier rule`);
    }
    this.rules.set(data.rule, {
      name: data.rule,
      desc: data.desc ?? '',
      condition: data.condition ?? '',
      output: (data.output ?? '').trim(),
      priority: priority ?? 'debug',
      tags: [...(data.tags ?? [])],
      enabled: data.enabled ?? true,
      source: data.source ?? 'syscall',
      exceptions: this.exceptionsOf(data.exceptions, what, keyLocation, false),
      location,
      conditionLocation: keyLocation('condition'),
      outputLocation: keyLocation('output'),
    });
  }

  /**
   * Falco's LOAD_DEPRECATED_ITEM warnings for evt.dir (Falco 0.42 and later): one for a rule's output and
   * one for its condition (also when evt.dir comes in through a macro or an exception), in that order.
   */
  private deprecatedEvtDir(rule: RuleState, expr: Expr | undefined, macros: ReadonlyMap<string, Expr>): void {
    const what = `rule '${rule.name}'`;
    const warning = `${DEPRECATED_EVT_DIR.code} (${DEPRECATED_EVT_DIR.title})`;
    if (outputFields(rule.output).some((field) => field === 'evt.dir')) {
      this.problem('warning', rule.outputLocation, `${what}: ${warning}: ${DEPRECATED_EVT_DIR.output}`);
    }
    if (expr !== undefined && usesField(expr, 'evt.dir', macros)) {
      this.problem('warning', rule.conditionLocation, `${what}: ${warning}: ${DEPRECATED_EVT_DIR.condition}`);
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
      if (!usedMacros.has(name)) this.problem('warning', macro.location, `macro '${name}' is not used by any rule`);
    }
    for (const [name, list] of this.lists) {
      if (!usedLists.has(name)) this.problem('warning', list.location, `list '${name}' is not used by any rule or macro`);
    }
  }

  finish(): RuleSet {
    const lists = new Map<string, readonly string[]>([...this.lists].map(([name, list]) => [name, list.items.map(listValue)]));
    const macros = new Map<string, Expr>();
    for (const [name, macro] of this.macros) {
      try {
        macros.set(name, parseFilter(macro.condition));
      } catch (error) {
        if (!(error instanceof FilterSyntaxError)) throw error;
        this.problem('error', macro.conditionLocation, `macro '${name}': condition: ${error.message}`);
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
        this.problem('warning', rule.location, `${what}: source '${rule.source}' is not evaluated here (only syscall rules are checked)`);
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
          this.problem('error', locate(error.position.offset), `${what}: condition: ${error.message}`);
        } else if (error instanceof FilterCompileError && error.unsupportedField !== undefined && FALCO_FIELD_NAMES.has(error.unsupportedField)) {
          // Falco runs this rule; we cannot evaluate it. Not an error for Falco's sake, but never silent.
          const via = error.macroPath.length > 0 ? ` (through macro '${error.macroPath.join("' -> '")}')` : '';
          loaded.skipped = `uses the Falco field '${error.unsupportedField}'${via}, which falco-actions cannot evaluate on a capture`;
          this.problem('warning', rule.conditionLocation, `${what}: ${loaded.skipped}; \`rules test\` skips this rule`);
        } else if (error instanceof FilterCompileError) {
          const innermost = error.macroPath.at(-1);
          const macro = innermost === undefined ? undefined : this.macros.get(innermost);
          if (macro !== undefined && innermost !== undefined) {
            const key = `${innermost}\u0000${error.message}`;
            if (!reportedMacroErrors.has(key)) {
              reportedMacroErrors.add(key);
              this.problem('error', macro.conditionLocation, `macro '${innermost}' (used by ${what}): condition: ${error.message}`);
            }
            this.problem('error', rule.conditionLocation, `${what}: condition uses macro '${error.macroPath[0]}', which cannot be compiled (see ${macro.location.file}:${macro.location.line})`);
          } else {
            this.problem('error', locate(error.position?.offset), `${what}: condition: ${error.message}`);
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
        this.problem('warning', rule.outputLocation, `${what}: output: Falco fields falco-actions cannot fill in print <NA> in \`rules test\`: ${[...lenientFields].join(', ')}`);
      }
      try {
        loaded.format = compileOutput(rule.output, { lenientFields });
      } catch (error) {
        if (!(error instanceof OutputFormatError)) throw error;
        this.problem('error', rule.outputLocation, `${what}: output: ${error.message}`);
      }
      if (this.model.dropsSyscallEnterEvents) this.deprecatedEvtDir(rule, loaded.expr, macros);
      if (loaded.expr !== undefined && loaded.predicate !== undefined) {
        if (eventTypesOf(loaded.expr, { macros, lists }) === undefined && !usesField(loaded.expr, 'evt.type', macros, { direct: true })) {
          this.problem('warning', rule.conditionLocation, `${what}: condition does not restrict evt.type, so Falco evaluates it on every event (slow); add e.g. evt.type in (...)`);
        }
      }
    }
    this.unusedWarnings(macros);
    return {
      rules,
      macros: new Map([...this.macros].map(([name, macro]) => [name, { condition: macro.condition, location: macro.location }])),
      lists: this.lists,
      problems: this.problems,
      requiredEngineVersion: this.requiredEngineVersion,
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

/** Loads rule files given as text, in order (later files may append to or override earlier ones). */
export function loadRules(sources: readonly RuleSource[], options: LoadOptions = {}): RuleSet {
  const loader = new Loader(options.model ?? falcoEventModel());
  for (const source of sources) loader.load(source);
  const set = loader.finish();
  // Report in reading order: by file as given, then by line (compile problems come after load ones).
  const order = new Map(sources.map((source, index) => [source.file, index]));
  set.problems.sort((a, b) => (order.get(a.file) ?? -1) - (order.get(b.file) ?? -1) || a.line - b.line || a.col - b.col);
  return set;
}

/** Reads rule files from disk, in the order given; an unreadable file becomes a problem, not an exception. */
export async function readRuleSources(paths: readonly string[]): Promise<{ sources: RuleSource[]; unreadable: RuleProblem[] }> {
  const sources: RuleSource[] = [];
  const unreadable: RuleProblem[] = [];
  for (const path of paths) {
    try {
      sources.push({ file: path, text: await readFile(path, 'utf8') });
    } catch (error) {
      unreadable.push({ file: path, line: 0, col: 0, severity: 'error', message: `cannot read the rules file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` });
    }
  }
  return { sources, unreadable };
}

/** Reads and loads rule files from disk; an unreadable file is a problem, not an exception. */
export async function loadRuleFiles(paths: readonly string[], options: LoadOptions = {}): Promise<RuleSet> {
  const { sources, unreadable } = await readRuleSources(paths);
  const result = loadRules(sources, options);
  result.problems.unshift(...unreadable);
  return result;
}

export function formatProblem(problem: RuleProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.col}` : problem.file;
  return `${where}: ${problem.severity}: ${problem.message}`;
}

export function hasErrors(set: RuleSet): boolean {
  return set.problems.some((problem) => problem.severity === 'error');
}
