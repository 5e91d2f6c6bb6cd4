// Round trip: random descriptions -> writer -> our reader. What readCapture yields for every exec,
// connect, DNS datagram and open, and what buildInventory lists, must be what the description asked for.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as dnsPacket from 'dns-packet';
import { readCapture, type ScapEvent } from '../../../src/scap/index.ts';
import { buildInventory } from '../../../src/inventory/inventory.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { repoPath } from '../../support/env.ts';
import { scenario, stepArbitrary, type Fact } from './scenario.ts';

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'scap-writer-roundtrip-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function line(fact: Fact): string {
  const who = `${fact.process.pid}`;
  switch (fact.kind) {
    case 'exec':
      return `exec ${who} ppid=${fact.process.ppid} ${fact.process.comm} ${fact.process.exepath} [${fact.process.args.join(' ')}] ${fact.process.cwd}`;
    case 'open':
      return `open ${who} ${fact.path}`;
    case 'connect':
      // A refused connect leaves the socket unconnected: only its result is compared.
      return fact.res === -111 ? `connect ${who} res=-111` : `connect ${who} ${fact.local.ip}:${fact.local.port}->${fact.remote.ip}:${fact.remote.port} res=${fact.res}`;
    case 'dns':
      return `dns ${who} ${fact.id} ${fact.name} -> ${fact.server.ip}:${fact.server.port}`;
  }
}

function observedLines(events: ScapEvent[]): string[] {
  const lines: string[] = [];
  for (const event of events) {
    if (event.dir !== '<') continue;
    const thread = event.thread;
    const res = event.params.res === undefined || event.params.res === null ? undefined : Number(event.params.res as number | bigint);
    if (event.name === 'execve' && res === 0) {
      lines.push(`exec ${thread?.pid} ppid=${thread?.ptid} ${thread?.comm} ${thread?.exepath} [${thread?.args.join(' ')}] ${thread?.cwd}`);
    } else if (event.name === 'connect' && res === -111) {
      lines.push(`connect ${thread?.pid} res=-111`);
    } else if (event.name === 'connect') {
      lines.push(`connect ${thread?.pid} ${event.fd?.client?.ip}:${event.fd?.client?.port}->${event.fd?.server?.ip}:${event.fd?.server?.port} res=${res}`);
    } else if (event.name === 'sendto') {
      const packet = dnsPacket.decode(Buffer.from(event.params.data as Uint8Array));
      lines.push(`dns ${thread?.pid} ${packet.id} ${packet.questions?.[0]?.name} -> ${event.fd?.server?.ip}:${event.fd?.server?.port}`);
    } else if (event.name === 'openat') {
      lines.push(`open ${thread?.pid} ${event.fd?.name}`);
    }
  }
  return lines;
}

let counter = 0;

test('random descriptions read back exactly through readCapture', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 25 }), async (steps) => {
      const { input, facts } = scenario(steps);
      const path = join(dir, `case-${counter++}.scap`);
      // Alternate gzip and exit-only captures (as current drivers write them) with enter+exit ones.
      const written = await writeCapture(parseCaptureDescription(input), path, { gzip: counter % 2 === 0, exitOnly: counter % 3 === 0 });
      const events: ScapEvent[] = [];
      const summary = await readCapture(path, (event) => events.push(event));
      await rm(path);
      assert.equal(summary.events, written.events);
      assert.equal(summary.truncated, undefined);
      assert.deepEqual(observedLines(events), facts.map(line));
    }),
    { numRuns: 40 },
  );
});

/** Items grouped by key in first-seen order, each group made into one expected entry. */
function grouped<T, R>(items: readonly T[], key: (item: T) => string, entry: (first: T, count: number, all: T[]) => R): R[] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group === undefined) groups.set(key(item), [item]);
    else group.push(item);
  }
  return [...groups.values()].map((group) => entry(group[0]!, group.length, group));
}

