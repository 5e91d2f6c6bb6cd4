// The Falco stand-in honours Falco's interface (test/images/falco-standin/README.md): its refusals,
// rule errors, option syntax, log lines, JSON alerts and signals, checked through the docker CLI.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { docker, dockerOk } from '../../support/docker.ts';
import { repoPath, requireDocker, requireRegistryImage, standinImage } from '../../support/env.ts';

const LABEL = `io.github.falco-actions.test=standin-${randomBytes(4).toString('hex')}`;
let scratch = '';

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'falco-actions-standin-'));
  await chmod(scratch, 0o777);
});
after(async () => {
  const ids = (await dockerOk(['ps', '-aq', '--filter', `label=${LABEL}`]).catch(() => '')).split('\n').filter(Boolean);
  if (ids.length > 0) await docker(['rm', '-f', ...ids]);
  await rm(scratch, { recursive: true, force: true });
});

async function ready(t: Parameters<typeof requireDocker>[0]): Promise<boolean> {
  if (!(await requireDocker(t)) || !(await requireRegistryImage(t, standinImage()))) return false;
  await dockerOk(['pull', '-q', standinImage()]);
  return true;
}

const HOST_MOUNTS = ['-v', '/proc:/host/proc:ro', '-v', '/etc:/host/etc:ro'];

