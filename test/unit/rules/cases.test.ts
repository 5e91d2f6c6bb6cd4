// Case files (`rules test --expect`): validation with file:line positions, the verdict per rule with its
// diff, and the command line's exit codes (the source CLI through tsx: dist/ is built by CI, not here).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaseFileError, MAX_CASE_FILE_BYTES, parseCaseFile, readCaseFile, renderCaseResults, runCaseFiles } from '../../../src/rules/cases.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { repoPath } from '../../support/env.ts';
import { job } from './job.ts';

let dir: string;
const RULES = `
- rule: Shell reads shadow
  desc: a shell read /etc/shadow
  condition: evt.type = openat and evt.is_open_read = true and fd.name = /etc/shadow and proc.name in (sh, bash)
  output: "%proc.name read %fd.name"
  priority: WARNING
- rule: Anyone reads shadow
  desc: anyone read /etc/shadow
  condition: evt.type = openat and fd.name = /etc/shadow
  output: "%proc.name read %fd.name"
  priority: NOTICE
- rule: Off by default
  desc: disabled
  condition: evt.type = openat and fd.name = /etc/shadow
  output: "%proc.name read %fd.name"
  priority: NOTICE
  enabled: false
`;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-cases-'));
  await writeFile(join(dir, 'shadow.yaml'), RULES);
  await writeCapture(parseCaptureDescription(job, 'packs job'), join(dir, 'job.scap'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    execFile(process.execPath, ['--import', 'tsx', repoPath('src', 'cli', 'main.ts'), ...args], { cwd: repoPath(), timeout: 60_000 }, (error, stdout, stderr) => {
      resolvePromise({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr });
    });
  });
}

const problemsOf = (text: string): string[] => {
  try {
    parseCaseFile('c.yaml', text);
  } catch (error) {
    assert.ok(error instanceof CaseFileError, String(error));
    return [...error.problems];
  }
  assert.fail('the file was accepted');
};

test('validation errors name file:line:col and the key', () => {
  assert.deepEqual(
    problemsOf(`rules: [r.yaml]
cases:
  - name: one
    events:
      - {evt.type: execve}
    expct:
      fire: {A: 1}
  - name: two
    capture: x.scap
    expect:
      fire: {A: 0}
`),
    [
      'c.yaml:3:5: cases[0].expect: Invalid input: expected object, received undefined',
      'c.yaml:3:5: cases[0]: Unrecognized key: "expct"',
      'c.yaml:11:17: cases[1].expect.fire.A: Too small: expected number to be >=1',
    ],
  );
  assert.deepEqual(problemsOf('cases:\n  - name: both\n    capture: a.scap\n    events: [{evt.type: execve}]\n    expect: {not_fire: [A]}\n'), ['c.yaml:4:13: cases[0].events: give exactly one of events and capture']);
  assert.deepEqual(problemsOf('cases:\n  - name: none\n    capture: a.scap\n    expect: {}\n'), ['c.yaml:4:13: cases[0].expect: name at least one rule under fire or not_fire']);
  assert.deepEqual(problemsOf('cases: [\n'), problemsOf('cases: [\n')); // deterministic
  assert.match(problemsOf('cases: [\n')[0] ?? '', /^c\.yaml:\d+:\d+: YAML: /);
  assert.deepEqual(problemsOf('cases:\n  - name: a\n    capture: a.scap\n    expect: {not_fire: [X]}\n'), ['c.yaml:2: case "a": no rule files: give rules: in the case or the file, or --rules']);
  assert.deepEqual(
    problemsOf('rules: [r.yaml]\ncases:\n  - name: a\n    capture: a.scap\n    expect: {not_fire: [X]}\n  - name: a\n    capture: b.scap\n    expect: {not_fire: [X]}\n'),
    ['c.yaml:6: case "a": the name is already used at line 3'],
  );
});

