// Capture redaction: secrets planted in a process environment (the process list and an execve) and in a
// write payload of a writer-made capture never reach the redacted copy's bytes; the copy keeps every
// event, the command lines and the DNS messages (its inventory equals the original's).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildInventory, type Inventory } from '../../../src/inventory/inventory.ts';
import { readCapture, readCaptureDetailed, ScapFormatError } from '../../../src/scap/index.ts';
import { blankEnvironment, redactCapture, redactEventBlock } from '../../../src/scap/redact.ts';
import { eventCode } from '../../../src/scap/event-table.ts';
import { frameEvent, parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { readStringList } from '../../../src/scap/params.ts';
import { repoPath } from '../../support/env.ts';

const SECRETS = ['ghs_secretInTheProcessList', 'ghs_secretInAnExec', 'ghs_secretInAWrite'];
const SECRET_PREFIX = 'ghs_secret';

let dir = '';

/** ci-job.json with the secrets planted: in a process's env, an exec's env and a write's data. */
async function plantedDescription(): Promise<unknown> {
  const path = repoPath('examples', 'ci-job.json');
  const json = JSON.parse(await readFile(path, 'utf8')) as {
    processes: Array<Record<string, unknown>>;
    events: Array<Record<string, unknown>>;
  };
  json.processes[1]!['env'] = [`GITHUB_TOKEN=${SECRETS[0]}`, 'PATH=/usr/bin:/bin', 'NOVALUE'];
  const exec = json.events.find((event) => event['type'] === 'exec' && event['exepath'] === '/usr/bin/git')!;
  exec['env'] = [`GITHUB_TOKEN=${SECRETS[1]}`, 'HOME=/home/runner'];
  const write = json.events.find((event) => event['type'] === 'write')!;
  write['data'] = `token=${SECRETS[2]}\n`;
  return json;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'redact-'));
  const description = parseCaptureDescription(await plantedDescription(), 'planted ci-job.json');
  await writeCapture(description, join(dir, 'plain.scap'), { gzip: false });
  await writeCapture(description, join(dir, 'gzip.scap'), { gzip: true });
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The capture's bytes as the reader sees them (decompressed when gzip). */
async function streamBytes(path: string): Promise<Buffer> {
  const bytes = await readFile(path);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}

function withoutPath(inventory: Inventory): unknown {
  return { ...inventory, capture: { ...inventory.capture, path: '' } };
}

for (const variant of ['plain', 'gzip'] as const) {
  test(`${variant}: the redacted copy holds none of the planted secrets, every event, and the same inventory`, async () => {
    const original = join(dir, `${variant}.scap`);
    const redacted = join(dir, `${variant}.redacted.scap`);
    const originalBytes = await streamBytes(original);
    for (const secret of SECRETS) assert.ok(originalBytes.includes(secret), `the original holds ${secret}`);

    const result = await redactCapture(original, redacted);
    assert.equal(result.gzip, variant === 'gzip', 'compressed as the input was');
    const rawBytes = await readFile(redacted);
    assert.equal(rawBytes[0] === 0x1f && rawBytes[1] === 0x8b, variant === 'gzip');
    assert.ok(!rawBytes.includes(SECRET_PREFIX), 'the file bytes hold no secret');
    assert.ok(!(await streamBytes(redacted)).includes(SECRET_PREFIX), 'the decompressed bytes hold no secret');
    assert.ok(result.environmentsBlanked >= 2, `${result.environmentsBlanked} environments`);
    assert.ok(result.buffersBlanked >= 1 && result.dnsBuffersKept >= 1, `${result.buffersBlanked} blanked, ${result.dnsBuffersKept} DNS kept`);

    const before = await readCaptureDetailed(original, () => {});
    const afterRead = await readCaptureDetailed(redacted, () => {});
    assert.equal(afterRead.events, before.events);
    assert.equal(result.events, before.events);
    assert.equal(afterRead.truncated, undefined);
    assert.equal(afterRead.damage, undefined);
    assert.deepEqual(afterRead.warnings, []);

    const originalInventory = await buildInventory(original);
    const redactedInventory = await buildInventory(redacted);
    assert.ok(redactedInventory.dns.some((entry) => entry.name === 'github.com'), 'DNS names still decode');
    assert.deepEqual(withoutPath(redactedInventory), withoutPath(originalInventory));
  });
}

test('environment names stay with empty values, command lines stay, written bytes become zeros of the same length', async () => {
  const redacted = join(dir, 'fields.redacted.scap');
  await redactCapture(join(dir, 'plain.scap'), redacted);
  const envs: string[][] = [];
  const gitArgs: string[][] = [];
  const writes: Uint8Array[] = [];
  await readCapture(redacted, (event) => {
    const env = event.params['env'];
    if (env instanceof Uint8Array && env.length > 0) envs.push(readStringList(env, 0, env.length));
    if (event.name === 'execve' && event.thread?.exepath === '/usr/bin/git') gitArgs.push(event.thread.args);
    if (event.name === 'write' && event.fd?.name.endsWith('FETCH_HEAD') === true) writes.push(event.params['data'] as Uint8Array);
  }, { direction: '<' });
  assert.deepEqual(envs, [['GITHUB_TOKEN=', 'HOME=']]);
  assert.deepEqual(gitArgs[0], ['-c', 'protocol.version=2', 'fetch', '--no-tags', '--depth=1', 'origin', '+refs/heads/main:refs/remotes/origin/main']);
  assert.equal(writes.length, 1);
  assert.deepEqual([...writes[0]!], new Array(`token=${SECRETS[2]}\n`.length).fill(0));
});

