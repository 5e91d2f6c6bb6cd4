// The `inventory` sub-command end to end, as a user runs it: real captures in, JSON/Markdown out, exit
// codes and stderr for truncated, damaged and non-capture files.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync, gzipSync } from 'node:zlib';
import { eventCode } from '../../../src/scap/event-table.ts';
import { EV_BLOCK_TYPE, EV_BLOCK_TYPE_V2, SHB_BLOCK_TYPE, SHB_MAGIC } from '../../../src/scap/format.ts';
import { buildInventory } from '../../../src/inventory/inventory.ts';
import { runCli } from '../../support/cli.ts';
import { block } from '../../unit/scap/capture-bytes.ts';
import { requireSharedCaptures, sharedCapturesDir } from '../../support/env.ts';

const cli = (args: string[]) => runCli(['inventory', ...args]);

const scratch = mkdtempSync(join(tmpdir(), 'inventory-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Start offsets of the blocks of an uncompressed capture, read from their length fields. */
function blockStarts(bytes: Buffer): number[] {
  const starts: number[] = [];
  for (let offset = 0; offset + 8 <= bytes.length; offset += bytes.readUInt32LE(offset + 4)) starts.push(offset);
  return starts;
}

describe('falco-actions inventory', () => {
  it('prints the inventory as JSON, exactly what buildInventory returns', async (t) => {
    if (!requireSharedCaptures(t)) return;
    const capture = join(sharedCapturesDir(), 'curl_google.scap');
    const run = await cli([capture]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
    assert.deepEqual(JSON.parse(run.stdout), JSON.parse(JSON.stringify(await buildInventory(capture))));
    const parsed = JSON.parse(run.stdout) as { processes: Array<{ name: string; args: string[]; firstPid: number }>; dns: Array<{ name: string; answers: string[] }> };
    assert.deepEqual(parsed.processes.map((entry) => [entry.name, entry.args, entry.firstPid]), [['curl', ['-6', 'http://www.google.com'], 17497]]);
    assert.deepEqual(parsed.dns.map((entry) => [entry.name, entry.answers]), [['www.google.com', ['AAAA 2607:f8b0:4004:802::2004']]], 'the response is decoded too');
  });

  it('prints readable Markdown tables', async (t) => {
    if (!requireSharedCaptures(t)) return;
    const run = await cli(['--format', 'markdown', join(sharedCapturesDir(), 'curl_google.scap')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^## Processes \(1 distinct, 1 runs\)$/m);
    assert.match(run.stdout, /^\| 1 \| [^|]* \| ` curl ` \| ` -6 http:\/\/www\.google\.com ` \| ` bash ` \| ` ubuntu ` \| ` host ` \|$/m);
    assert.match(run.stdout, /\| ` www\.google\.com ` \| ` AAAA ` \| 1 \|/);
    assert.match(run.stdout, /\| ` \[2607:f8b0:4004:802::2004\]:80 ` \| ` tcp ` \| ` public ` \|/, 'text in code spans');
    assert.ok(run.stdout.indexOf('## Summary') < run.stdout.indexOf('## Processes'), 'the summary comes first');
  });

  it('reads a truncated capture: every complete event, a warning with the offset, exit 0', async (t) => {
    if (!requireSharedCaptures(t)) return;
    const whole = gunzipSync(readFileSync(join(sharedCapturesDir(), 'curl_google.scap')));
    const cut = Math.floor(whole.length * 0.7);
    const starts = blockStarts(whole);
    const partialStart = starts.filter((start) => start <= cut).at(-1)!;
    const completeEvents = starts.filter((start) => start < partialStart && [0x204, 0x216].includes(whole.readUInt32LE(start))).length;
    const truncated = join(scratch, 'truncated.scap');
    writeFileSync(truncated, whole.subarray(0, cut));
    const run = await cli([truncated]);
    assert.equal(run.code, 0);
    const inventory = JSON.parse(run.stdout) as { capture: { events: number; truncated: { offset: number } } };
    assert.deepEqual(inventory.capture.truncated, { offset: partialStart });
    assert.equal(inventory.capture.events, completeEvents);
    assert.match(run.stderr, new RegExp(`warning: .*truncated\\.scap ends mid-block at byte ${partialStart}`));
  });

  it('reads on after a block length zeroed in the middle: the connection and DNS after it kept, the damage reported, exit 3', async (t) => {
    if (!requireSharedCaptures(t)) return;
    const original = join(sharedCapturesDir(), 'curl_google.scap');
    const whole = gunzipSync(readFileSync(original));
    const starts = blockStarts(whole);
    const connect = eventCode('SOCKET_CONNECT_X');
    // The event block just before curl's first connect.
    const victim = starts[starts.findIndex((start) => [EV_BLOCK_TYPE, EV_BLOCK_TYPE_V2].includes(whole.readUInt32LE(start)) && whole.readUInt16LE(start + 8 + 2 + 20) === connect) - 1]!;
    const victimLength = whole.readUInt32LE(victim + 4);
    const damaged = Buffer.from(whole);
    damaged.writeUInt32LE(0, victim + 4);
    const path = join(scratch, 'damaged.scap');
    writeFileSync(path, damaged);
    const run = await cli([path]);
    assert.equal(run.code, 3, run.stderr);
    const expected = JSON.parse(JSON.stringify(await buildInventory(original))) as { capture: { events: number }; connections: unknown[]; dns: unknown[]; processes: unknown[] };
    const inventory = JSON.parse(run.stdout) as typeof expected & { capture: { damage: { regionCount: number; regions: Array<{ offset: number; bytesSkipped: number; resumedAt: number }> } } };
    assert.equal(inventory.capture.events, expected.capture.events - 1);
    assert.deepEqual(inventory.connections, expected.connections);
    assert.deepEqual(inventory.dns, expected.dns);
    assert.deepEqual(inventory.processes, expected.processes);
    assert.equal(inventory.capture.damage.regionCount, 1);
    assert.deepEqual(
      [inventory.capture.damage.regions[0]!.offset, inventory.capture.damage.regions[0]!.bytesSkipped, inventory.capture.damage.regions[0]!.resumedAt],
      [victim, victimLength, victim + victimLength],
    );
    assert.equal(run.stderr, `falco-actions inventory: ${path} is damaged: one damaged region, ${victimLength} bytes skipped, the first at byte ${victim} (block of type 0x204 has an impossible length 0); every event outside the damage was read (the report lists each damaged region)\n`);
    const markdown = await cli(['--format', 'markdown', path]);
    assert.equal(markdown.code, 3);
    assert.match(markdown.stdout, /^## Damage: one damaged region, \d+ bytes skipped$/m);
    assert.match(markdown.stdout, new RegExp(`^\\| ${victim} \\| ${victimLength} \\| ${victim + victimLength} \\| .* and .* \\| \` block of type 0x204 has an impossible length 0 \` \\|$`, 'm'));
  });

  it('keeps every event of a gzip capture whose CRC is wrong, names the fault, exit 3', async (t) => {
    if (!requireSharedCaptures(t)) return;
    const original = join(sharedCapturesDir(), 'curl_google.scap');
    const compressed = Buffer.from(readFileSync(original));
    compressed[compressed.length - 8]! ^= 0xff;
    const path = join(scratch, 'bad-crc.scap.gz');
    writeFileSync(path, compressed);
    const run = await cli([path]);
    assert.equal(run.code, 3, run.stderr);
    const expected = JSON.parse(JSON.stringify(await buildInventory(original))) as { capture: { events: number }; connections: unknown[]; dns: unknown[] };
    const inventory = JSON.parse(run.stdout) as typeof expected;
    assert.equal(inventory.capture.events, expected.capture.events);
    assert.deepEqual(inventory.connections, expected.connections);
    assert.deepEqual(inventory.dns, expected.dns);
    assert.match(run.stderr, /is damaged: one damaged region, 0 bytes skipped, the first at byte \d+ \(the gzip stream fails its integrity check \(incorrect data check\)/);
  });

  it('refuses a pcapng network capture, plain or compressed, exit 1', async () => {
    const section = Buffer.alloc(16);
    section.writeUInt32LE(SHB_MAGIC, 0);
    section.writeUInt16LE(1, 4);
    section.writeBigInt64LE(-1n, 8);
    const interfaceDescription = Buffer.from([1, 0, 0, 0, 0xff, 0xff, 0, 0]); // Ethernet, snaplen 65535
    const pcapng = Buffer.concat([block(SHB_BLOCK_TYPE, section), block(1, interfaceDescription)]);
    for (const [name, bytes] of [
      ['traffic.pcapng', pcapng],
      ['traffic.pcapng.gz', gzipSync(pcapng)],
    ] as const) {
      const path = join(scratch, name);
      writeFileSync(path, bytes);
      const run = await cli([path]);
      assert.equal(run.code, 1);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, `falco-actions inventory: ${path}: is a pcapng network capture (link-layer packets), not a sysdig/Falco scap capture\n`);
    }
  });

  it('rejects a file that is not a capture with one line naming it', async () => {
    const notCapture = join(scratch, 'notes.txt');
    writeFileSync(notCapture, 'just some text\n');
    for (const [path, problem] of [
      [notCapture, 'not a scap capture'],
      [join(scratch, 'absent.scap'), 'cannot read the file (no such file)'],
      [scratch, 'cannot read the file (is a directory)'],
    ] as const) {
      const run = await cli([path]);
      assert.equal(run.code, 1, path);
      assert.equal(run.stdout, '');
      const lines = run.stderr.trimEnd().split('\n');
      assert.equal(lines.length, 1, run.stderr);
      assert.ok(lines[0]!.startsWith(`falco-actions inventory: ${path}: ${problem}`), lines[0]);
    }
  });

  it('explains bad usage', async () => {
    const badFormat = await cli(['--format', 'yaml', 'x.scap']);
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /--format must be json or markdown/);
    const noCapture = await cli([]);
    assert.equal(noCapture.code, 2);
    assert.match(noCapture.stderr, /usage: falco-actions inventory/);
  });
});
