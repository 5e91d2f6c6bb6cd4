import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compileFilter, parseFilter, FilterCompileError, compileOutput, OutputFormatError } from '../../../src/filter/index.ts';
import type { EvalContext } from '../../../src/filter/index.ts';
import type { FdState } from '../../../src/scap/model.ts';
import { allThreads, event, thread, tree } from './events.ts';

const passwd: FdState = { num: 3, kind: 'file', typechar: 'f', name: '/etc/passwd', openFlags: 1 };
// openat exit, O_RDONLY|O_CLOEXEC, by curl
const openRead = event({
  symbol: 'SYSCALL_OPENAT_2_X', thread: tree.curl, table: allThreads, fd: passwd,
  params: { fd: 3, dirfd: -100, name: '/etc/passwd', flags: 1 | (1 << 12), mode: 0 },
});
const openWriteFailed = event({
  symbol: 'SYSCALL_OPENAT_2_X', thread: tree.bash, table: allThreads,
  params: { fd: -13, dirfd: -100, name: '/etc/shadow', flags: 2 | 4 | 256, mode: 0o644 },
});
const tcp: FdState = {
  num: 5, kind: 'ipv4', typechar: '4', name: '10.1.0.4:41234->140.82.112.3:443', l4proto: 'tcp',
  client: { ip: '10.1.0.4', port: 41234 }, server: { ip: '140.82.112.3', port: 443 }, role: 'client',
};
const connect = event({ symbol: 'SOCKET_CONNECT_X', thread: tree.curl, table: allThreads, fd: tcp, params: { res: 0, fd: 5 } });
const context: EvalContext = {
  users: new Map([[1001, { uid: 1001, gid: 1001, name: 'runner', home: '/home/runner', shell: '/bin/bash' }]]),
  containers: new Map(),
};

function matches(condition: string, ev = openRead, options = {}): boolean {
  return compileFilter(condition, options)(ev, context);
}

test('event fields', () => {
  assert.ok(matches('evt.type = openat and evt.dir = "<"'));
  assert.ok(matches('evt.type in (open, openat, openat2)'));
  assert.ok(matches('evt.res = SUCCESS and evt.rawres = 3 and evt.failed = false'));
  assert.ok(matches('evt.res = EACCES and evt.rawres < 0 and evt.failed = true', openWriteFailed));
  assert.ok(matches('evt.is_open_read = true and evt.is_open_write = false'));
  // O_CREAT asks; only the kernel's PPM_O_F_CREATED (or a successful O_TMPFILE) says the file was created.
  assert.ok(matches('evt.is_open_write = true and evt.is_open_create = false', openWriteFailed));
  const created = (flags: number, fd: number) =>
    event({ symbol: 'SYSCALL_OPENAT_2_X', thread: tree.bash, table: allThreads, params: { fd, dirfd: -100, name: '/tmp/new', flags, mode: 0o644 } });
  assert.ok(matches('evt.is_open_create = true', created(2 | 4 | (1 << 14), 4)));
  assert.ok(matches('evt.is_open_create = true', created(2 | (1 << 13), 4)));
  assert.ok(matches('evt.is_open_create = false', created(2 | (1 << 13), -2)));
  assert.ok(matches('fd.num = -1', openWriteFailed), 'a failed open has no fd: libsinsp answers -1');
  assert.ok(matches('evt.arg.flags = "O_RDONLY|O_CLOEXEC"'));
  assert.ok(matches('evt.arg.flags contains O_TRUNC and evt.arg.flags contains O_WRONLY', openWriteFailed));
  assert.ok(matches('evt.arg.name = /etc/passwd and evt.arg[2] = /etc/passwd'));
  assert.ok(matches('evt.arg.fd = "<f>/etc/passwd"'));
  assert.ok(matches('evt.arg.fd = EACCES', openWriteFailed));
  assert.ok(matches('evt.rawarg.flags = 4097 and evt.rawarg.name startswith /etc'));
  assert.ok(matches('evt.num = 1 and evt.rawtime > 1700000000000000000'));
});

test('process fields and ancestry', () => {
  assert.ok(matches('proc.name = curl and proc.pname = bash and proc.aname[0] = curl and proc.aname[1] = bash'));
  assert.ok(matches('proc.aname[2] = Runner.Worker and proc.aname[3] = systemd'));
  assert.ok(!matches('proc.aname[4] = systemd'), 'beyond the tree: no value, so false');
  assert.ok(matches('not proc.aname[4] = systemd'), 'a missing value under not is true, as in libsinsp');
  assert.ok(matches('proc.aname = Runner.Worker'), 'without index: any ancestor');
  assert.ok(!matches('proc.aname = curl'), 'the process itself is not its own ancestor');
  assert.ok(matches('proc.apid[2] = 100 and proc.ppid = 200 and proc.pid = 300'));
  assert.ok(matches('proc.cmdline = "curl -s https://example.com/x.sh" and proc.args startswith -s'));
  assert.ok(matches('proc.exepath = /usr/bin/curl and proc.pexepath = /usr/bin/bash'));
  assert.ok(matches('proc.cwd = /home/runner/work/repo/ and user.uid = 1001 and user.name = runner'));
  assert.ok(matches('container.id = host and container.name = host'));
  assert.ok(matches('container.image.repository = "" and container.image = "" and container.image.tag = ""'), 'the container plugin gives the host empty image fields');
});

