// Markdown rendering of an inventory. Everything in it comes from the capture, which the monitored job
// controls: every cell is escaped so that no value can close a table cell (|), open code (`), inject
// HTML (<, >, &), start a link or emphasis, or break the row (newlines, control characters).
import type { Inventory, InventoryDamage } from './inventory.ts';

// Inside a table cell (never at a line start) only these can change the rendering: code, emphasis,
// links/images, strikethrough, the cell separator and the escape character itself.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;

/** Escapes text for one Markdown table cell. */
export function escapeMarkdownCell(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(MARKDOWN_PUNCTUATION, (character) => `\\${character}`)
    .replace(/\r\n|\r|\n/g, ' ')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function table(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  if (rows.length === 0) return '_none_\n';
  const lines = [`| ${headers.join(' | ')} |`, `|${headers.map(() => ' --- ').join('|')}|`];
  for (const row of rows) lines.push(`| ${row.map((cell) => (typeof cell === 'number' ? String(cell) : escapeMarkdownCell(cell))).join(' | ')} |`);
  return `${lines.join('\n')}\n`;
}

function endpoint(value: { ip: string; port: number }): string {
  return value.ip.includes(':') ? `[${value.ip}]:${value.port}` : `${value.ip}:${value.port}`;
}

export function renderInventoryMarkdown(inventory: Inventory): string {
  const { capture } = inventory;
  const parts: string[] = [];
  parts.push(`# Capture inventory\n`);
  parts.push(
    table(
      ['capture', 'events', 'first event', 'last event', 'truncated at byte'],
      [[capture.path, capture.events, capture.firstEventTime ?? '', capture.lastEventTime ?? '', capture.truncated === null ? '' : String(capture.truncated.offset)]],
    ),
  );
  if (capture.damage !== null) parts.push(renderDamage(capture.damage));
  parts.push(`\n## Processes (${inventory.processes.length})\n`);
  parts.push(
    table(
      ['time', 'pid', 'ppid', 'name', 'exepath', 'args', 'cwd', 'user', 'parent', 'container'],
      inventory.processes.map((entry) => [
        entry.time,
        entry.pid,
        entry.ppid,
        entry.name,
        entry.exepath,
        entry.args.join(' '),
        entry.cwd,
        entry.user,
        entry.parent === null ? '' : `${entry.parent.name} (${entry.parent.pid})`,
        entry.containerId,
      ]),
    ),
  );
  parts.push(`\n## Connections (${inventory.connections.length})\n`);
  parts.push(
    table(
      ['time', 'syscall', 'pid', 'process', 'user', 'protocol', 'local', 'remote', 'scope'],
      inventory.connections.map((entry) => [entry.time, entry.syscall, entry.pid, entry.process, entry.user, entry.protocol, endpoint(entry.local), endpoint(entry.remote), entry.scope]),
    ),
  );
  parts.push(`\n## DNS queries (${inventory.dns.length})\n`);
  parts.push(
    table(
      ['time', 'pid', 'process', 'server', 'protocol', 'queries'],
      inventory.dns.map((entry) => [entry.time, entry.pid, entry.process, endpoint(entry.server), entry.protocol, entry.queries.map((query) => `${query.name} ${query.type}`).join(', ')]),
    ),
  );
  parts.push(`\n## Files opened for writing (${inventory.files.length})\n`);
  parts.push(
    table(
      ['time', 'pid', 'process', 'path', 'flags'],
      inventory.files.map((entry) => [entry.time, entry.pid, entry.process, entry.path, entry.flags.join('|')]),
    ),
  );
  parts.push(`\n## Containers (${inventory.containers.length})\n`);
  parts.push(table(['id', 'name', 'image'], inventory.containers.map((entry) => [entry.id, entry.name, entry.image])));
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
        region.resumedAt === null ? 'end of capture' : String(region.resumedAt),
        `${region.lastEventTimeBefore ?? 'start'} and ${region.firstEventTimeAfter ?? 'end'}`,
        region.problem,
      ]),
    ),
  ];
  return lines.join('');
}
