// falco-actions as a tool people run: --version, --help/-h on every command and sub-command, unknown
// commands and options (exit 2, named), file problems in words, and no output line that GitHub's runner
// would take as a workflow command, whatever the job wrote into the capture or the PR into a rule file.
import { strict as assert } from 'node:assert';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EXIT_OK, EXIT_USAGE } from '../../../src/cli/exit-codes.ts';
import { runCli, type CliRun } from '../../support/cli.ts';
import { repoPath } from '../../support/env.ts';
import { workflowCommandLines as commandLines } from '../../support/workflow-command-lines.ts';


test('--version prints the package version', async () => {
  const { version } = JSON.parse(await readFile(repoPath('package.json'), 'utf8')) as { version: string };
  const run = await runCli(['--version']);
  assert.equal(run.code, EXIT_OK, run.stderr);
  assert.equal(run.stdout, `${version}\n`);
});

test('--help and -h print the usage of each command and sub-command and exit 0', async () => {
  const cases: Array<[args: string[], usage: RegExp]> = [
    [['--help'], /^usage:\n {2}falco-actions inventory .*\n {2}falco-actions capture write .*\n {2}falco-actions rules check/],
    [['-h'], /^usage:\n/],
    [['help'], /^usage:\n/],
    [['inventory', '--help'], /^usage: falco-actions inventory \[--format json\|markdown\]/],
    [['inventory', 'job.scap', '-h'], /^usage: falco-actions inventory /],
    [['capture', '-h'], /^usage: falco-actions capture write /],
    [['capture', 'write', '--help'], /^usage: falco-actions capture write \[--gzip\]/],
    [['help', 'capture'], /^usage: falco-actions capture write /],
    [['rules', 'check', '--help'], /^usage: falco-actions rules check /],
    [['rules', 'test', '-h'], /rules test .*--rules FILE/],
  ];
  for (const [args, usage] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, EXIT_OK, `${JSON.stringify(args)}: ${run.stderr}`);
    assert.match(run.stdout, usage, JSON.stringify(args));
    assert.equal(run.stderr, '', JSON.stringify(args));
  }
  // After `--`, -h is an argument, not a request for help.
  const literal = await runCli(['capture', 'write', '--', '-h']);
  assert.equal(literal.code, EXIT_USAGE);
});

test('an unknown command or option is named, quoted when it is not plain, and exits 2', async () => {
  const cases: Array<[args: string[], message: string]> = [
    [['inventroy', 'x.scap'], 'falco-actions: unknown command inventroy\n'],
    [['a b'], 'falco-actions: unknown command "a b"\n'],
    [['--verbose'], 'falco-actions: unknown option --verbose\n'],
    [['capture', 'write', '--gzipp', 'a', 'b'], 'falco-actions capture write: unknown option --gzipp\n'],
    [['capture', 'write', '--comment'], 'falco-actions capture write: option --comment needs a value\n'],
    [['capture', 'write', '--gzip=yes', 'a', 'b'], 'falco-actions capture write: option --gzip takes no value\n'],
    [['capture', 'read', 'x'], 'falco-actions capture: unknown sub-command read\n'],
    [['capture', 'write', 'a', 'b', 'c d'], 'falco-actions capture write: unexpected argument "c d"\n'],
  ];
  for (const [args, message] of cases) {
    const run = await runCli(args);
    assert.equal(run.code, EXIT_USAGE, `${JSON.stringify(args)}: ${run.stderr}`);
    assert.ok(run.stderr.startsWith(message), `${JSON.stringify(args)}: ${run.stderr}`);
    assert.match(run.stderr, /usage:/);
  }
  const inventory = await runCli(['inventory', '--bogus', 'x.scap']);
  assert.equal(inventory.code, EXIT_USAGE);
  assert.match(inventory.stderr, /--bogus/);
});

test('file problems are words, never errno codes', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fa-cli-files-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const example = repoPath('examples', 'ci-job.json');
  const runs: Array<[CliRun, RegExp]> = [
    [await runCli(['capture', 'write', join(dir, 'absent file.json'), join(dir, 'out.scap')]), /cannot read ".*absent file\.json": no such file/],
    [await runCli(['capture', 'write', dir, join(dir, 'out.scap')]), /: is a directory/],
    [await runCli(['capture', 'write', example, join(dir, 'no', 'out.scap')]), /cannot write .*\/no\/out\.scap: no such file/],
    [await runCli(['capture', 'write', example, dir]), /cannot write .*: is a directory/],
    [await runCli(['inventory', join(dir, 'absent.scap')]), /no such file/],
    [await runCli(['inventory', dir]), /is a directory/],
  ];
  for (const [run, message] of runs) {
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /\bE[A-Z]{3,}\b/, 'no errno code');
  }
});

