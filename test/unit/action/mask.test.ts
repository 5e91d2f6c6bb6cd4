import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskCommands } from '../../../src/action/mask.ts';

test('each line of each secret is masked once; empty, absent and tiny fragments are not', () => {
  assert.deepEqual(maskCommands(['vt-key-123', undefined, '', 'line-one\r\nline-two\n\nab', 'vt-key-123']), [
    '::add-mask::vt-key-123',
    '::add-mask::line-one',
    '::add-mask::line-two',
  ]);
});
