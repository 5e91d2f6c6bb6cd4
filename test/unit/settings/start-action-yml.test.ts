// start/action.yml and start's input schema must agree: an input action.yml documents but start does not
// read (or the reverse) is a silent misconfiguration for users.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_SYSDIG_IMAGE } from '../../../src/capture/container.ts';
import { parseStartSettings, startInputsSchema } from '../../../src/settings/start.ts';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const actionYml = parse(readFileSync(new URL('../../../start/action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
};

describe('start/action.yml', () => {
  it('declares exactly the inputs start reads, plus github-token for the post step', () => {
    assert.deepEqual(Object.keys(actionYml.inputs).sort(), [...Object.keys(startInputsSchema.shape), 'github-token'].sort());
  });

  it('gives the same settings for its defaults as for empty inputs', () => {
    const defaults = Object.fromEntries(
      Object.entries(actionYml.inputs)
        .filter(([name]) => name !== 'github-token')
        .map(([name, spec]) => [name, spec.default ?? '']),
    );
    assert.deepEqual(parseStartSettings(reader(defaults)), parseStartSettings(reader({})));
  });

  it('documents the sysdig image start uses by default', () => {
    assert.ok(actionYml.inputs['sysdig-image']?.description.includes(DEFAULT_SYSDIG_IMAGE));
  });
});
