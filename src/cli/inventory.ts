// `falco-actions inventory [--format json|markdown] [--filters FILE] CAPTURE`: what a captured job did,
// from one pass over the capture. A capture cut short (the recorder stopped mid-block) still prints
// everything complete and exits 0 with a warning; a damaged capture prints everything outside the damage,
// says what was lost, and exits 3 (EXIT_DAMAGED); a file that is not a capture (a pcapng network capture
// among them) ends with one line naming it and the problem, exit 1. With --filters, the
// exceptions of a filters.config remove matching entries and the output says how many each one removed,
// so an over-broad exception is visible. The report aggregates: one entry per distinct process,
// destination, name and path, with counts; the Markdown opens with a summary and caps its tables.
import { parseArgs } from 'node:util';
import { describeDamage } from '../scap/damage.ts';
import { ScapFormatError } from '../scap/errors.ts';
import { buildInventory } from '../inventory/inventory.ts';
import { renderInventoryMarkdown } from '../inventory/markdown.ts';
import { hostileCode } from '../report/escape.ts';
import type { ExceptionCount } from '../inventory/exceptions.ts';
import type { CliCommand } from './commands.ts';
import { fileProgress } from './progress.ts';
import { EXIT_DAMAGED, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';

const USAGE = 'inventory [--format json|markdown] [--filters FILTERS.config] [--workspace DIR] CAPTURE';

async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { format: { type: 'string', default: 'json' }, filters: { type: 'string' }, workspace: { type: 'string' } } });
  } catch (error) {
    process.stderr.write(`falco-actions inventory: ${(error as Error).message}\nusage: falco-actions ${USAGE}\n`);
    return EXIT_USAGE;
  }
  const { values, positionals } = parsed;
  if (values.format !== 'json' && values.format !== 'markdown') {
    process.stderr.write(`falco-actions inventory: --format must be json or markdown, not '${values.format}'\n`);
    return EXIT_USAGE;
  }
  if (positionals.length !== 1) {
    process.stderr.write(`falco-actions inventory: give exactly one CAPTURE file\nusage: falco-actions ${USAGE}\n`);
    return EXIT_USAGE;
  }
  const capture = positionals[0]!;
  // The summary's "written outside the workspace" is judged against this prefix (a directory: ends with '/').
  const workspace = values.workspace === undefined ? undefined : values.workspace.endsWith('/') ? values.workspace : `${values.workspace}/`;
  let inventory;
  let exceptions: ExceptionCount[] | undefined;
  if (values.filters === undefined) {
    const progress = fileProgress(capture);
    try {
      inventory = await buildInventory(capture, { workspace, onProgress: (bytes, events) => progress.update(bytes, events) });
    } catch (error) {
      if (!(error instanceof ScapFormatError)) throw error;
      progress.done();
      process.stderr.write(`falco-actions inventory: ${error.message.replace(/[\r\n]+/g, ' ')}\n`);
      return EXIT_FAILURE;
    }
    progress.done();
  } else {
    // The exceptions (the condition language, zod) load only with --filters: a plain inventory starts faster.
    const result = await (await import('./inventory-filters.ts')).inventoryWithFilters(capture, values.filters, workspace);
    if (!result.ok) {
      process.stderr.write(`falco-actions inventory: ${result.problem}\n`);
      return EXIT_FAILURE;
    }
    ({ inventory, exceptions } = result.value);
  }
  const output =
    values.format === 'json'
      ? `${JSON.stringify(exceptions === undefined ? inventory : { ...inventory, exceptions }, null, 2)}\n`
      : renderInventoryMarkdown(inventory) + (exceptions === undefined ? '' : renderExceptionCounts(exceptions));
  await new Promise<void>((resolve, reject) => process.stdout.write(output, (error) => (error ? reject(error) : resolve())));
  if (inventory.capture.truncated !== null) {
    process.stderr.write(
      `falco-actions inventory: warning: ${capture} ends mid-block at byte ${inventory.capture.truncated.offset} (of the uncompressed stream); the inventory holds every complete event before it\n`,
    );
  }
  if (inventory.capture.damage !== null) {
    process.stderr.write(`falco-actions inventory: ${describeDamage(capture, inventory.capture.damage)} (the report lists each damaged region)\n`);
    return EXIT_DAMAGED;
  }
  return EXIT_OK;
}

function renderExceptionCounts(counts: readonly ExceptionCount[]): string {
  const rows = counts.map(
    (count) => `| ${hostileCode(count.section)} | ${hostileCode(count.description)} | ${hostileCode(count.condition)} | ${count.removed} |`,
  );
  return ['', `## Exceptions applied (${counts.length})`, '| section | exception | condition | entries removed |', '| --- | --- | --- | --- |', ...rows, ''].join('\n');
}

export const inventoryCommand: CliCommand = { name: 'inventory', usage: USAGE, run };
