// The collector of Falco's rule loader (falcosecurity/falco userspace/engine/rule_loader_collector.cpp):
// items in load order become rules, macros and lists by name, with `append: true`,
// `override: {key: append|replace}` and `enabled:` applied as Falco applies them (appended conditions,
// outputs and descs are joined with a space; tags union; exceptions merge by name; list items append).
// A second definition of a rule name is an error here (Falco silently replaces it), naming both places.
import type { ZodError } from 'zod';
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
import type { Location, ProblemCode, ProblemSink, ProblemSubject } from './problems.ts';
import type { RuleFileItem } from './reader.ts';

export interface RuleState {
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

export interface CollectedMacro {
  condition: string;
  location: Location;
  conditionLocation: Location;
}

export interface CollectedRules {
  rules: ReadonlyMap<string, RuleState>;
  macros: ReadonlyMap<string, CollectedMacro>;
  lists: ReadonlyMap<string, { items: string[]; location: Location }>;
  requiredEngineVersion: string | undefined;
}

export class RuleCollector {
  constructor(private readonly sink: ProblemSink) {}

  private readonly rules = new Map<string, RuleState>();
  private readonly macros = new Map<string, CollectedMacro>();
  private readonly lists = new Map<string, { items: string[]; location: Location }>();
  private requiredEngineVersion: string | undefined;

  private problem(code: ProblemCode, location: Location, message: string, subject?: ProblemSubject): void {
    this.sink.add(code, location, message, subject);
  }

  collect(item: RuleFileItem): void {
    this.item(item.value, item.location, item.keyLocation);
  }

  result(): CollectedRules {
    return { rules: this.rules, macros: this.macros, lists: this.lists, requiredEngineVersion: this.requiredEngineVersion };
  }

  private zodProblem(error: ZodError, what: string, keyLocation: (key: string) => Location, location: Location): void {
    for (const issue of error.issues) {
      const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
      const path = issue.path.length > 0 ? issue.path.join('.') : '';
      this.problem('LOAD_ERR_YAML_VALIDATE', key === undefined ? location : keyLocation(key), `${what}: ${path === '' ? '' : `'${path}' `}${issue.message}`);
    }
  }

