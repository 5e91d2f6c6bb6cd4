// Markdown rendering of an inventory. Everything in it comes from the capture, which the monitored job
// controls: every text cell is a hostile value, written as code spans by the report's one escaping
// module (no link, mention, HTML, table split or workflow command can come out of it).
import { hostileCode } from '../report/escape.ts';
import { formatEndpoint, type Inventory, type InventoryDamage } from './inventory.ts';

/** One table cell: numbers as they are, text as hostile code spans. */
function markdownCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  return value === '' ? '' : hostileCode(value);
}

function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  if (rows.length === 0) return '_none_\n';
  const lines = [`| ${headers.join(' | ')} |`, `|${headers.map(() => ' --- ').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map(markdownCell).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

/** Rows each Markdown table shows at most; the JSON report keeps every entry. */
export const MARKDOWN_ROW_LIMIT = 50;
/** Values the summary names per line at most. */
const SUMMARY_VALUE_LIMIT = 10;

/** A table of at most MARKDOWN_ROW_LIMIT rows, then how many more the JSON report holds. */
function cappedTable<T>(headers: readonly string[], entries: readonly T[], row: (entry: T) => ReadonlyArray<string | number>): string {
  const shown = entries.slice(0, MARKDOWN_ROW_LIMIT);
  const more = entries.length - shown.length;
  return table(headers, shown.map(row)) + (more > 0 ? `\n_${more} more in the JSON report_\n` : '');
}

function firstValues(values: readonly string[]): string {
  const shown = values.slice(0, SUMMARY_VALUE_LIMIT).join(', ');
  return values.length > SUMMARY_VALUE_LIMIT ? `${shown}, ... (${values.length - SUMMARY_VALUE_LIMIT} more)` : shown;
}

function timeSpan(entry: { firstTime: string; lastTime: string }): string {
  return entry.firstTime === entry.lastTime ? entry.firstTime : `${entry.firstTime} to ${entry.lastTime}`;
}

function renderSummary(inventory: Inventory): string {
  const { summary, totals } = inventory;
  return (
    `\n## Summary\n` +
    table(
      ['what', 'count', 'which'],
      [
        ['public destinations', summary.publicDestinations.length, firstValues(summary.publicDestinations.map((destination) => `${formatEndpoint(destination.remote)}/${destination.protocol}`))],
        ['domains queried', summary.domains.length, firstValues(summary.domains)],
        ['new executables (written, then run)', summary.newExecutables.length, firstValues(summary.newExecutables)],
        [`files written outside the workspace (${summary.workspace})`, summary.writtenOutsideWorkspace.length, firstValues(summary.writtenOutsideWorkspace)],
        ['containers', summary.containers, firstValues(inventory.containers.map((container) => container.name || container.id))],
        ['executions / connections / DNS queries / file opens for writing', `${totals.executions} / ${totals.connections} / ${totals.dnsQueries} / ${totals.fileOpens}`, ''],
      ],
    )
  );
}

export function renderInventoryMarkdown(inventory: Inventory): string {
  const { capture } = inventory;
  const parts: string[] = [];
  parts.push(`# Capture inventory\n`);
  parts.push(
    table(
      ['capture', 'events', 'first event', 'last event', 'truncated at byte'],
      [[capture.path, capture.events, capture.firstEventTime ?? '', capture.lastEventTime ?? '', capture.truncated === null ? '' : capture.truncated.offset]],
    ),
  );
  if (capture.damage !== null) parts.push(renderDamage(capture.damage));
  parts.push(renderSummary(inventory));
  parts.push(`\n## Processes (${inventory.processes.length} distinct, ${inventory.totals.executions} runs)\n`);
  parts.push(
    cappedTable(['runs', 'when', 'exepath', 'args', 'parent', 'user', 'container'], inventory.processes, (entry) => [
      entry.count,
      timeSpan(entry),
      entry.exepath || entry.name,
      entry.args.join(' '),
      entry.parent === null ? '' : entry.parent.exepath || entry.parent.name,
      entry.user,
      entry.containerId,
    ]),
  );
  // Public destinations first: what left the machine.
  const connections = [...inventory.connections.filter((entry) => entry.scope === 'public'), ...inventory.connections.filter((entry) => entry.scope !== 'public')];
  parts.push(`\n## Connections (${inventory.connections.length} distinct, ${inventory.totals.connections} made)\n`);
  parts.push(
    cappedTable(['count', 'remote', 'protocol', 'scope', 'process', 'bytes sent', 'bytes received', 'when'], connections, (entry) => [
      entry.count,
      formatEndpoint(entry.remote),
      entry.protocol,
      entry.scope,
      entry.exepath || entry.process,
      entry.bytesSent,
      entry.bytesReceived,
      timeSpan(entry),
    ]),
  );
  parts.push(`\n## DNS (${inventory.dns.length} names, ${inventory.totals.dnsQueries} queries, ${inventory.totals.dnsResponses} responses)\n`);
  parts.push(
    cappedTable(['name', 'types', 'queries', 'answers', 'servers', 'processes'], inventory.dns, (entry) => [
      entry.name,
      entry.types.join(', '),
      entry.queries,
      firstValues(entry.answers),
      firstValues(entry.servers),
      firstValues(entry.processes),
    ]),
  );
  parts.push(`\n## Files opened for writing (${inventory.files.length} paths, ${inventory.totals.fileOpens} opens)\n`);
  parts.push(
    cappedTable(['path', 'opens', 'flags', 'processes', 'when'], inventory.files, (entry) => [
      entry.path,
      entry.count,
      entry.flags.join('|'),
      firstValues(entry.processes.map((process) => process.exepath || process.name)),
      timeSpan(entry),
    ]),
  );
  parts.push(`\n## Containers (${inventory.containers.length})\n`);
  parts.push(cappedTable(['id', 'name', 'image'], inventory.containers, (entry) => [entry.id, entry.name, entry.image]));
  return parts.join('');
}

/** The damaged stretches of a capture: where, how much, and the time window whose events may be lost. */
function renderDamage(damage: InventoryDamage): string {
  const regions = damage.regionCount === 1 ? 'one damaged region' : `${damage.regionCount} damaged regions`;
  const lines = [
    `\n## Damage: ${regions}, ${damage.bytesSkipped} bytes skipped\n`,
    'The capture is damaged. The reader skipped each damaged region and read on from the next valid block: ' +
      'everything outside the regions is in this report; events recorded inside them are lost (they lie between the times shown).' +
      (damage.stoppedAt === null ? '' : ` Reading stopped at byte ${damage.stoppedAt}: no valid block followed the damage, so the rest of the file is not a capture.`) +
      (damage.regions.length < damage.regionCount ? ` The first ${damage.regions.length} regions are listed.` : '') +
      '\n\n',
    table(
      ['at byte', 'bytes skipped', 'read on at byte', 'events lost between', 'problem'],
      damage.regions.map((region) => [
        region.offset,
        region.bytesSkipped,
        region.resumedAt === null ? 'end of capture' : region.resumedAt,
        `${region.lastEventTimeBefore ?? 'start'} and ${region.firstEventTimeAfter ?? 'end'}`,
        region.problem,
      ]),
    ),
  ];
  return lines.join('');
}
