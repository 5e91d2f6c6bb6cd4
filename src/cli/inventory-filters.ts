// `inventory --filters`: the part of the inventory command that needs the condition language and zod,
// loaded (and, in the CLI bundle, parsed) only when --filters is given. The CLI bundles each lazily
// loaded module apart, so errors cross as values, not as classes an `instanceof` on the other side
// would not recognise.
import { buildFilteredInventory, FiltersConfigError, loadFiltersConfig, type FilteredInventory } from '../inventory/exceptions.ts';
import { ScapFormatError } from '../scap/errors.ts';

export type FilteredInventoryResult = { ok: true; value: FilteredInventory } | { ok: false; problem: string };

/** The inventory of CAPTURE with the exceptions of FILTERS applied; a bad capture or config is a problem, not a throw. */
export async function inventoryWithFilters(capture: string, filters: string, workspace?: string): Promise<FilteredInventoryResult> {
  try {
    return { ok: true, value: await buildFilteredInventory(capture, await loadFiltersConfig(filters), undefined, { workspace }) };
  } catch (error) {
    if (error instanceof ScapFormatError) return { ok: false, problem: error.message.replace(/[\r\n]+/g, ' ') };
    if (error instanceof FiltersConfigError) return { ok: false, problem: error.message };
    throw error;
  }
}
