// One measured pass of our reader over a capture, in its own process so that its peak RSS is its own.
// Prints one JSON line: { mode, events, seconds, maxRssKb }. Uses buildInventory (src/scap/inventory.ts)
// when it exists; before it lands, a readCapture pass asking for the events the inventory needs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../src/scap/index.ts';

const INVENTORY_EVENTS = new Set(['execve', 'execveat', 'connect', 'sendto', 'sendmsg', 'open', 'openat', 'openat2', 'creat', 'container']);

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: ours.ts CAPTURE');
  const inventoryModule = fileURLToPath(new URL('../src/scap/inventory.ts', import.meta.url));
  const started = process.hrtime.bigint();
  let events: number;
  let mode: string;
  if (existsSync(inventoryModule)) {
    const loaded = (await import(inventoryModule)) as { buildInventory: (capture: string) => Promise<{ capture: { events: number } }> };
    const inventory = await loaded.buildInventory(path);
    events = inventory.capture.events;
    mode = 'buildInventory';
  } else {
    let delivered = 0;
    const summary = await readCapture(path, () => {
      delivered++;
    }, { eventNames: INVENTORY_EVENTS });
    events = summary.events;
    mode = `readCapture(${delivered} inventory events delivered)`;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ mode, events, seconds, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