test('random descriptions come back from buildInventory as described', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: 25 }), async (steps) => {
      const { input, facts } = scenario(steps);
      const path = join(dir, `inventory-${counter++}.scap`);
      const written = await writeCapture(parseCaptureDescription(input), path, { exitOnly: counter % 2 === 0 });
      const inventory = await buildInventory(path);
      await rm(path);
      assert.equal(inventory.capture.events, written.events);
      assert.equal(inventory.capture.truncated, null);

      // The inventory aggregates: the facts are grouped by the same keys here, in first-seen order.
      assert.deepEqual(
        inventory.processes.map(({ firstPid, name, exepath, args, cwd, user, parent, containerId, count }) => ({ firstPid, name, exepath, args, cwd, user, parent, containerId, count })),
        grouped(
          facts.flatMap((fact) => (fact.kind === 'exec' ? [fact] : [])),
          (fact) => JSON.stringify([fact.process.exepath, fact.process.args, fact.parent.comm, fact.parent.exepath]),
          (fact, count) => ({
            firstPid: fact.process.pid,
            name: fact.process.comm,
            exepath: fact.process.exepath,
            args: fact.process.args,
            cwd: fact.process.cwd,
            user: 'root',
            parent: { name: fact.parent.comm, exepath: fact.parent.exepath },
            containerId: 'host',
            count,
          }),
        ),
      );

      const made = facts.flatMap((fact) => {
        const who = { process: fact.process.comm, exepath: fact.process.exepath };
        if (fact.kind === 'connect' && fact.res !== -111) return [{ syscall: 'connect', ...who, protocol: 'tcp', remote: fact.remote }];
        if (fact.kind === 'dns') return [{ syscall: 'sendto', ...who, protocol: 'udp', remote: fact.server }];
        return [];
      });
      assert.deepEqual(
        inventory.connections.map(({ syscalls, process, exepath, protocol, remote, count }) => ({ syscalls, process, exepath, protocol, remote, count })),
        grouped(
          made,
          (entry) => JSON.stringify([entry.remote, entry.protocol, entry.process, entry.exepath]),
          (entry, count, all) => ({ syscalls: [...new Set(all.map((one) => one.syscall))], process: entry.process, exepath: entry.exepath, protocol: entry.protocol, remote: entry.remote, count }),
        ),
      );

      assert.deepEqual(
        inventory.dns.map(({ name, servers, processes, protocols, queries }) => ({ name, servers, processes, protocols, queries })),
        grouped(
          facts.flatMap((fact) => (fact.kind === 'dns' ? [fact] : [])),
          (fact) => fact.name,
          (fact, count, all) => ({
            name: fact.name,
            servers: [...new Set(all.map((one) => `${one.server.ip}:${one.server.port}`))],
            processes: [...new Set(all.map((one) => one.process.comm))],
            protocols: ['udp'],
            queries: count,
          }),
        ),
      );

      assert.deepEqual(
        inventory.files.map(({ processes, path: file, flags, count }) => ({ processes, path: file, flags, count })),
        grouped(
          facts.flatMap((fact) => (fact.kind === 'open' ? [fact] : [])),
          (fact) => fact.path,
          (fact, count, all) => ({
            processes: [...new Map(all.map((one) => [`${one.process.comm}\u0000${one.process.exepath}`, { name: one.process.comm, exepath: one.process.exepath }])).values()],
            path: fact.path,
            flags: ['O_WRONLY', 'O_CREAT', 'O_TRUNC'],
            count,
          }),
        ),
      );

      const times = [...inventory.processes, ...inventory.connections, ...inventory.files].flatMap((entry) => [entry.firstTime, entry.lastTime]).sort();
      for (const time of times) {
        assert.ok(time >= (inventory.capture.firstEventTime ?? '') && time <= (inventory.capture.lastEventTime ?? ''), `${time} lies within the capture`);
      }
    }),
    { numRuns: 30 },
  );
});

test('the example CI job: inventory times are the described times, and the container is listed', async () => {
  const source = repoPath('examples', 'ci-job.json');
  const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
  const path = join(dir, 'ci-job.scap');
  await writeCapture(description, path);
  const inventory = await buildInventory(path);
  assert.equal(inventory.capture.firstEventTime, '2025-06-02T09:30:00.000000000Z', 'the container event opens the capture at start');
  // The suspicious step starts at 15000 ms: its bash exec is the first process after it.
  const setup = inventory.processes.find((entry) => entry.args.includes('/home/runner/work/_temp/f3e1b0d9-setup.sh'));
  assert.ok(setup !== undefined && setup.firstTime.startsWith('2025-06-02T09:30:15.'), `setup step exec at ${setup?.firstTime}`);
  assert.deepEqual(inventory.containers, [{ id: '5f2b9c0e41d7', name: 'falco-actions-capture', image: 'docker.io/sysdig/sysdig:0.40.1' }]);
  const workflowWrite = inventory.files.find((entry) => entry.path.includes('/.github/workflows/'));
  assert.deepEqual(workflowWrite && { processes: workflowWrite.processes.map((process) => process.name), path: workflowWrite.path }, {
    processes: ['sh'],
    path: '/home/runner/work/demo/demo/.github/workflows/release.yml',
  });
  const external = inventory.dns.filter((entry) => entry.servers.some((server) => server.startsWith('198.51.100.23:')));
  assert.deepEqual(external.map((entry) => entry.name), ['ZXhmaWx0cmF0ZWQ.data.update-helper.example']);
});

test('an exit-only capture of the example job gives the same inventory as the enter+exit one', async () => {
  const source = repoPath('examples', 'ci-job.json');
  const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
  const both = join(dir, 'both.scap');
  const exitOnly = join(dir, 'exit-only.scap');
  const full = await writeCapture(description, both);
  const reduced = await writeCapture(description, exitOnly, { exitOnly: true });
  assert.ok(reduced.events < full.events);
  const withoutTimes = <T extends { firstTime: string; lastTime: string }>(entries: T[]): Array<Omit<T, 'firstTime' | 'lastTime'>> =>
    entries.map(({ firstTime: _first, lastTime: _last, ...rest }) => rest);
  const a = await buildInventory(both);
  const b = await buildInventory(exitOnly);
  assert.equal(b.capture.events, reduced.events);
  assert.deepEqual(withoutTimes(b.processes), withoutTimes(a.processes));
  assert.deepEqual(withoutTimes(b.connections), withoutTimes(a.connections));
  assert.deepEqual(withoutTimes(b.dns), withoutTimes(a.dns));
  assert.deepEqual(withoutTimes(b.files), withoutTimes(a.files));
  assert.deepEqual(b.containers, a.containers);
});
