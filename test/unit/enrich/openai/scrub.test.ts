// Secret-looking values never leave for the model's endpoint: each kind of credential a CI command
// line carries is redacted, and the values a triage needs (paths, hashes, hosts) are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { REDACTED, scrubArguments, scrubSecrets } from '../../../../src/enrich/openai/scrub.ts';

// Made-up values of the real formats (not live credentials).
const GHP = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8';
const GHS = 'ghs_' + '0123456789abcdefABCDEF0123456789abcd';
const PAT = 'github_pat_' + '11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUV';
const AKIA = 'AKIA' + 'IOSFODNN7EXAMPLE';
const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U';
const RANDOM = 'Zx8Qp2Lm9Vt4Rk7Wn3Ys6Hd1Fb5Gc0Ja';

test('token formats are redacted wherever they are', () => {
  for (const secret of [GHP, GHS, PAT, AKIA, JWT, 'sk-proj-' + 'abcDEF123ghiJKL456mno']) {
    const scrubbed = scrubSecrets(`curl -u x:${secret} https://api.example/?q=1 ${secret}`);
    assert.ok(!scrubbed.includes(secret), scrubbed);
    assert.ok(scrubbed.includes(REDACTED));
  }
});

test('secret-named values, Authorization headers, URL credentials and environment values are redacted', () => {
  assert.equal(scrubSecrets('mysql --password=hunter2 -h db'), `mysql --password=${REDACTED} -h db`);
  assert.equal(scrubSecrets('login token=abc123 secret: "x y" api_key=zzz'), `login token=${REDACTED} secret: ${REDACTED} api_key=${REDACTED}`);
  assert.equal(scrubSecrets('curl -H "Authorization: Bearer opaque-value" https://x'), `curl -H "Authorization: ${REDACTED}" https://x`);
  assert.equal(scrubSecrets('git clone https://x-access-token:opaque@github.com/o/r'), `git clone https://x-access-token:${REDACTED}@github.com/o/r`);
  assert.equal(scrubSecrets('git clone https://opaque@github.com/o/r'), `git clone https://${REDACTED}@github.com/o/r`);
  assert.equal(scrubSecrets('env NPM_CONFIG_REGISTRY=https://r.example ./build'), `env NPM_CONFIG_REGISTRY=${REDACTED} ./build`);
  assert.equal(scrubSecrets(`upload ${RANDOM}`), `upload ${REDACTED}`);
});

test('what a triage needs is kept: paths, sha256 sums, hosts, ordinary flags', () => {
  const kept = [
    '/home/runner/work/_actions/some-org/setup-tool/v2/dist/index.js',
    '1f0e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0',
    'curl -fsSL https://downloads.example.org/helper -o /usr/local/bin/helper',
    'node_modules_cache_directory_for_the_build',
  ];
  for (const text of kept) assert.equal(scrubSecrets(text), text);
});

test('the argument after a secret flag is redacted whole', () => {
  assert.deepEqual(scrubArguments(['docker', 'login', '-p', 'opaque value', '--username', 'me']), ['docker', 'login', '-p', REDACTED, '--username', 'me']);
  assert.deepEqual(scrubArguments(['gh', '--token', 'plain', 'x']), ['gh', '--token', REDACTED, 'x']);
});