test('fd fields', () => {
  assert.ok(matches('fd.name = /etc/passwd and fd.directory = /etc and fd.filename = passwd and fd.typechar = f and fd.num = 3'));
  // As libsinsp: a failed open has no fd in the table, but fd.name/fd.directory come from its path.
  assert.ok(matches('fd.name = /etc/shadow and fd.directory = /etc and fd.typechar = f', openWriteFailed));
  assert.ok(!matches('fd.filename exists or fd.type exists', openWriteFailed));
  const execve = event({ symbol: 'SYSCALL_EXECVE_19_X', thread: tree.curl, table: allThreads, fd: passwd, params: { res: 0 } });
  assert.ok(!matches('fd.name exists or fd.num exists or fd.typechar exists', execve), 'no fd fields for an event that does not use an fd');
  assert.ok(matches('fd.sip = 140.82.112.3 and fd.sport = 443 and fd.cport = 41234 and fd.l4proto = tcp', connect));
  assert.ok(matches('fd.rip = 140.82.112.3 and fd.rport = 443 and fd.lip = 10.1.0.4', connect));
  assert.ok(matches('fd.snet = "140.82.0.0/16" and fd.net = "10.0.0.0/8" and fd.cnet in ("10.0.0.0/8", "192.168.0.0/16")', connect));
  assert.ok(!matches('fd.snet = "10.0.0.0/8"', connect));
  assert.ok(matches('fd.sip in (1.1.1.1, 140.82.112.3) and fd.sport in (80, 443)', connect));
  assert.ok(!matches('fd.sip exists'), 'a file fd has no server ip');
  assert.ok(matches('fd.typechar = 4 and fd.type = ipv4', connect));
});

test('string operators follow libsinsp', () => {
  assert.ok(matches('fd.name contains passw and fd.name icontains PASSW and fd.name startswith /etc/'));
  assert.ok(matches('fd.name endswith wd and fd.name glob "/etc/*" and fd.name glob "/e?c/[a-p]asswd"'));
  assert.ok(matches('fd.name glob "*wd"'), "fnmatch without FNM_PATHNAME: '*' crosses '/'");
  assert.ok(matches('fd.name iglob "/ETC/*"') && !matches('fd.name glob "/ETC/*"'));
  assert.ok(matches('fd.name pmatch (/usr, /etc)') && matches('fd.name pmatch (/etc/passwd)'));
  assert.ok(!matches('fd.name pmatch (/et)'), 'pmatch works on whole path components');
  assert.ok(matches('fd.name pmatch (/e*)'), 'pmatch components may be globs');
  assert.ok(matches('fd.name regex "/etc/pass.*"') && !matches('fd.name regex "pass"'), 'regex matches the whole value');
  assert.throws(() => matches('fd.name > /a'), /expected a number value/, "libsinsp's grammar takes only numbers after < <= > >=");
  assert.ok(matches('proc.name != bash'));
  assert.ok(!matches('fd.sip != 1.2.3.4') && !matches('proc.aname[7] != x'), '!= on a missing value is false');
});

test('macros and lists expand; undefined ones are errors', () => {
  const macros = new Map([['open_read', parseFilter('evt.type in (open, openat) and evt.is_open_read = true')], ['loop', parseFilter('loop')]]);
  const lists = new Map<string, readonly string[]>([['net_tools', ['curl', 'wget']], ['all_tools', ['net_tools', 'nc']]]);
  assert.ok(matches('open_read and proc.name in net_tools', openRead, { macros, lists }));
  assert.ok(matches('proc.name in (all_tools)', openRead, { macros, lists }), 'list names inside lists expand');
  assert.ok(matches('proc.name in all_tools', openRead, { macros, lists }));
  assert.ok(!matches('proc.name in ("net_tools")', openRead, { macros, lists }), 'a quoted item is a value, not a list');
  assert.throws(() => compileFilter('spawned_process'), (error: unknown) => error instanceof FilterCompileError && /undefined macro 'spawned_process'/.test(error.message));
  assert.throws(() => compileFilter('proc.name in shells'), /undefined list 'shells' at 1:14/);
  assert.throws(() => compileFilter('loop', { macros }), /refers to itself/);
});