test('paths are resolved against the case file; --rules serve cases that name none', () => {
  const parsed = parseCaseFile('/repo/rules/x.cases.yaml', 'cases:\n  - name: a\n    rules: [pack.yaml, /abs/t.yaml]\n    capture: ../job.scap\n    expect: {not_fire: [X]}\n  - name: b\n    capture: j.scap\n    expect: {not_fire: [X]}\n', ['cli.yaml']);
  assert.deepEqual(parsed.cases.map((item) => [item.line, item.ruleFiles, item.capturePath]), [
    [2, ['/repo/rules/pack.yaml', '/abs/t.yaml'], '/repo/job.scap'],
    [6, ['cli.yaml'], '/repo/rules/j.scap'],
  ]);
});

test('a case file over the size cap is refused before parsing', async () => {
  const big = join(dir, 'big.cases.yaml');
  await writeFile(big, `# ${'x'.repeat(MAX_CASE_FILE_BYTES)}\n`);
  await assert.rejects(readCaseFile(big), (error: Error) => error instanceof CaseFileError && /a case file may have at most 1048576/.test(error.message));
});

test('verdicts: exact counts, not_fire, unknown and disabled rules, also-fired rules; captures too', async () => {
  const file = join(dir, 'v.cases.yaml');
  await writeFile(
    file,
    `rules: [shadow.yaml]
cases:
  - name: bash reads shadow twice
    events:
      - {evt.type: openat, proc.name: bash, fd.name: /etc/shadow}
      - {evt.type: openat, proc.name: bash, fd.name: /etc/shadow}
    expect:
      fire: {Shell reads shadow: 2}
  - name: wrong count and a rule that fired
    events:
      - {evt.type: openat, proc.name: bash, fd.name: /etc/shadow}
    expect:
      fire: {Shell reads shadow: 2}
      not_fire: [Anyone reads shadow]
  - name: a renamed rule and a disabled one
    events:
      - {evt.type: openat, proc.name: cat, fd.name: /etc/shadow}
    expect:
      not_fire: [Shell read shadow, Off by default]
  - name: the job capture
    capture: job.scap
    expect:
      not_fire: [Shell reads shadow]
  - name: a field the writer cannot set
    events:
      - {evt.type: execve, container.mount.dest: /var/run/docker.sock}
    expect:
      not_fire: [Shell reads shadow]
`,
  );
  const results = await runCaseFiles([await readCaseFile(file)]);
  assert.deepEqual(
    results.map((result) => [result.name, result.ok, result.rules.map((rule) => [rule.rule, rule.expected, rule.got, rule.ok, rule.problem ?? '']), result.alsoFired, result.error === undefined]),
    [
      ['bash reads shadow twice', true, [['Shell reads shadow', 2, 2, true, '']], [{ rule: 'Anyone reads shadow', matches: 2 }], true],
      ['wrong count and a rule that fired', false, [['Shell reads shadow', 2, 1, false, ''], ['Anyone reads shadow', null, 1, false, '']], [], true],
      [
        'a renamed rule and a disabled one',
        false,
        [
          ['Shell read shadow', null, 0, false, 'no rule of this name in the rule files'],
          ['Off by default', null, 0, false, 'the rule files disable it: set include_disabled: true on the case, or enable it in a rule file'],
        ],
        [{ rule: 'Anyone reads shadow', matches: 1 }],
        true,
      ],
      ['the job capture', true, [['Shell reads shadow', null, 0, true, '']], [{ rule: 'Anyone reads shadow', matches: 2 }], true],
      ['a field the writer cannot set', false, [], [], false],
    ],
  );
  const text = renderCaseResults(results);
  assert.match(text, new RegExp(`^FAIL ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:9 "wrong count and a rule that fired"\n  rule +expected +got\n  ✗ "Shell reads shadow" +2x +1x\n  ✗ "Anyone reads shadow" +not to fire +1x\n`, 'm'));
  assert.match(text, /✗ "Shell read shadow" +not to fire +\? \(no rule of this name in the rule files\)/);
  assert.match(text, /:24 "a field the writer cannot set"\n  error: events\[0\]: the field "container\.mount\.dest" cannot be set/);
  assert.match(text, /^cases: 5, passed: 2, failed: 3\n$/m);
});

