// filters.config: exceptions that remove entries from an inventory (analyze mode's report).
//
// An inventory entry is not a ScapEvent, so an exception is evaluated on the event that produced the
// entry (the execve exit of a process, the connect/sendto of a connection, the open of a written file),
// with that event's thread and fd state: the same evaluator, the same fields and the same semantics as
// Falco conditions and `rules test`, no reduced "field view" that could disagree with them. The first
// exception of its section that matches leaves the event out of the aggregated entries; the result
// counts the events each one removed, so an over-broad exception is visible.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { UserError } from '../action/errors.ts';
import { InventoryBuilder, INVENTORY_DELIVERY_CONDITIONS, INVENTORY_EVENT_NAMES, type Inventory, type InventoryOptions, type InventorySection } from './inventory.ts';
import { readCapture } from '../scap/index.ts';
import type { ScapEvent } from '../scap/model.ts';
import { compileFilter, FilterCompileError, type FilterPredicate } from '../filter/evaluate.ts';
import { EMPTY_CONTEXT, type EvalContext } from '../filter/fields.ts';
import { FilterSyntaxError } from '../filter/parser.ts';

export const FILTER_SECTIONS = ['outbound_connections', 'written_files', 'processes'] as const satisfies readonly InventorySection[];
export type FilterSection = (typeof FILTER_SECTIONS)[number];

const ExceptionEntrySchema = z.strictObject({
  description: z.string().min(1, 'must say what the exception is for'),
  condition: z.string().min(1, 'must be a Falco condition'),
});

export const FiltersConfigSchema = z.strictObject({
  outbound_connections: z.array(ExceptionEntrySchema).default([]),
  written_files: z.array(ExceptionEntrySchema).default([]),
  processes: z.array(ExceptionEntrySchema).default([]),
});
export type FiltersConfig = z.infer<typeof FiltersConfigSchema>;

export class FiltersConfigError extends UserError {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: invalid filters config:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'FiltersConfigError';
  }
}

export interface CompiledException {
  section: FilterSection;
  index: number;
  description: string;
  condition: string;
  matches: FilterPredicate;
}

/** Validates a filters config (already parsed JSON) and compiles every condition. */
export function compileFiltersConfig(value: unknown, file: string): CompiledException[] {
  const parsed = FiltersConfigSchema.safeParse(value);
  if (!parsed.success) {
    throw new FiltersConfigError(
      file,
      parsed.error.issues.map((issue) => {
        const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)';
        const message = issue.code === 'unrecognized_keys' ? `unknown ${issue.path.length === 0 ? 'section' : 'key'} ${issue.keys.map((key) => `'${key}'`).join(', ')} (sections: ${FILTER_SECTIONS.join(', ')})` : issue.message;
        return `${where}: ${message}`;
      }),
    );
  }
  const problems: string[] = [];
  const compiled: CompiledException[] = [];
  for (const section of FILTER_SECTIONS) {
    parsed.data[section].forEach((entry, index) => {
      try {
        compiled.push({ section, index, description: entry.description, condition: entry.condition, matches: compileFilter(entry.condition) });
      } catch (error) {
        if (!(error instanceof FilterSyntaxError) && !(error instanceof FilterCompileError)) throw error;
        problems.push(`${section}[${index}] ("${entry.description}"): condition: ${error.message}`);
      }
    });
  }
  if (problems.length > 0) throw new FiltersConfigError(file, problems);
  return compiled;
}

/** The default exceptions shipped in src/filters.config. */
export const DEFAULT_FILTERS_CONFIG_PATH = fileURLToPath(new URL('../filters.config', import.meta.url));

export async function loadFiltersConfig(path: string): Promise<CompiledException[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new FiltersConfigError(path, [`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new FiltersConfigError(path, [`not valid JSON: ${(error as Error).message}`]);
  }
  return compileFiltersConfig(value, path);
}

export interface ExceptionCount {
  section: FilterSection;
  index: number;
  description: string;
  condition: string;
  removed: number;
}

export interface FilteredInventory {
  inventory: Inventory;
  exceptions: ExceptionCount[];
}

/** Builds a capture's inventory with the exceptions applied, counting the events each one removed. */
export async function buildFilteredInventory(path: string, exceptions: readonly CompiledException[], context?: EvalContext, options: Omit<InventoryOptions, 'keep'> = {}): Promise<FilteredInventory> {
  const counts: ExceptionCount[] = exceptions.map(({ section, index, description, condition }) => ({ section, index, description, condition, removed: 0 }));
  let evalContext = context ?? EMPTY_CONTEXT;
  if (context === undefined && exceptions.length > 0) {
    const summary = await readCapture(path, () => undefined, { eventNames: new Set() });
    evalContext = {
      users: new Map(summary.users.map((user) => [user.uid, user])),
      containers: new Map(summary.containers.map((container) => [container.id, container])),
    };
  }
  // The exception is evaluated on the event that would be counted into an entry, before it is.
  const keep = (section: InventorySection, event: ScapEvent): boolean => {
    const hit = exceptions.findIndex((exception) => exception.section === section && exception.matches(event, evalContext));
    if (hit < 0) return true;
    (counts[hit] as ExceptionCount).removed++;
    return false;
  };
  const builder = new InventoryBuilder({ ...options, keep });
  const summary = await readCapture(path, builder.onEvent, { eventNames: INVENTORY_EVENT_NAMES, direction: '<', deliverOnlyIf: INVENTORY_DELIVERY_CONDITIONS });
  return { inventory: builder.finish(summary), exceptions: counts };
}
