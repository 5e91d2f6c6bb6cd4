// The guards' contract: under CI a missing dependency fails the test with a message naming it and
// the setup script; elsewhere the test is skipped with that reason.
import { strict as assert } from 'node:assert';
import { describe, it, type TestContext } from 'node:test';
import { falcoImage, isCi, repoRoot, requireSharedCaptures, sharedCapturesDir, strictDockerHost, testRegistry } from '../../support/env.ts';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

function fakeContext(): { context: TestContext; skipped: string[] } {
  const skipped: string[] = [];
  const context = { skip: (reason?: string) => skipped.push(reason ?? '') } as unknown as TestContext;
  return { context, skipped };
}

function withEnv<T>(changes: Record<string, string | undefined>, body: () => T): T {
  const saved = Object.fromEntries(Object.keys(changes).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    return body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('test/support/env.ts', () => {
  it('locates the checkout and the shared captures beside it', () => {
    assert.ok(existsSync(join(repoRoot(), 'package.json')));
    const expected = resolve(repoRoot(), '..', 'shared', 'fixtures', 'captures');
    assert.equal(withEnv({ FALCO_ACTIONS_SHARED_CAPTURES: undefined }, () => sharedCapturesDir()), expected);
  });

  it('names the registry, the Falco image and the strict engine socket', () => {
    assert.equal(testRegistry(), '127.0.0.1:5000');
    assert.equal(falcoImage(), '127.0.0.1:5000/falcosecurity/falco:0.44.1');
    assert.equal(withEnv({ FALCO_ACTIONS_CI_STATE_DIR: '/run/x' }, () => strictDockerHost()), 'unix:///run/x/strict-docker.sock');
  });

  it('skips with a reason outside CI and fails under CI when a dependency is missing', () => {
    const missing = fakeContext();
    withEnv({ CI: 'false' }, () => {
      const result = requireSharedCapturesAt('/nonexistent-falco-actions-captures', missing.context);
      assert.equal(result, false);
    });
    assert.equal(missing.skipped.length, 1);
    assert.match(missing.skipped[0] ?? '', /nonexistent-falco-actions-captures.*shared\/ beside it/);
    withEnv({ CI: 'true' }, () => {
      assert.throws(() => requireSharedCapturesAt('/nonexistent-falco-actions-captures', fakeContext().context), /CI=true but .*nonexistent-falco-actions-captures/);
    });
  });

  it('passes silently when the shared captures are present', (t) => {
    if (!existsSync(sharedCapturesDir())) {
      // Same contract as the guard itself: CI promises the captures.
      if (isCi()) assert.fail(`CI=true but no shared captures at ${sharedCapturesDir()}`);
      t.skip(`no shared captures at ${sharedCapturesDir()}`);
      return;
    }
    const present = fakeContext();
    assert.equal(requireSharedCaptures(present.context), true);
    assert.deepEqual(present.skipped, []);
  });
});

// requireSharedCaptures reads the fixed location; exercise the same guard through its override.
function requireSharedCapturesAt(dir: string, t: TestContext): boolean {
  return withEnv({ FALCO_ACTIONS_SHARED_CAPTURES: dir }, () => requireSharedCaptures(t));
}