  private unknownKeys(item: Record<string, unknown>, known: Set<string>, what: string, keyLocation: (key: string) => Location): void {
    for (const key of Object.keys(item)) {
      if (!known.has(key)) this.problem('LOAD_UNKNOWN_KEY', keyLocation(key), `${what}: unknown key '${key}' (Falco ignores it)`);
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
        this.problem('LOAD_ERR_VALIDATE', keyLocation('override'), `${what}: key '${key}' cannot be appended to, use 'replace' instead`);
        ok = false;
      } else if (operation === 'replace' && !replaceable.has(key)) {
        this.problem('LOAD_ERR_VALIDATE', keyLocation('override'), `${what}: key '${key}' cannot be replaced`);
        ok = false;
      } else if (!(key in item)) {
        this.problem('LOAD_ERR_VALIDATE', keyLocation('override'), `${what}: an ${operation} override for '${key}' was specified but '${key}' is not defined`);
        ok = false;
      } else {
        (operation === 'append' ? append : replace).add(key);
      }
    }
    for (const key of Object.keys(item)) {
      if ((appendable.has(key) || replaceable.has(key)) && !(key in override)) {
        this.problem('LOAD_ERR_VALIDATE', keyLocation(key), `${what}: unexpected key '${key}': no corresponding entry under 'override' is defined`);
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
    this.problem('LOAD_UNKNOWN_ITEM', location, `unknown top level item with keys ${Object.keys(item).map((key) => `'${key}'`).join(', ')} (Falco ignores it)`);
  }

  private list(item: Record<string, unknown>, location: Location, keyLocation: (key: string) => Location): void {
    const parsed = ListItemSchema.safeParse(item);
    const what = `list '${String(item.list)}'`;
    if (!parsed.success) return this.zodProblem(parsed.error, what, keyLocation, location);
    this.unknownKeys(item, KNOWN_LIST_KEYS, what, keyLocation);
    const { list: name, items, append, override } = parsed.data;
    if (append === true && override !== undefined) return this.problem('LOAD_ERR_VALIDATE', location, `${what}: keys 'append' and 'override' cannot be used together`);
    const ops = this.overrides(override, item, new Set(['items']), new Set(['items']), what, keyLocation);
    const previous = this.lists.get(name);
    if (append === true || ops?.append.has('items') === true) {
      if (previous === undefined) return this.problem('LOAD_ERR_NO_EARLIER_DEFINITION', location, `${what}: no earlier definition to append to`, { kind: 'list', name });
      previous.items.push(...items);
      return;
    }
    if (ops?.replace.has('items') === true && previous === undefined) {
      return this.problem('LOAD_ERR_NO_EARLIER_DEFINITION', location, `${what}: no earlier definition to replace`, { kind: 'list', name });
    }
    this.lists.set(name, { items: [...items], location });
  }

  private macro(item: Record<string, unknown>, location: Location, keyLocation: (key: string) => Location): void {
    const parsed = MacroItemSchema.safeParse(item);
    const what = `macro '${String(item.macro)}'`;
    if (!parsed.success) return this.zodProblem(parsed.error, what, keyLocation, location);
    this.unknownKeys(item, KNOWN_MACRO_KEYS, what, keyLocation);
    const { macro: name, condition, append, override } = parsed.data;
    if (append === true && override !== undefined) return this.problem('LOAD_ERR_VALIDATE', location, `${what}: keys 'append' and 'override' cannot be used together`);
    const ops = this.overrides(override, item, new Set(['condition']), new Set(['condition']), what, keyLocation);
    const previous = this.macros.get(name);
    if (append === true || ops?.append.has('condition') === true) {
      if (previous === undefined) return this.problem('LOAD_ERR_NO_EARLIER_DEFINITION', location, `${what}: no earlier definition to append to`, { kind: 'macro', name });
      previous.condition += ` ${condition}`;
      return;
    }
    if (ops?.replace.has('condition') === true && previous === undefined) {
      return this.problem('LOAD_ERR_NO_EARLIER_DEFINITION', location, `${what}: no earlier definition to replace`, { kind: 'macro', name });
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
        if (!appending) this.problem('LOAD_ERR_VALIDATE', location, `${label}: needs 'fields' (a field or a list of fields)`);
        result.push({ ...exception, location });
        continue;
      }
      if (Array.isArray(exception.fields)) {
        const comps = exception.comps ?? exception.fields.map(() => '=');
        if (!Array.isArray(comps) || comps.length !== exception.fields.length) {
          this.problem('LOAD_ERR_VALIDATE', location, `${label}: fields and comps lists must have equal length`);
          continue;
        }
        const bad = comps.find((comp) => !['=', '==', '!=', '<', '<=', '>', '>=', 'contains', 'icontains', 'bcontains', 'startswith', 'bstartswith', 'endswith', 'glob', 'iglob', 'in', 'intersects', 'pmatch', 'regex', 'exists'].includes(comp));
        if (bad !== undefined) {
          this.problem('LOAD_ERR_VALIDATE', location, `${label}: '${bad}' is not a supported comparison operator`);
          continue;
        }
        const row = (exception.values ?? []).find((values) => !Array.isArray(values) || values.length !== exception.fields?.length);
        if (row !== undefined) {
          this.problem('LOAD_ERR_VALIDATE', location, `${label}: each value must be a list with one entry per field (${exception.fields.length})`);
          continue;
        }
      } else {
        const comp = exception.comps ?? 'in';
        if (Array.isArray(comp)) {
          this.problem('LOAD_ERR_VALIDATE', location, `${label}: fields and comps must both be strings`);
          continue;
        }
        if (!['in', 'pmatch', 'intersects'].includes(comp)) {
          this.problem('LOAD_ERR_VALIDATE', location, `${label}: when fields is a single value, comps must be one of (in, pmatch, intersects)`);
          continue;
        }
        if ((exception.values ?? []).some((value) => Array.isArray(value))) {
          this.problem('LOAD_ERR_VALIDATE', location, `${label}: expected values array to contain a list of strings`);
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
        this.problem('LOAD_ERR_VALIDATE', keyLocation('priority'), `${what}: invalid priority '${data.priority}' (one of emergency, alert, critical, error, warning, notice, informational, debug)`);
        return;
      }
    }
    if (data.append === true && data.override !== undefined) {
      return this.problem('LOAD_ERR_VALIDATE', location, `${what}: keys 'append' and 'override' cannot be used together`);
    }
    const ops = this.overrides(data.override, item, RULE_APPENDABLE, RULE_REPLACEABLE, what, keyLocation);
    if (ops !== undefined || data.append === true) {
      if (previous === undefined) {
        return this.problem('LOAD_ERR_NO_EARLIER_DEFINITION', location, `${what}: no earlier definition to ${data.append === true ? 'append to' : 'override'}`, { kind: 'rule', name: data.rule });
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
              this.problem('LOAD_ERR_NEW_EXCEPTION_WITHOUT_FIELDS', exception.location, `${what}: exception '${exception.name}' must have fields (it is new)`, { kind: 'rule', name: data.rule });
            } else previous.exceptions.push(exception);
          } else if (exception.fields !== undefined || exception.comps !== undefined) {
            this.problem('LOAD_ERR_VALIDATE', exception.location, `${what}: can not append fields or comps to existing exception '${exception.name}', only values`);
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
        return this.problem('LOAD_ERR_VALIDATE', location, `${what}: needs condition, output, desc and priority (or only 'enabled' to switch an earlier rule)`);
      }
      if (previous === undefined) return this.problem('LOAD_ERR_NO_EARLIER_DEFINITION', location, `${what}: no earlier definition to enable or disable`, { kind: 'rule', name: data.rule });
      previous.enabled = data.enabled;
      return;
    }
    const missing = (['condition', 'output', 'desc', 'priority'] as const).filter((key) => data[key] === undefined);
    if (missing.length > 0) {
      return this.problem('LOAD_ERR_VALIDATE', location, `${what}: missing ${missing.map((key) => `'${key}'`).join(', ')}`);
    }
    if (previous !== undefined) {
      return this.problem('LOAD_ERR_DUPLICATE_RULE', location, `${what}: defined twice (first at ${previous.location.file}:${previous.location.line}); use 'override:' to change an earlier rule`, { kind: 'rule', name: data.rule, firstAt: previous.location });
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
}
