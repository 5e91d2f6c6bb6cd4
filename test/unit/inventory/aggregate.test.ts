// The inventory aggregates while reading: repeated work becomes one entry with a count, so what it holds
// grows with the distinct entries, not with the events; DNS responses add their answers; the summary
// names what a reviewer looks for first; the Markdown tables are capped and point to the JSON report.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { InventoryBuilder, INVENTORY_EVENT_NAMES, buildInventory } from '../../../src/inventory/inventory.ts';
import { MARKDOWN_ROW_LIMIT, renderInventoryMarkdown } from '../../../src/inventory/markdown.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { event, p, processList, sectionHeader, userList } from '../scap/capture-bytes.ts';

const dir = mkdtempSync(join(tmpdir(), 'inventory-aggregate-test-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const T0 = 1_748_856_600_000_000_000n;
const AF_INET = 2;
const SOCK_STREAM = 1;
const SOCK_DGRAM = 2;
const O_WRONLY = 1 << 1;

function execve(ts: bigint, tid: number, exepath: string, args: string[]): Buffer[] {
  const comm = exepath.slice(exepath.lastIndexOf('/') + 1);
  return [
    event('SYSCALL_EXECVE_19_E', ts, tid, [p.str(exepath)]),
    event('SYSCALL_EXECVE_19_X', ts + 1n, tid, [p.i64(0), p.str(comm), p.strings(args), p.i64(tid), p.i64(tid), p.i64(1), p.str('/home/runner/work/repo'), p.i64(0), p.i64(0), p.i64(0), p.u32(1001), p.u32(0), p.u32(0), p.str(comm)]),
  ];
}

function write(name: string, blocks: Buffer[]): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([sectionHeader(), processList([{ tid: 10, ptid: 1, comm: 'bash', exepath: '/usr/bin/bash', cwd: '/home/runner/work/repo', uid: 1001 }, { tid: 1, ptid: 0, comm: 'systemd', cwd: '/' }]), userList([{ uid: 1001, name: 'runner' }]), ...blocks]));
  return path;
}

/** A build step repeated `rounds` times: the compiler runs, connects to the registry, writes its output. */
function repeatedJob(rounds: number): string {
  const blocks: Buffer[] = [];
  for (let round = 0; round < rounds; round++) {
    const ts = T0 + BigInt(round) * 100n;
    blocks.push(...execve(ts, 10, '/usr/bin/cc', ['-c', 'main.c']));
    blocks.push(event('SOCKET_SOCKET_X', ts + 10n, 10, [p.i64(3), p.u32(AF_INET), p.u32(SOCK_STREAM), p.u32(0)]));
    blocks.push(event('SOCKET_CONNECT_X', ts + 11n, 10, [p.i64(0), p.ipv4Tuple('10.1.0.4', 40000 + (round % 20000), '104.16.0.35', 443), p.i64(3)]));
    blocks.push(event('SYSCALL_WRITE_X', ts + 12n, 10, [p.i64(100), p.bytes(Buffer.alloc(16)), p.i64(3), p.u32(100)]));
    blocks.push(event('SYSCALL_CLOSE_X', ts + 13n, 10, [p.i64(0), p.i64(3)]));
    blocks.push(event('SYSCALL_OPENAT_2_X', ts + 14n, 10, [p.i64(4), p.i64(-100), p.str('/home/runner/work/repo/main.o'), p.u32(O_WRONLY), p.u32(0), p.u32(0), p.i64(0)]));
    blocks.push(event('SYSCALL_CLOSE_X', ts + 15n, 10, [p.i64(0), p.i64(4)]));
  }
  return write(`job-${rounds}.scap`, blocks);
}

async function entriesHeldAfter(path: string): Promise<{ held: number; inventory: ReturnType<InventoryBuilder['finish']> }> {
  const builder = new InventoryBuilder();
  const summary = await readCapture(path, builder.onEvent, { eventNames: INVENTORY_EVENT_NAMES, direction: '<' });
  return { held: builder.entriesHeld, inventory: builder.finish(summary) };
}

describe('aggregation', () => {
  it('holds as many entries for 2,000 rounds of the same work as for 20', async () => {
    const small = await entriesHeldAfter(repeatedJob(20));
    const large = await entriesHeldAfter(repeatedJob(2000));
    assert.equal(large.held, small.held, 'entries held grow with distinct entries, not with events');
    assert.ok(large.inventory.capture.events > 100 * small.held, 'the large capture has far more events than entries');
    const { processes, connections, files, totals } = large.inventory;
    assert.deepEqual(
      processes.map((entry) => [entry.exepath, entry.args, entry.count, entry.firstTime, entry.lastTime, entry.user, entry.parent?.name]),
      [['/usr/bin/cc', ['-c', 'main.c'], 2000, '2025-06-02T09:30:00.000000001Z', '2025-06-02T09:30:00.000199901Z', 'runner', 'systemd']],
    );
    assert.deepEqual(
      connections.map((entry) => [`${entry.remote.ip}:${entry.remote.port}`, entry.count, entry.bytesSent, entry.process]),
      [['104.16.0.35:443', 2000, 200_000, 'cc']],
      'the local port changes every round; the destination is one entry with its bytes',
    );
    assert.deepEqual(files.map((entry) => [entry.path, entry.count]), [['/home/runner/work/repo/main.o', 2000]]);
    assert.deepEqual(totals, { executions: 2000, connections: 2000, dnsQueries: 0, dnsResponses: 0, fileOpens: 2000 });
  });

  it('keeps distinct commands apart: arguments, parent, user and container are part of the key', async () => {
    const blocks = [...execve(T0, 10, '/usr/bin/git', ['fetch']), ...execve(T0 + 10n, 10, '/usr/bin/git', ['push']), ...execve(T0 + 20n, 10, '/usr/bin/git', ['fetch'])];
    const { processes } = await buildInventory(write('distinct.scap', blocks));
    // The second and third execve replace the process image of tid 10: their parent is systemd (ptid 1) each time.
    assert.deepEqual(
      processes.map((entry) => [entry.args.join(' '), entry.count]),
      [
        ['fetch', 2],
        ['push', 1],
      ],
    );
  });
});

