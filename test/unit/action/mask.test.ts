import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskLines } from '../../../src/action/mask.ts';
import { stepLog } from '../../../src/action/step.ts';

test('each line of each secret is masked once; empty, absent and tiny fragments are not', () => {
  assert.deepEqual(maskLines(['vt-key-123', undefined, '', 'line-one\r\nline-two\n\nab', 'vt-key-123']), ['vt-key-123', 'line-one', 'line-two']);
});

test('the step log registers a multi-line secret line by line, as add-mask commands', () => {
  const lines: string[] = [];
  stepLog((line) => lines.push(line)).setSecret('first-line\nsecond-line');
  assert.deepEqual(lines, ['::add-mask::first-line', '::add-mask::second-line']);
});

test('secrets are taken out of a message longest first, with the replacement asked for; absent ones are skipped', async () => {
  const { withoutSecrets } = await import('../../../src/action/mask.ts');
  assert.equal(withoutSecrets('url https://hooks.example/abc and abc', ['abc', 'https://hooks.example/abc', undefined, '']), 'url *** and ***');
  assert.equal(withoutSecrets('key k3y-123 echoed', ['k3y-123'], '[VT_API_KEY]'), 'key [VT_API_KEY] echoed');
});
