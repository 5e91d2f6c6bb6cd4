import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { FALCO_ACTIONS_VERSION } from '../../../src/action/version.ts';
import { repoPath } from '../../support/env.ts';

it("the actions' version constant is package.json's version", () => {
  const manifest = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string };
  assert.equal(FALCO_ACTIONS_VERSION, manifest.version);
});