test('no output line of any command reads as a workflow command, whatever the capture, rules or file names hold', async (t) => {
  // A directory name that is itself an attack: a line break, then a command.
  const root = await mkdtemp(join(tmpdir(), 'fa-cli-hostile-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dir = join(root, 'job ##[error]dir\n::warning::dir');
  await mkdir(dir);
  const description = JSON.parse(await readFile(repoPath('examples', 'ci-job.json'), 'utf8')) as { events: unknown[] };
  description.events.push(
    { at: 90000, type: 'fork', pid: 1730, childPid: 2901 },
    { type: 'exec', pid: 2901, exepath: '/tmp/##[error]x', comm: '::warning::pwn', args: ['\n::error::owned', '##[set-output name=a]b', '\r::notice::x'] },
    { type: 'open', pid: 2901, path: '/tmp/\n::error file=a::owned', flags: ['O_WRONLY', 'O_CREAT'] },
    { type: 'open', pid: 2901, path: '/tmp/##[warning]owned', flags: ['O_WRONLY', 'O_CREAT'] },
    { type: 'procexit', pid: 2901 },
  );
  const descriptionFile = join(dir, 'desc ##[error].json');
  await writeFile(descriptionFile, JSON.stringify(description));
  const capture = join(dir, '::error::cap.scap');
  const rules = join(dir, '##[warning]rules.yaml');
  await writeFile(
    rules,
    [
      '- rule: "##[error] hostile spawn"',
      '  desc: "::warning::desc"',
      "  condition: evt.type = execve and evt.dir = < and proc.name contains 'warning'",
      '  output: "##[error] ran %proc.name %proc.cmdline %proc.exepath"',
      '  priority: WARNING',
      '- rule: "::error::written"',
      '  desc: written',
      "  condition: evt.type in (open, openat) and evt.dir = < and fd.name startswith '/tmp/'",
      '  output: "::error::wrote %fd.name"',
      '  priority: NOTICE',
      '',
    ].join('\n'),
  );
  const filters = join(dir, 'filters ##[x].config');
  await writeFile(filters, JSON.stringify({ processes: [{ description: '##[error]\n::warning::exception', condition: 'proc.name = git' }] }));

  const runs: Array<[string[], number]> = [
    [['capture', 'write', '--comment', '\n::error::comment ##[error]', descriptionFile, capture], 0],
    [['inventory', capture], 0],
    [['inventory', '--format', 'markdown', capture], 0],
    [['inventory', '--filters', filters, capture], 0],
    [['inventory', '--filters', filters, '--format', 'markdown', capture], 0],
    [['rules', 'check', rules], 0],
    [['rules', 'test', '--rules', rules, capture], 0],
    [['rules', 'test', '--format', 'markdown', '--rules', rules, capture], 0],
    [['inventory', join(dir, '##[error]absent\n::error::x.scap')], 1],
    [['inventory', descriptionFile], 1],
    [['capture', 'write', rules, join(dir, 'x.scap')], 1],
    [['##[error]\n::warning::command'], 2],
    [['inventory', '--##[error]\n::warning::x', capture], 2],
    [['capture', 'write', '--\n::error::option', 'a', 'b'], 2],
    [['rules', 'check', '--\n::error::option'], 2],
  ];
  let hostileFired = false;
  for (const [args, code] of runs) {
    const run = await runCli(args);
    assert.equal(run.code, code, `${JSON.stringify(args)}: ${run.stderr}`);
    for (const [name, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
      assert.deepEqual(commandLines(text), [], `${JSON.stringify(args)} ${name}:\n${text}`);
    }
    if (args.includes('--format') || run.stdout === '' || code !== 0) continue;
    if (args[0] !== 'rules' || args[1] !== 'check') {
      // JSON output stays JSON carrying the same hostile strings.
      const json = JSON.parse(run.stdout) as unknown;
      const text = JSON.stringify(json);
      assert.ok(text.includes('::warning::pwn') || text.includes('##[error]'), `${JSON.stringify(args)} carries the hostile strings`);
      if (args[0] === 'rules') hostileFired = text.includes('##[error] hostile spawn');
    }
  }
  assert.ok(hostileFired, 'the hostile rule fired on the hostile process');
});