test('rules test --expect: exit 1 with the diff on a mismatch, 0 when every case passes; hostile names stay quoted', async () => {
  const failing = join(dir, 'f.cases.yaml');
  await writeFile(failing, `cases:\n  - name: "::error::x\\n::warning::y"\n    events: [{evt.type: openat, proc.name: sh, fd.name: /etc/shadow}]\n    expect: {not_fire: [Shell reads shadow]}\n`);
  const bad = await cli(['rules', 'test', '--rules', join(dir, 'shadow.yaml'), '--expect', failing]);
  assert.equal(bad.code, 1, bad.stderr);
  assert.match(bad.stdout, /^FAIL .*f\.cases\.yaml:2 "::error::x\\n::warning::y"$/m);
  assert.ok(!bad.stdout.split('\n').some((line) => line.startsWith('::')));
  assert.match(bad.stdout, /✗ "Shell reads shadow" +not to fire +1x/);
  const json = await cli(['rules', 'test', '--rules', join(dir, 'shadow.yaml'), '--expect', failing, '--format', 'json']);
  assert.equal(json.code, 1);
  assert.equal((JSON.parse(json.stdout) as { cases: { ok: boolean }[] }).cases[0]?.ok, false);
  const passing = join(dir, 'p.cases.yaml');
  await writeFile(passing, `rules: [shadow.yaml]\ncases:\n  - name: sh\n    events: [{evt.type: openat, proc.name: sh, fd.name: /etc/shadow}]\n    expect: {fire: {Shell reads shadow: 1}}\n`);
  const good = await cli(['rules', 'test', '--expect', passing]);
  assert.equal(good.code, 0, good.stdout + good.stderr);
  assert.equal(good.stdout, 'cases: 1, passed: 1, failed: 0\n');
  const invalid = await cli(['rules', 'test', '--expect', join(dir, 'shadow.yaml')]);
  assert.equal(invalid.code, 1);
  assert.match(invalid.stderr, /shadow\.yaml: invalid case file:\n  .*shadow\.yaml:2:1: \(top level\): Invalid input: expected object, received array/);
  const mixed = await cli(['rules', 'test', '--expect', passing, 'job.scap']);
  assert.equal(mixed.code, 2);
  const option = await cli(['rules', 'test', '--expect', passing, '--fail-on', 'warning']);
  assert.equal(option.code, 2);
  assert.match(option.stderr, /--fail-on does not apply to --expect/);
});

test('rules test --event and --events: the report of the events; a field that cannot be set is an error', async () => {
  const jenkins = '{"evt.type":"execve","proc.name":"nc","proc.pcmdline":"java -jar /usr/share/jenkins/jenkins.war"}';
  const run = await cli(['rules', 'test', '--rules', 'rules/devops_toolchain_rules.yaml', '--event', jenkins, '--event', '{"evt.type":"execve","proc.name":"git","proc.pcmdline":"java -jar /usr/share/jenkins/jenkins.war"}']);
  assert.equal(run.code, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { capture: string; summary: { fired: { rule: string; matches: number }[] } };
  assert.equal(report.capture, '(2 events from field values)');
  assert.deepEqual(report.summary.fired.map((rule) => [rule.rule, rule.matches]), [['Jenkins Unexpected Process', 1]]);
  const lines = join(dir, 'events.jsonl');
  await writeFile(lines, `${jenkins}\n\n{"evt.type":"execve","proc.name":"nc","container.mount.dest":"/var/run/docker.sock"}\n`);
  const refused = await cli(['rules', 'test', '--rules', 'rules/devops_toolchain_rules.yaml', '--events', lines]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /events\.jsonl:3: the field "container\.mount\.dest" cannot be set in a test event .* Settable fields: evt\.type, evt\.dir, /);
  const notJson = await cli(['rules', 'test', '--rules', 'rules/devops_toolchain_rules.yaml', '--event', '{evt.type: execve}']);
  assert.equal(notJson.code, 1);
  assert.match(notJson.stderr, /--event 1: not valid JSON/);
});
