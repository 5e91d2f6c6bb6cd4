import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eventTypesOf, parseFilter } from '../../../src/filter/index.ts';

const types = (text: string) => {
  const result = eventTypesOf(parseFilter(text));
  return result === undefined ? undefined : [...result].sort();
};

test('a condition restricts evt.type as Falco computes it', () => {
  assert.deepEqual(types('evt.type = openat and fd.name = x'), ['openat']);
  assert.deepEqual(types('evt.type in (open, openat) and evt.type in (openat, execve)'), ['openat']);
  assert.deepEqual(types('(evt.type = connect and fd.typechar = 4) or evt.type in (dup, dup2)'), ['connect', 'dup', 'dup2']);
  assert.equal(types('evt.type = connect or proc.name = bash'), undefined, 'one unrestricted branch: any event');
  assert.equal(types('not evt.type = connect'), undefined);
  assert.equal(types('evt.type != connect'), undefined);
  assert.equal(types('proc.name = bash'), undefined);
});