test('fields and operators we cannot evaluate are refused when compiling, naming the field', () => {
  assert.throws(() => compileFilter('k8s.pod.name = x'), /field 'k8s.pod.name' is a Falco field that falco-actions cannot evaluate on a capture/);
  assert.throws(() => compileFilter('proc.nmae = x'), (error: unknown) => error instanceof FilterCompileError && error.unsupportedField === 'proc.nmae' && /not a Falco field \(a typo\?\)/.test(error.message));
  assert.throws(() => compileFilter('proc.name = a and proc.env contains X'), (error: unknown) => error instanceof FilterCompileError && error.subject === 'proc.env');
  assert.throws(() => compileFilter('fd.num contains 3'), /operator 'contains' is not supported on int field fd.num/);
  assert.throws(() => compileFilter('proc.name bcontains 41'), /operator 'bcontains' is not supported on string/);
  assert.throws(() => compileFilter('fd.num = abc'), /'abc' is not a number/);
  assert.throws(() => compileFilter('fd.sip = 10.0.0.0/8'), /not an IP address/);
  assert.throws(() => compileFilter('proc.name startswith anyof (a, b)'), /modifier 'anyof' is not supported/);
  assert.throws(() => compileFilter('proc.aname[x] = a'), /needs a numeric argument/);
  assert.throws(() => compileFilter('evt.arg.flagz contains O_RDONLY'), /field 'evt.arg.flagz' names a parameter no event has/);
  assert.throws(() => compileFilter('evt.rawarg.nme = x'), /field 'evt.rawarg.nme' names a parameter no event has/);
});

test('transformers and field comparison', () => {
  assert.ok(matches('tolower(proc.name) = curl and toupper(proc.name) = CURL and basename(fd.name) = passwd'));
  assert.ok(matches('len(fd.name) = 11'));
  assert.ok(matches('proc.name = val(proc.aname[0]) and proc.name != val(proc.pname)'));
  assert.throws(() => compileFilter('b64(proc.name) = x'), /transformer 'b64\(\)' is not supported/);
});

test('outputs fill in fields and print <NA> for a missing value', () => {
  const format = compileOutput('file=%fd.name proc=%proc.name parent=%proc.aname[1] gp=%proc.aname[9] flags=%evt.arg.flags user=%user.name');
  assert.equal(format(openRead, context), 'file=/etc/passwd proc=curl parent=bash gp=<NA> flags=O_RDONLY|O_CLOEXEC user=runner');
  assert.throws(() => compileOutput('x %proc.nope y'), (error: unknown) => error instanceof OutputFormatError && error.field === 'proc.nope' && /1:3/.test(error.message));
  assert.equal(compileOutput('shell %proc.name%container.info!')(openRead, context), 'shell curl!', "Falco's %container.info placeholder expands to nothing");
  const thread9 = thread({ tid: 9, comm: 'x' });
  assert.equal(compileOutput('%proc.name')(event({ symbol: 'SYSCALL_OPENAT_2_X', thread: thread9 })), 'x');
});

test('expandCondition inlines macros and lists as Falco does; the result matches like the original', async () => {
  const { expandCondition, printFilter } = await import('../../../src/filter/index.ts');
  const macros = new Map([['open_read', parseFilter('evt.type in (open, openat) and evt.is_open_read = true')]]);
  const lists = new Map<string, readonly string[]>([['net_tools', ['curl', 'wget']], ['tools', ['net_tools', 'my tool']]]);
  const expanded = printFilter(expandCondition(parseFilter('open_read and proc.name in (tools)'), { macros, lists }));
  assert.equal(expanded, '((evt.type in (open, openat)) and (evt.is_open_read = true)) and (proc.name in (curl, wget, "my tool"))');
  assert.equal(compileFilter(expanded)(openRead), compileFilter('open_read and proc.name in (tools)', { macros, lists })(openRead));
  assert.throws(() => expandCondition(parseFilter('nothing'), {}), /undefined macro 'nothing'/);
});

test('container, login user and duration fields from the capture tables', () => {
  const id = 'ab'.repeat(32);
  const inContainer = event({
    symbol: 'SYSCALL_OPENAT_2_X', table: allThreads,
    thread: { ...tree.curl, containerId: id, loginuid: 1001, startTs: 1_700_000_000_000_000_000n },
    fd: passwd, params: { fd: 3, name: '/etc/passwd', flags: 1 },
  });
  const withTables: EvalContext = {
    users: context.users,
    containers: new Map([[id, { id, name: 'web', image: 'ghcr.io/acme/web:1.2', type: 'docker', privileged: true }]]),
  };
  const check = (condition: string, ev = inContainer) => compileFilter(condition)(ev, withTables);
  assert.ok(check('container.privileged = true and container.type = docker and container.name = web'));
  assert.ok(check('container.image.repository = ghcr.io/acme/web and container.image = "ghcr.io/acme/web:1.2"'));
  assert.ok(check('user.loginname = runner and proc.duration = 123456789'));
  assert.ok(!check('container.privileged exists', openRead), 'host processes have no container record');
  assert.ok(!check('proc.duration exists', openRead), 'unknown start time: no value');
});
