// The `inventory` sub-command end to end, as a user runs it: real captures in, JSON/Markdown out, exit
// codes and stderr for truncated and non-capture files.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { buildInventory } from '../../../src/scap/inventory.ts';
import { runCli } from '../../support/cli.ts';
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
    const parsed = JSON.parse(run.stdout) as { processes: Array<{ name: string; args: string[] }>; dns: Array<{ names: string[] }> };
    assert.deepEqual(parsed.processes.map((entry) => [entry.name, entry.args]), [['curl', ['-6', 'http://www.google.com']]]);
    assert.deepEqual(parsed.dns.map((entry) => entry.names), [['www.google.com']]);
  });

  it('prints readable Markdown tables', async (t) => {
    if (!requireSharedCaptures(t)) return;
    const run = await cli(['--format', 'markdown', join(sharedCapturesDir(), 'curl_google.scap')]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^## Processes \(1\)$/m);
    assert.match(run.stdout, /^\| .* \| 17497 \| 3200 \| curl \|/m);
    assert.match(run.stdout, /\| www.google.com AAAA \|/);
    assert.match(run.stdout, /\| \\\[2607:f8b0:4004:802::2004\\\]:80 \| public \|/, 'brackets are escaped');
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