describe('DNS responses', () => {
  const query = dnsPacket.encode({ type: 'query', id: 7, questions: [{ name: 'github.com', type: 'A' }] });
  const response = dnsPacket.encode({
    type: 'response',
    id: 7,
    questions: [{ name: 'github.com', type: 'A' }],
    answers: [
      { type: 'CNAME', name: 'github.com', data: 'lb.github.com' },
      { type: 'A', name: 'lb.github.com', data: '140.82.112.3' },
      { type: 'A', name: 'lb.github.com', data: '140.82.112.4' },
    ],
  });
  function dnsJob(reply: Buffer): string {
    return write(`dns-${reply.length}.scap`, [
      event('SOCKET_SOCKET_X', T0, 10, [p.i64(5), p.u32(AF_INET), p.u32(SOCK_DGRAM), p.u32(0)]),
      event('SOCKET_SENDTO_X', T0 + 1n, 10, [p.i64(query.length), p.bytes(query), p.i64(5), p.u32(query.length), p.ipv4Tuple('10.1.0.4', 40000, '8.8.8.8', 53)]),
      // recvfrom's tuple is inbound: the source is the server.
      event('SOCKET_RECVFROM_X', T0 + 2n, 10, [p.i64(reply.length), p.bytes(reply), p.ipv4Tuple('8.8.8.8', 53, '10.1.0.4', 40000), p.i64(5), p.u32(512)]),
    ]);
  }

  it('adds the answers of a response to the name asked, and counts the bytes received', async () => {
    const inventory = await buildInventory(dnsJob(response));
    assert.deepEqual(
      inventory.dns.map((entry) => [entry.name, entry.queries, entry.responses, entry.answers]),
      [['github.com', 1, 1, ['CNAME lb.github.com', 'A 140.82.112.3', 'A 140.82.112.4']]],
    );
    assert.deepEqual(inventory.connections.map((entry) => [entry.bytesSent, entry.bytesReceived]), [[query.length, response.length]]);
    assert.equal(inventory.totals.dnsResponses, 1);
  });

  it('keeps the answers that fit in a response the capture cut short', async () => {
    const inventory = await buildInventory(dnsJob(response.subarray(0, response.length - 2)));
    assert.deepEqual(inventory.dns[0]?.answers, ['CNAME lb.github.com', 'A 140.82.112.3']);
  });
});

describe('summary and Markdown', () => {
  it('names executables the job wrote and ran, and files written outside the workspace', async () => {
    const blocks = [
      event('SYSCALL_CREAT_X', T0, 10, [p.i64(7), p.str('/tmp/payload'), p.u32(0o755)]),
      event('SYSCALL_OPENAT_2_X', T0 + 1n, 10, [p.i64(8), p.i64(-100), p.str('/dev/null'), p.u32(O_WRONLY), p.u32(0), p.u32(0), p.i64(0)]),
      event('SYSCALL_OPENAT_2_X', T0 + 2n, 10, [p.i64(9), p.i64(-100), p.str('/home/runner/work/repo/out.txt'), p.u32(O_WRONLY), p.u32(0), p.u32(0), p.i64(0)]),
      ...execve(T0 + 3n, 10, '/tmp/payload', []),
    ];
    const inventory = await buildInventory(write('dropper.scap', blocks));
    assert.deepEqual(inventory.summary.newExecutables, ['/tmp/payload']);
    assert.deepEqual(inventory.summary.writtenOutsideWorkspace, ['/tmp/payload'], '/dev/null is a pseudo-file; out.txt is inside the workspace');
    const custom = await buildInventory(write('dropper.scap', blocks), { workspace: '/tmp/' });
    assert.deepEqual(custom.summary.writtenOutsideWorkspace, ['/home/runner/work/repo/out.txt']);
  });

  it('caps each table and says how many more entries the JSON report holds', async () => {
    const extra = 7;
    const blocks: Buffer[] = [];
    for (let index = 0; index < MARKDOWN_ROW_LIMIT + extra; index++) blocks.push(...execve(T0 + BigInt(index) * 10n, 10, '/usr/bin/echo', [`step-${index}`]));
    const inventory = await buildInventory(write('many.scap', blocks));
    assert.equal(inventory.processes.length, MARKDOWN_ROW_LIMIT + extra, 'the JSON keeps every distinct entry');
    const markdown = renderInventoryMarkdown(inventory);
    const processSection = markdown.slice(markdown.indexOf('## Processes'), markdown.indexOf('## Connections'));
    assert.equal(processSection.split('\n').filter((line) => line.startsWith('| ') && line.includes('step-')).length, MARKDOWN_ROW_LIMIT);
    assert.ok(processSection.includes(`_${extra} more in the JSON report_`));
    assert.ok(markdown.indexOf('## Summary') < markdown.indexOf('## Processes'), 'the summary comes first');
  });
});