test('blankEnvironment keeps NAME= and drops entries without a value separator', () => {
  const env = Buffer.from('A=1\0EMPTY=\0NOVALUE\0B=x=y\0');
  assert.equal(Buffer.from(blankEnvironment(env)).toString('latin1'), 'A=\0EMPTY=\0B=\0');
  assert.equal(blankEnvironment(new Uint8Array(0)).length, 0);
});

test('an event block keeps its data when keepData says it is DNS, else zeros it in place', () => {
  const code = eventCode('SOCKET_SENDTO_X');
  const payload = Buffer.from('a DNS query or a secret');
  const block = frameEvent({ ts: 5n, tid: 42, code, params: { res: BigInt(payload.length), data: payload, fd: 3n, size: payload.length } });
  const tally = { environmentsBlanked: 0, buffersBlanked: 0, dnsBuffersKept: 0, unknownEventsBlanked: 0 };
  const kept = redactEventBlock(block, (ts, tid, type) => ts === 5n && tid === 42 && type === code, tally);
  assert.ok(Buffer.from(kept).includes(payload));
  const blanked = redactEventBlock(block, () => false, tally);
  assert.equal(blanked.length, block.length);
  assert.ok(!Buffer.from(blanked).includes(payload));
  assert.deepEqual(tally, { environmentsBlanked: 0, buffersBlanked: 1, dnsBuffersKept: 1, unknownEventsBlanked: 0 });
});

test('a capture cut off inside a block: the complete blocks are copied, the cut is reported', async () => {
  const whole = await readFile(join(dir, 'plain.scap'));
  const cutPath = join(dir, 'cut.scap');
  await writeFile(cutPath, whole.subarray(0, whole.length - 10));
  const result = await redactCapture(cutPath, join(dir, 'cut.redacted.scap'));
  assert.ok(result.truncated !== undefined && result.truncated.offset < whole.length - 10);
  const cut = await readCaptureDetailed(cutPath, () => {});
  const copy = await readCaptureDetailed(join(dir, 'cut.redacted.scap'), () => {});
  assert.equal(copy.events, cut.events);
  assert.equal(copy.truncated, undefined);
});

test('a gzip capture cut off: the copy keeps the whole blocks before the cut and reports it', async () => {
  const whole = await readFile(join(dir, 'gzip.scap'));
  const cutPath = join(dir, 'cut.scap.gz');
  await writeFile(cutPath, whole.subarray(0, Math.floor(whole.length / 2)));
  const result = await redactCapture(cutPath, join(dir, 'cut.redacted.scap.gz'));
  assert.notEqual(result.truncated, undefined);
  assert.equal(result.damage, undefined);
  const cut = await readCaptureDetailed(cutPath, () => {});
  const copy = await readCaptureDetailed(join(dir, 'cut.redacted.scap.gz'), () => {});
  assert.ok(copy.events > 0);
  assert.equal(copy.events, cut.events);
  assert.equal(copy.truncated, undefined);
});

test('a gzip capture whose compressed data is damaged: the copy stops at the damage and reports it', async () => {
  const whole = Buffer.from(await readFile(join(dir, 'gzip.scap')));
  // The CRC-32 in the gzip trailer no longer matches: zlib fails the stream at its end.
  whole[whole.length - 8] = whole[whole.length - 8]! ^ 0xff;
  const damagedPath = join(dir, 'crc.scap.gz');
  await writeFile(damagedPath, whole);
  const result = await redactCapture(damagedPath, join(dir, 'crc.redacted.scap.gz'));
  assert.match(result.damage?.problem ?? '', /gzip stream is damaged/);
  assert.equal(result.damage?.bytesLeftOut, undefined);
});

test('a damaged block length stops the copy there and is reported with its offset', async () => {
  const whole = Buffer.from(await readFile(join(dir, 'plain.scap')));
  // The section header's length field says 13: no block length can be odd.
  const shbLength = whole.readUInt32LE(4);
  const nextBlock = shbLength;
  whole.writeUInt32LE(13, nextBlock + 4);
  const damagedPath = join(dir, 'damaged.scap');
  await writeFile(damagedPath, whole);
  const result = await redactCapture(damagedPath, join(dir, 'damaged.redacted.scap'));
  assert.equal(result.damage?.offset, nextBlock);
  assert.equal(result.damage?.bytesLeftOut, whole.length - nextBlock);
  assert.match(result.damage?.problem ?? '', /block length of 13/);
  assert.equal(result.events, 0);
});

test('input that is no capture, and a copy onto itself, are refused without writing', async () => {
  const notCapture = join(dir, 'not.scap');
  await writeFile(notCapture, 'hello, not a capture');
  await assert.rejects(redactCapture(notCapture, join(dir, 'not.redacted.scap')), ScapFormatError);
  await assert.rejects(readFile(join(dir, 'not.redacted.scap')), { code: 'ENOENT' });
  await assert.rejects(redactCapture(join(dir, 'plain.scap'), join(dir, 'plain.scap')), /another file/);
});
