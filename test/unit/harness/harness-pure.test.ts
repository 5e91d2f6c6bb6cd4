import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { evaluateInputDefault, evaluateStatusCondition, readActionManifest, shellCommand } from '../../support/harness.ts';

describe('harness action.yml handling', () => {
  it('evaluates github.token defaults and refuses other expressions loudly', () => {
    assert.equal(evaluateInputDefault('${{ github.token }}', { token: 't0k' }, 'x'), 't0k');
    assert.equal(evaluateInputDefault('plain', { token: 't0k' }, 'x'), 'plain');
    assert.throws(() => evaluateInputDefault('${{ runner.temp }}/x', { token: 't0k' }, 'input dir'), /input dir.*runner\.temp/);
  });

  it('reads node20/node24 actions and rejects other kinds with the file named', () => {
    const dir = mkdtempSync(join(tmpdir(), 'harness-manifest-'));
    try {
      writeFileSync(join(dir, 'action.yml'), 'name: a\nruns:\n  using: node24\n  main: index.js\n  post: post.js\n  post-if: success()\n');
      const manifest = readActionManifest(dir);
      assert.equal(manifest.runs.using, 'node24');
      assert.equal(manifest.runs['post-if'], 'success()');
      writeFileSync(join(dir, 'action.yml'), 'name: a\nruns:\n  using: docker\n  image: Dockerfile\n');
      assert.throws(() => readActionManifest(dir), new RegExp(`${dir}/action.yml is not a node20/node24`));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('harness status conditions and shells', () => {
  it('evaluates the status functions', () => {
    assert.equal(evaluateStatusCondition('success()', false), true);
    assert.equal(evaluateStatusCondition('success()', true), false);
    assert.equal(evaluateStatusCondition('${{ always() }}', true), true);
    assert.equal(evaluateStatusCondition('failure()', true), true);
    assert.equal(evaluateStatusCondition('!cancelled()', true), true);
    assert.throws(() => evaluateStatusCondition("github.ref == 'x'", false), /unsupported condition/);
  });

  it('uses the runner shell templates', () => {
    assert.deepEqual(shellCommand(undefined, '/t/s.sh'), ['bash', '-e', '/t/s.sh']);
    assert.deepEqual(shellCommand('bash', '/t/s.sh'), ['bash', '--noprofile', '--norc', '-eo', 'pipefail', '/t/s.sh']);
    assert.deepEqual(shellCommand('python3 -u {0}', '/t/s.sh'), ['python3', '-u', '/t/s.sh']);
    assert.throws(() => shellCommand('python3', '/t/s.sh'), /must contain \{0\}/);
  });
});
