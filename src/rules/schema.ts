// Shapes of the items of a Falco rules file (YAML sequence of maps), as Falco's rule loader reads them
// (falcosecurity/falco userspace/engine/rule_loader_reader.cpp). Types come from the schemas.
import { z } from 'zod';

export const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'] as const;
export type RulePriority = (typeof PRIORITIES)[number];

/** Falco's parse_priority: case-insensitive, and "info" is accepted for informational. */
export function parsePriority(text: string): RulePriority | undefined {
  const lower = text.toLowerCase();
  if (lower === 'info') return 'informational';
  return (PRIORITIES as readonly string[]).includes(lower) ? (lower as RulePriority) : undefined;
}

const nonEmpty = z.string().min(1, 'must be a non-empty string');
const scalar = z.union([z.string(), z.number(), z.boolean()]).transform((value) => String(value));

export const OverrideSchema = z.record(z.string(), z.enum(['append', 'replace']));

/** An exception value entry: a scalar, or a list of scalars (for list comparisons). */
const ExceptionValueItem = z.union([scalar, z.array(scalar)]);

export const ExceptionSchema = z.strictObject({
  name: nonEmpty,
  fields: z.union([nonEmpty, z.array(nonEmpty).min(1)]).optional(),
  comps: z.union([nonEmpty, z.array(nonEmpty).min(1)]).optional(),
  values: z.array(z.union([ExceptionValueItem, z.array(ExceptionValueItem)])).optional(),
});
export type RuleException = z.infer<typeof ExceptionSchema>;

export const RuleItemSchema = z.object({
  rule: nonEmpty,
  desc: z.string().optional(),
  condition: z.string().optional(),
  output: z.string().optional(),
  priority: z.string().optional(),
  source: z.string().optional(),
  enabled: z.boolean().optional(),
  tags: z.array(scalar).optional(),
  exceptions: z.array(ExceptionSchema).optional(),
  append: z.boolean().optional(),
  override: OverrideSchema.optional(),
  capture: z.boolean().optional(),
  capture_duration: z.number().optional(),
  warn_evttypes: z.boolean().optional(),
  'skip-if-unknown-filter': z.boolean().optional(),
});
export type RuleItem = z.infer<typeof RuleItemSchema>;

export const MacroItemSchema = z.object({
  macro: nonEmpty,
  condition: z.string(),
  append: z.boolean().optional(),
  override: OverrideSchema.optional(),
});
export type MacroItem = z.infer<typeof MacroItemSchema>;

export const ListItemSchema = z.object({
  list: nonEmpty,
  items: z.array(scalar).nullable().transform((items) => items ?? []),
  append: z.boolean().optional(),
  override: OverrideSchema.optional(),
});
export type ListItem = z.infer<typeof ListItemSchema>;

export const EngineVersionItemSchema = z.object({
  required_engine_version: z.union([z.string().regex(/^\d+(\.\d+){0,2}$/, 'must be a version like 0.31.0'), z.number()]),
});

export const KNOWN_RULE_KEYS = new Set(Object.keys(RuleItemSchema.shape));
export const KNOWN_MACRO_KEYS = new Set(Object.keys(MacroItemSchema.shape));
export const KNOWN_LIST_KEYS = new Set(Object.keys(ListItemSchema.shape));
