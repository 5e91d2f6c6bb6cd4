// Random CI-like scenarios for round-trip tests: a description for the writer plus, computed
// independently of the writer, what each step means (who ran what where, who connected where).
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import type { CaptureDescriptionInput } from '../../../src/scap/writer/index.ts';

const programs = ['/usr/bin/curl', '/usr/bin/git', '/usr/bin/python3', '/opt/hostedtoolcache/node/20.11.0/x64/bin/node', '/usr/local/bin/a-program-with-a-long-name'];
const word = fc.stringMatching(/^[a-z0-9_-][a-z0-9._-]{0,11}$/).filter((name) => name !== '.' && name !== '..');
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
const ipv4 = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.nat(255), fc.nat(255), fc.integer({ min: 1, max: 254 })).map((parts) => parts.join('.'));
const ipv6 = fc.tuple(fc.integer({ min: 0x2001, max: 0x2fff }), fc.nat(0xffff), fc.integer({ min: 1, max: 0xffff })).map(([a, b, c]) => `${a.toString(16)}:${b.toString(16)}::${c.toString(16)}`);
const port = fc.integer({ min: 1, max: 65535 });

export type Step =
  | { kind: 'spawn'; program: string; args: string[]; cwd: string | undefined }
  | { kind: 'open'; path: string }
  | { kind: 'connect'; local: [string, number]; remote: [string, number]; result: 'ok' | 'EINPROGRESS' | 'ECONNREFUSED' }
  | { kind: 'dns'; name: string; id: number };

export const stepArbitrary: fc.Arbitrary<{ actor: number; step: Step }> = fc.record({
  actor: fc.nat(),
  step: fc.oneof(
    fc.record({ kind: fc.constant('spawn' as const), program: fc.constantFrom(...programs), args: fc.array(word, { maxLength: 4 }), cwd: fc.option(word.map((name) => `/w/${name}`), { nil: undefined }) }),
    fc.record({ kind: fc.constant('open' as const), path: fc.array(word, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')) }),
    fc.boolean().chain((v6) =>
      fc.record({
        kind: fc.constant('connect' as const),
        local: fc.tuple(v6 ? ipv6 : ipv4, port),
        remote: fc.tuple(v6 ? ipv6 : ipv4, port),
        result: fc.constantFrom('ok' as const, 'EINPROGRESS' as const, 'ECONNREFUSED' as const),
      }),
    ),
    fc.record({ kind: fc.constant('dns' as const), name: fc.array(label, { minLength: 2, maxLength: 4 }).map((labels) => labels.join('.')), id: fc.nat(65535) }),
  ),
});

export interface ModelProcess {
  pid: number;
  ppid: number;
  comm: string;
  exepath: string;
  args: string[];
  /** With the trailing '/' libsinsp keeps. */
  cwd: string;
}

export type Fact =
  | { kind: 'exec'; process: ModelProcess; parent: ModelProcess }
  | { kind: 'open'; process: ModelProcess; path: string }
  | { kind: 'connect'; process: ModelProcess; local: { ip: string; port: number }; remote: { ip: string; port: number }; res: number }
  | { kind: 'dns'; process: ModelProcess; id: number; name: string; local: { ip: string; port: number }; server: { ip: string; port: number } };

export const ROOT: ModelProcess = { pid: 100, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash', args: [], cwd: '/w/' };

const canonical = (ip: string): string => ipaddr.parse(ip).toString();

export function scenario(steps: Array<{ actor: number; step: Step }>): { input: CaptureDescriptionInput; facts: Fact[] } {
  const live: ModelProcess[] = [ROOT];
  const events: NonNullable<CaptureDescriptionInput['events']> = [];
  const facts: Fact[] = [];
  let nextPid = 1000;
  for (const { actor, step: item } of steps) {
    const process = live[actor % live.length]!;
    switch (item.kind) {
      case 'spawn': {
        const pid = nextPid++;
        events.push({ type: 'fork', pid: process.pid, childPid: pid });
        events.push({ type: 'exec', pid, exepath: item.program, args: item.args, ...(item.cwd === undefined ? {} : { cwd: item.cwd }) });
        const child: ModelProcess = {
          pid,
          ppid: process.pid,
          comm: item.program.slice(item.program.lastIndexOf('/') + 1).slice(0, 15),
          exepath: item.program,
          args: item.args,
          cwd: item.cwd === undefined ? process.cwd : `${item.cwd}/`,
        };
        live.push(child);
        facts.push({ kind: 'exec', process: child, parent: process });
        break;
      }
      case 'open':
        events.push({ type: 'open', pid: process.pid, path: item.path, flags: ['O_WRONLY', 'O_CREAT', 'O_TRUNC'] });
        facts.push({ kind: 'open', process, path: `${process.cwd}${item.path}` });
        break;
      case 'connect':
        events.push({ type: 'connect', pid: process.pid, local: { ip: item.local[0], port: item.local[1] }, remote: { ip: item.remote[0], port: item.remote[1] }, result: item.result });
        facts.push({
          kind: 'connect',
          process,
          local: { ip: canonical(item.local[0]), port: item.local[1] },
          remote: { ip: canonical(item.remote[0]), port: item.remote[1] },
          res: { ok: 0, EINPROGRESS: -115, ECONNREFUSED: -111 }[item.result],
        });
        break;
      case 'dns':
        events.push({ type: 'dns', pid: process.pid, server: { ip: '127.0.0.53' }, local: { ip: '127.0.0.1', port: 40000 }, name: item.name, id: item.id });
        facts.push({ kind: 'dns', process, id: item.id, name: item.name, local: { ip: '127.0.0.1', port: 40000 }, server: { ip: '127.0.0.53', port: 53 } });
        break;
    }
  }
  return { input: { processes: [{ pid: ROOT.pid, ppid: ROOT.ppid, comm: ROOT.comm, exepath: ROOT.exepath, cwd: '/w' }], events }, facts };
}
