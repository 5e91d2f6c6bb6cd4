// One measured pass of our inventory over a capture, in its own process so that its peak RSS is its own.
// Prints one JSON line: { mode, events, seconds, maxRssKb }. bench/run.ts bundles this file with esbuild
// and runs it on plain node, as the committed CLI bundle runs.
import { buildInventory } from '../src/scap/inventory.ts';

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: ours.ts CAPTURE');
  const started = process.hrtime.bigint();
  const inventory = await buildInventory(path);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const events = inventory.capture.events;
  process.stdout.write(`${JSON.stringify({ mode: 'buildInventory', events, seconds, maxRssKb: process.resourceUsage().maxRSS })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
