// Finding a report's step in the workflow file: by name, by the runner's "Run …" names for unnamed
// steps, by position, with fallbacks to the job and line 1 that never throw on a hostile file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoPath } from '../../support/env.ts';
import {
  indexWorkflow,
  locateFinding,
  locateJob,
  locateStep,
  MAX_WORKFLOW_BYTES,
  readWorkflowFile,
  workflowFileFromRef,
} from '../../../src/github/workflow-file.ts';

const CI = readFileSync(repoPath('test', 'fixtures', 'workflows', 'ci.yml'), 'utf8');
const step = (number: number, name: string) => ({ number, name });

test('GITHUB_WORKFLOW_REF gives the repository-relative workflow path', () => {
  assert.equal(workflowFileFromRef('octo-org/octo-repo/.github/workflows/ci.yml@refs/heads/main'), '.github/workflows/ci.yml');
  assert.equal(workflowFileFromRef('o/r/.github/workflows/build.yaml@refs/pull/12/merge'), '.github/workflows/build.yaml');
  assert.equal(workflowFileFromRef('o/r/.github/workflows/sub/dir/x.yml@refs/tags/v1.0'), '.github/workflows/sub/dir/x.yml');
  // A branch name may hold "@" and ".yml": the first ".yml@refs/" ends the path.
  assert.equal(workflowFileFromRef('o/r/.github/workflows/ci.yml@refs/heads/feat@x.yml@refs/y'), '.github/workflows/ci.yml');
  for (const bad of [undefined, null, '', 'ci.yml', 'o/r/ci.yml@refs/heads/main', 'o/r/.github/workflows/ci.yml', 'o/r/.github/workflows/../../etc/passwd.yml@refs/heads/main', 'o/r/.github/workflows/a\\b.yml@refs/heads/main', 'o/r/.github/workflows/a\nb.yml@refs/heads/main']) {
    assert.equal(workflowFileFromRef(bad), null, String(bad));
  }
});

test('named, unnamed uses:, unnamed run: and multi-line run: steps are found on their exact lines', () => {
  const build = (number: number, name: string) => locateStep(CI, { jobKey: 'build', step: step(number, name) });
  assert.deepEqual(build(2, 'Run actions/checkout@v4'), { line: 10, column: 9, matched: 'uses' });
  assert.deepEqual(build(3, 'Set up the tool'), { line: 11, column: 9, matched: 'name' });
  assert.deepEqual(build(4, 'Run make build'), { line: 15, column: 9, matched: 'run' });
  // The runner names a script step by its first non-blank line.
  assert.deepEqual(build(5, 'Run echo "first line after a blank one"'), { line: 16, column: 9, matched: 'run' });
  assert.deepEqual(build(6, 'Upload'), { line: 20, column: 9, matched: 'name' });
  // Pre and post steps belong to their main step.
  assert.deepEqual(build(9, 'Post Upload'), { line: 20, column: 9, matched: 'name' });
  assert.deepEqual(build(10, 'Post Run actions/checkout@v4'), { line: 10, column: 9, matched: 'uses' });
  assert.deepEqual(build(2, 'Pre Run actions/checkout@v4'), { line: 10, column: 9, matched: 'uses' });
  // A quoted job key and a wider indentation.
  assert.deepEqual(locateStep(CI, { jobKey: 'quoted key', step: step(2, 'Indented') }), { line: 44, column: 11, matched: 'name' });
});

test('a step name with an expression matches what the runner evaluated it to', () => {
  assert.deepEqual(locateStep(CI, { jobKey: 'test', step: step(3, 'Test on ubuntu-22.04') }), { line: 31, column: 9, matched: 'name' });
  // An anchored step is placed at its first key.
  assert.deepEqual(locateStep(CI, { jobKey: 'test', step: step(4, 'Lint') }), { line: 34, column: 9, matched: 'name' });
  assert.equal(locateStep(CI, { jobKey: 'test', step: step(3, 'Test in ubuntu-22.04') })?.matched, 'position');
  // A name that is only an expression matches at its own position, and never wins over a literal name.
  assert.deepEqual(locateStep(CI, { jobKey: 'expr', step: step(2, 'whatever the label was') }), { line: 50, column: 9, matched: 'name' });
  assert.deepEqual(locateStep(CI, { jobKey: 'expr', step: step(3, 'Deploy') }), { line: 52, column: 9, matched: 'name' });
  assert.deepEqual(locateStep(CI, { jobKey: 'expr', step: step(3, 'renamed') }), { line: 52, column: 9, matched: 'position' });
  // Many expressions against a long name: matched as a glob, no backtracking.
  const many = `jobs:\n  j:\n    steps:\n      - name: "${'a${{ x }}'.repeat(500)}b"\n`;
  assert.equal(locateStep(many, { jobKey: 'j', step: step(9, 'a'.repeat(5000)) }), null);
  assert.equal(locateStep(many, { jobKey: 'j', step: step(9, `${'a'.repeat(5000)}b`) })?.matched, 'name');
});

