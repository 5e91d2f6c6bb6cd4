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
