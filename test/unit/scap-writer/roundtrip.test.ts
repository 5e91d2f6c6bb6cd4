// Round trip: random descriptions -> writer -> our reader (readCapture). What the reader sees for every
// exec, connect, DNS datagram and open must be what the description asked for.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dnsPacket from 'dns-packet';
import ipaddr from 'ipaddr.js';
import { readCapture, type ScapEvent } from '../../../src/scap/index.ts';
import { parseCaptureDescription, writeCapture, type CaptureDescriptionInput } from '../../../src/scap/writer/index.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scap-writer-roundtrip-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const programs = ['/usr/bin/curl', '/usr/bin/git', '/usr/bin/python3', '/opt/hostedtoolcache/node/20.11.0/x64/bin/node', '/usr/local/bin/a-program-with-a-long-name'];
const word = fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,11}$/).filter((name) => name !== '.' && name !== '..');
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const ipv4 = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((parts) => parts.join('.'));
const ipv6 = fc.tuple(fc.integer({ min: 0x2001, max: 0x2fff }), fc.nat(0xffff), fc.integer({ min: 1, max: 0xffff })).map(([a, b, c]) => `${a.toString(16)}:${b.toString(16)}::${c.toString(16)}`);
const port = fc.integer({ min: 1, max: 65535 });

type Step =
  | { kind: 'spawn'; program: string; args: string[]; cwd: string | undefined }
  | { kind: 'open'; path: string }
  | { kind: 'connect'; v6: boolean; local: [string, number]; remote: [string, number]; result: 'ok' | 'EINPROGRESS' | 'ECONNREFUSED' }
  | { kind: 'dns'; name: string; id: number };

const step: fc.Arbitrary<{ actor: number; step: Step }> = fc.record({
  actor: fc.nat(),
  step: fc.oneof(
    fc.record({ kind: fc.constant('spawn' as const), program: fc.constantFrom(...programs), args: fc.array(word, { maxLength: 4 }), cwd: fc.option(word.map((name) => `/w/${name}`), { nil: undefined }) }),
    fc.record({ kind: fc.constant('open' as const), path: fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')) }),
    fc.boolean().chain((v6) =>
      fc.record({
        kind: fc.constant('connect' as const),
        v6: fc.constant(v6),
        local: fc.tuple(v6 ? ipv6 : ipv4, port),
        remote: fc.tuple(v6 ? ipv6 : ipv4, port),
        result: fc.constantFrom('ok' as const, 'EINPROGRESS' as const, 'ECONNREFUSED' as const),
      }),
    ),
    fc.record({ kind: fc.constant('dns' as const), name: fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.')), id: fc.nat(65535) }),
  ),
});

interface Expected {
  execs: string[];
  connects: string[];
  dns: string[];
  opens: string[];
}

/** Builds a description and, independently of the writer, what a reader must see for it. */
function scenario(steps: Array<{ actor: number; step: Step }>): { input: CaptureDescriptionInput; expected: Expected } {
  const live: Array<{ pid: number; comm: string; cwd: string }> = [{ pid: 100, comm: 'bash', cwd: '/w' }];
  const events: NonNullable<CaptureDescriptionInput['events']> = [];
  const expected: Expected = { execs: [], connects: [], dns: [], opens: [] };
  let nextPid = 1000;
  for (const { actor, step: item } of steps) {
    const process = live[actor % live.length]!;
    switch (item.kind) {
      case 'spawn': {
        const pid = nextPid++;
        events.push({ type: 'fork', pid: process.pid, childPid: pid });
        events.push({ type: 'exec', pid, exepath: item.program, args: item.args, ...(item.cwd === undefined ? {} : { cwd: item.cwd }) });
        const comm = item.program.slice(item.program.lastIndexOf('/') + 1).slice(0, 15);
        const cwd = item.cwd ?? process.cwd;
        live.push({ pid, comm, cwd });
        expected.execs.push(`${pid} ppid=${process.pid} ${comm} ${item.program} [${item.args.join(' ')}] ${cwd}/`);
        break;
      }
      case 'open':
        events.push({ type: 'open', pid: process.pid, path: item.path, flags: ['O_WRONLY', 'O_CREAT', 'O_TRUNC'] });
        expected.opens.push(`${process.pid} ${process.cwd}/${item.path}`);
        break;
      case 'connect': {
        events.push({ type: 'connect', pid: process.pid, local: { ip: item.local[0], port: item.local[1] }, remote: { ip: item.remote[0], port: item.remote[1] }, result: item.result });
        const res = { ok: 0, EINPROGRESS: -115, ECONNREFUSED: -111 }[item.result];
        const canonical = (ip: string): string => ipaddr.parse(ip).toString();
        // A refused connect leaves the socket unconnected: only its result is compared.
        expected.connects.push(res === -111 ? `${process.pid} res=${res}` : `${process.pid} ${canonical(item.local[0])}:${item.local[1]}->${canonical(item.remote[0])}:${item.remote[1]} res=${res}`);
        break;
      }
      case 'dns':
        events.push({ type: 'dns', pid: process.pid, server: { ip: '127.0.0.53' }, local: { ip: '127.0.0.1', port: 40000 }, name: item.name, id: item.id });
        expected.dns.push(`${process.pid} ${item.id} ${item.name} -> 127.0.0.53:53`);
        break;
    }
  }
  return { input: { processes: [{ pid: 100, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash', cwd: '/w' }], events }, expected };
}

function observed(events: ScapEvent[]): Expected {
  const seen: Expected = { execs: [], connects: [], dns: [], opens: [] };
  for (const event of events) {
    if (event.dir !== '<') continue;
    const thread = event.thread;
    if (event.name === 'execve' && event.params.res === 0n) {
      seen.execs.push(`${thread?.pid} ppid=${thread?.ptid} ${thread?.comm} ${thread?.exepath} [${thread?.args.join(' ')}] ${thread?.cwd}`);
    } else if (event.name === 'connect' && event.params.res === -111n) {
      seen.connects.push(`${thread?.pid} res=-111`);
    } else if (event.name === 'connect') {
      seen.connects.push(`${thread?.pid} ${event.fd?.client?.ip}:${event.fd?.client?.port}->${event.fd?.server?.ip}:${event.fd?.server?.port} res=${String(event.params.res)}`);
    } else if (event.name === 'sendto') {
      const packet = dnsPacket.decode(Buffer.from(event.params.data as Uint8Array));
      seen.dns.push(`${thread?.pid} ${packet.id} ${packet.questions?.[0]?.name} -> ${event.fd?.server?.ip}:${event.fd?.server?.port}`);
    } else if (event.name === 'openat') {
      seen.opens.push(`${thread?.pid} ${event.fd?.name}`);
    }
  }
  return seen;
}

test('random descriptions read back exactly through readCapture', async () => {
  let run = 0;
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 25 }), async (steps) => {
      const { input, expected } = scenario(steps);
      const path = join(dir, `case-${run++}.scap`);
      const written = await writeCapture(parseCaptureDescription(input), path, { gzip: run % 2 === 0 });
      const events: ScapEvent[] = [];
      const summary = await readCapture(path, (event) => events.push(event));
      await rm(path);
      assert.equal(summary.events, written.events);
      assert.equal(summary.truncated, undefined);
      // Normalize the reader's bigint/number results for the comparison.
      const seen = observed(events.map((event) => ({ ...event, params: { ...event.params, res: typeof event.params.res === 'bigint' ? event.params.res : event.params.res === undefined ? undefined : BigInt(event.params.res as number) } })) as ScapEvent[]);
      assert.deepEqual(seen, expected);
    }),
    { numRuns: 40 },
  );
});