describe('Falco stand-in', { concurrency: false }, () => {
  it('refuses modern_ebpf without privileges, in Falco\'s words, exit 1', async (t) => {
    if (!(await ready(t))) return;
    const run = await docker(['run', '--rm', '--label', LABEL, ...HOST_MOUNTS, standinImage(), '/usr/bin/falco', '-o', 'engine.kind=modern_ebpf']);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /Opening 'syscall' source with modern BPF probe\.\n/);
    assert.match(run.stderr, /An error occurred in an event source, forcing termination\.\.\.\nError: Initialization issues during scap_init\n$/);
  });

  it('refuses without the host /proc even when privileged', async (t) => {
    if (!(await ready(t))) return;
    const run = await docker(['run', '--rm', '--label', LABEL, '--privileged', standinImage()]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /Error: Initialization issues during scap_init/);
  });

  it('rejects an option without "=" as Falco does', async (t) => {
    if (!(await ready(t))) return;
    const run = await docker(['run', '--rm', '--label', LABEL, standinImage(), '/usr/bin/falco', '-o', 'json_output']);
    assert.equal(run.exitCode, 1);
    assert.equal(run.stderr, 'Error: Error parsing config option "json_output". Must be of the form key=val or key.subkey=val\n');
  });

  it('rejects a rule file with Falco\'s load-result format and exit 1', async (t) => {
    if (!(await ready(t))) return;
    const run = await docker([
      'run', '--rm', '--label', LABEL, '--privileged', ...HOST_MOUNTS,
      '-v', `${repoPath('test', 'fixtures', 'rules', 'bad_condition.yaml')}:/etc/falco/rules.d/bad.yaml:ro`,
      standinImage(), '/usr/bin/falco', '-o', 'time_format_iso_8601=true',
    ]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000: Loading rules from:$/m);
    assert.match(run.stderr, /: {4}\/etc\/falco\/rules\.d\/bad\.yaml \| schema validation: failed\n/);
    assert.match(
      run.stderr,
      /Error: \/etc\/falco\/rules\.d\/bad\.yaml: Invalid\n1 Errors:\nIn rules content: \(\/etc\/falco\/rules\.d\/bad\.yaml:0:0\)\n {4}rule 'Broken Condition': \(\/etc\/falco\/rules\.d\/bad\.yaml:2:2\)\n {4}condition: \(\/etc\/falco\/rules\.d\/bad\.yaml:4:14\)\n------\n  condition: evt\.type in \(execve, execveat and proc\.name = bash\n------\nLOAD_ERR_COMPILE_CONDITION \(Error compiling condition\): /,
    );
    assert.doesNotMatch(run.stderr, /Opening 'syscall' source/);
  });

  it("refuses a macro no loaded file defines, and accepts one from an earlier file (its default rules)", async (t) => {
    if (!(await ready(t))) return;
    const usesDefault = join(scratch, 'uses-default.yaml');
    await writeFile(usesDefault, '- rule: Uses Default Macro\n  desc: d\n  condition: open_read and fd.name = /etc/fa-none\n  output: o (fd.name=%fd.name)\n  priority: NOTICE\n');
    const run = await docker([
      'run', '--rm', '--label', LABEL, '--privileged', ...HOST_MOUNTS,
      '-v', `${usesDefault}:/etc/falco/rules.d/a.yaml:ro`,
      '-v', `${repoPath('test', 'fixtures', 'rules', 'undefined_macro.yaml')}:/etc/falco/rules.d/b.yaml:ro`,
      standinImage(), '/usr/bin/falco',
    ]);
    assert.equal(run.exitCode, 1);
    assert.match(run.stderr, /: {4}\/etc\/falco\/rules\.d\/a\.yaml \| schema validation: ok\n/);
    assert.match(
      run.stderr,
      /Error: \/etc\/falco\/rules\.d\/b\.yaml: Invalid\n1 Errors:\nIn rules content: \(\/etc\/falco\/rules\.d\/b\.yaml:0:0\)\n {4}rule 'Uses A Macro Nobody Defines': \(\/etc\/falco\/rules\.d\/b\.yaml:4:2\)\n {4}condition: \(\/etc\/falco\/rules\.d\/b\.yaml:6:14\)\n------\n  condition: evt\.type in \(execve, execveat\) and fa_macro_nobody_defines\n------\nLOAD_ERR_VALIDATE \(Error validating rule\/macro\/list\/exception objects\): Undefined macro 'fa_macro_nobody_defines' used in filter\.\n/,
    );
  });

  it('with privileges and host mounts: logs like Falco, writes JSON alerts with append_output fields, flushes on SIGUSR1 and SIGTERM', async (t) => {
    if (!(await ready(t))) return;
    const rules = join(scratch, 'rules.yaml');
    await writeFile(rules, [
      '- rule: Standin Test Tool',
      '  desc: test',
      '  condition: evt.type in (execve, execveat) and proc.name = fa-standin-tool',
      '  output: tool started (proc.name=%proc.name proc.pid=%proc.pid user=%user.name)',
      '  priority: INFO',
      '  tags: [zeta, alpha]',
      '',
    ].join('\n'));
    const config = join(scratch, 'extra.yaml');
    await writeFile(config, 'append_output:\n  - match:\n      source: syscall\n    extra_fields:\n      - "proc.apid[1]"\n      - "proc.apid[2]"\n');
    const name = `falco-actions-standin-${randomBytes(4).toString('hex')}`;
    await dockerOk([
      'run', '-d', '--name', name, '--label', LABEL, '--privileged', ...HOST_MOUNTS,
      '-v', `${rules}:/etc/falco/rules.d/t.yaml:ro`, '-v', `${config}:/etc/falco/config.d/t.yaml:ro`, '-v', `${scratch}:/out`,
      standinImage(), '/usr/bin/falco', '-o', 'json_output=true', '-o', 'file_output.enabled=true', '-o', 'file_output.filename=/out/events.json',
      '-o', 'stdout_output.enabled=false', '-o', 'engine.kind=modern_ebpf',
    ]);
    const logs = async (): Promise<string> => (await docker(['logs', name])).stderr;
    const until = async (what: () => Promise<boolean>): Promise<void> => {
      for (let attempt = 0; attempt < 100 && !(await what()); attempt += 1) await new Promise((wait) => setTimeout(wait, 200));
    };
    await until(async () => (await logs()).includes("One ring buffer every '2' CPUs."));
    const started = await logs();
    assert.match(started, /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}: Falco version: 0\.44\.1 \(/m);
    assert.match(started, /Falco initialized with configuration files:\n.*: {4}\/etc\/falco\/falco\.yaml \| schema validation: ok\n.*: {4}\/etc\/falco\/config\.d\/t\.yaml \| schema validation: ok\n/);
    assert.match(started, /: {4}\/etc\/falco\/rules\.d\/t\.yaml \| schema validation: ok\n/);
    assert.match(started, /Opening 'syscall' source with modern BPF probe\.\n/);

    const tool = join(scratch, 'fa-standin-tool');
    const { symlink } = await import('node:fs/promises');
    await symlink('/bin/sleep', tool);
    const { execFile } = await import('node:child_process');
    const events = join(scratch, 'events.json');
    // The stand-in starts watching just after its last start-up line: spawn until it reports one.
    const spawned: number[] = [];
    for (let attempt = 0; attempt < 5 && (await readFile(events, 'utf8').catch(() => '')) === ''; attempt += 1) {
      spawned.push(await new Promise<number>((resolveRun) => {
        const process = execFile(tool, ['1'], () => undefined);
        process.on('spawn', () => resolveRun(process.pid ?? 0));
      }));
      await new Promise((wait) => setTimeout(wait, 1500));
      assert.equal(await readFile(events, 'utf8').catch(() => ''), '', 'alerts are held until a flush');
      await dockerOk(['kill', '--signal', 'USR1', name]);
      for (let poll = 0; poll < 15 && (await readFile(events, 'utf8').catch(() => '')) === ''; poll += 1) await new Promise((wait) => setTimeout(wait, 200));
    }
    assert.match(await logs(), /SIGUSR1 received, reopening outputs\.\.\./);
    const lines = (await readFile(events, 'utf8')).trim().split('\n');
    assert.equal(lines.length, 1);
    const child = spawned.at(-1);
    const alert = JSON.parse(lines[0] ?? '') as Record<string, unknown> & { output_fields: Record<string, unknown> };
    assert.deepEqual(Object.keys(alert), ['hostname', 'output', 'output_fields', 'priority', 'rule', 'source', 'tags', 'time']);
    assert.equal(alert.rule, 'Standin Test Tool');
    assert.equal(alert.priority, 'Informational');
    assert.deepEqual(alert.tags, ['alpha', 'zeta']);
    assert.equal(alert.source, 'syscall');
    assert.match(String(alert.time), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
    assert.match(String(alert.output), new RegExp(`^\\d\\d:\\d\\d:\\d\\d\\.\\d{9}: Informational tool started \\(proc\\.name=fa-standin-tool proc\\.pid=${child} user=<NA>\\)$`));
    assert.deepEqual(Object.keys(alert.output_fields), ['evt.time', 'proc.apid[1]', 'proc.apid[2]', 'proc.name', 'proc.pid', 'user.name']);
    assert.equal(alert.output_fields['proc.pid'], child);
    assert.equal(alert.output_fields['proc.apid[1]'], process.pid, 'the parent of the tool is this test process');
    assert.equal(alert.output_fields['user.name'], null);

    const stop = await docker(['stop', '--time', '10', name]);
    assert.equal(stop.exitCode, 0);
    const state = JSON.parse(await dockerOk(['inspect', '--format', '{{json .State}}', name])) as { ExitCode: number };
    assert.equal(state.ExitCode, 0, 'SIGTERM: exit 0');
    assert.match(await logs(), /SIGINT received, exiting\.\.\./);
    assert.match((await docker(['logs', name])).stdout, /^Events detected: 1\n/m);
  });
});