test('a name that matches nothing is placed by position, counting "Set up job" and pre steps', () => {
  // Renamed since: the 3rd workflow step is step 4 in the API (1 is "Set up job").
  assert.deepEqual(locateStep(CI, { jobKey: 'build', step: step(4, 'renamed') }), { line: 15, column: 9, matched: 'position' });
  const steps = [step(1, 'Set up job'), step(2, 'Pre Run actions/checkout@v4'), step(3, 'Run actions/checkout@v4'), step(4, 'Set up the tool'), step(5, 'renamed')];
  assert.deepEqual(locateStep(CI, { jobKey: 'build', step: step(5, 'renamed'), steps }), { line: 15, column: 9, matched: 'position' });
  // Past the last step, the runner's own steps and unknown post steps have no position.
  assert.equal(locateStep(CI, { jobKey: 'build', step: step(40, 'renamed') }), null);
  assert.equal(locateStep(CI, { jobKey: 'build', step: step(1, 'Set up job') }), null);
  assert.equal(locateStep(CI, { jobKey: 'build', step: step(12, 'Post something else') }), null);
});

test('a reusable-workflow job, an unknown job and a missing step fall back to the job, then line 1', () => {
  assert.equal(locateStep(CI, { jobKey: 'release', step: step(2, 'Run anything') }), null);
  assert.deepEqual(locateFinding(CI, { jobKey: 'release', step: step(2, 'Run anything') }), { line: 37, column: 3, precision: 'job' });
  assert.deepEqual(locateFinding(CI, { jobKey: 'build', step: null }), { line: 7, column: 3, precision: 'job' });
  assert.deepEqual(locateFinding(CI, { jobKey: 'nope', step: step(2, 'Upload') }), { line: 1, column: 1, precision: 'file' });
  assert.deepEqual(locateFinding(CI, { jobKey: 'build', step: step(6, 'Upload') }), { line: 20, column: 9, precision: 'step' });
  assert.deepEqual(locateJob(CI, 'test'), { line: 24, column: 3 });
});

test('a malformed, empty, odd or oversized workflow falls back to line 1 and never throws', () => {
  const texts = [
    'jobs:\n  build:\n    steps:\n      - name: [unclosed\n',
    'jobs: [1, 2]\n',
    '- a\n- b\n',
    '',
    '\u0000\u0001binary',
    'jobs:\n  build: *nowhere\n',
    'jobs:\n  build:\n    steps: 7\n',
    'jobs:\n  build:\n    steps:\n      - 7\n      - null\n      - name: ok\n',
    `jobs:\n  build:\n    steps:\n      - name: x\n${'#'.repeat(MAX_WORKFLOW_BYTES)}\n`,
    'a: &a [*a, *a]\njobs:\n  build:\n    steps:\n      - name: x\n',
  ];
  for (const text of texts) {
    assert.doesNotThrow(() => locateFinding(text, { jobKey: 'build', step: step(2, 'x') }));
    const at = locateFinding(text, { jobKey: 'build', step: step(2, 'nothing like it') });
    assert.ok(at.line >= 1 && at.column >= 1);
  }
  assert.equal(indexWorkflow(texts[0] as string), null);
  assert.deepEqual(locateFinding(texts[0] as string, { jobKey: 'build', step: step(2, 'x') }), { line: 1, column: 1, precision: 'file' });
  assert.equal(indexWorkflow(texts[8] as string), null, 'over the size bound');
  // Items that are not steps are skipped; the step after them is still found.
  assert.deepEqual(locateStep(texts[7] as string, { jobKey: 'build', step: step(4, 'ok') }), { line: 6, column: 9, matched: 'name' });
  assert.equal(locateFinding(null, { jobKey: 'build', step: step(2, 'x') }).precision, 'file');
});

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'workflow-file-'));
  mkdirSync(join(dir, 'repo', '.github', 'workflows'), { recursive: true });
  writeFileSync(join(dir, 'repo', '.github', 'workflows', 'ci.yml'), CI);
  writeFileSync(join(dir, 'repo', '.github', 'workflows', 'big.yml'), 'x'.repeat(2048));
  writeFileSync(join(dir, 'outside.yml'), 'jobs: {}\n');
  symlinkSync(join(dir, 'outside.yml'), join(dir, 'repo', '.github', 'workflows', 'link.yml'));
});
after(() => {
  rmSync(dir, { recursive: true, force: true });
});

test('the workflow file is read below the checkout only, bounded in size', () => {
  const root = join(dir, 'repo');
  assert.deepEqual(readWorkflowFile(root, '.github/workflows/ci.yml'), { text: CI, note: null });
  const big = readWorkflowFile(root, '.github/workflows/big.yml', 1024);
  assert.equal(big.text, null);
  assert.match(big.note ?? '', /2048 bytes, more than 1024/);
  for (const path of ['.github/workflows/missing.yml', '.github/workflows/link.yml', '../outside.yml', '/etc/passwd', '.github/workflows']) {
    const read = readWorkflowFile(root, path);
    assert.equal(read.text, null, path);
    assert.match(read.note ?? '', /was not read/, path);
  }
});
