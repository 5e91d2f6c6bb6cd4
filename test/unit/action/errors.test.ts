// How a step reports a failure: what a user can cause and fix as its message alone, anything else as
// a bug with its stack.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureMessage, isUserError, UserError } from '../../../src/action/errors.ts';
import { DockerError, DockerUnreachableError } from '../../../src/docker/engine.ts';
import { FiltersConfigError } from '../../../src/inventory/exceptions.ts';
import { GitHubApiError } from '../../../src/github/jobs.ts';
import { StartError } from '../../../src/live/start.ts';
import { StateError } from '../../../src/live/state.ts';
import { SettingsError } from '../../../src/settings/inputs.ts';

const STACK_LINE = /\n\s+at .+:\d+:\d+\)?/;

describe('failure messages', () => {
  const userErrors: Array<[string, Error]> = [
    ['SettingsError', new SettingsError('mode', "Invalid value for input 'mode': \"x\". Accepted values: live, analyze.")],
    ['StartError', new StartError('Falco exited before it was ready (exit code 1).')],
    ['StateError', new StateError('The state start left at /tmp/s.json is not JSON.')],
    ['DockerError', new DockerError('Pulling image x failed: denied')],
    ['DockerUnreachableError', new DockerUnreachableError('unix:///nowhere.sock', 'ENOENT')],
    ['GitHubApiError', new GitHubApiError('forbidden', 'the GitHub API refused to list the jobs (HTTP 403)', 403)],
    ['FiltersConfigError', new FiltersConfigError('filters.json', ['processes[0].condition: unknown field'])],
  ];
  for (const [name, error] of userErrors) {
    it(`prints a ${name} as its message, without a stack trace`, () => {
      assert.ok(isUserError(error));
      assert.equal(failureMessage(error), error.message);
      assert.doesNotMatch(failureMessage(error), STACK_LINE);
    });
  }

  it('prints anything else as a bug, with the stack', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'pid')");
    const message = failureMessage(bug);
    assert.match(message, /a bug/);
    assert.ok(message.includes(bug.message));
    assert.match(message, STACK_LINE);
    assert.match(failureMessage('thrown string'), /a bug.*thrown string/);
  });

  it('an error named like ours is not taken for ours', () => {
    const impostor = new Error('looks like a user error');
    impostor.name = 'SettingsError';
    assert.equal(isUserError(impostor), false);
    assert.match(failureMessage(impostor), STACK_LINE);
  });

  it('joins the problem and what to do', () => {
    const error = new UserError('The events folder is missing.', 'Run start before stop.');
    assert.equal(error.message, 'The events folder is missing. Run start before stop.');
    assert.equal(error.fix, 'Run start before stop.');
  });

  it('recognises a user error from another copy of the module (another bundle)', async () => {
    const copy = (await import(`../../../src/action/errors.ts?copy=${Date.now()}`)) as typeof import('../../../src/action/errors.ts');
    const foreign = new copy.UserError('from another bundle');
    assert.notEqual(copy.UserError, UserError, 'the copy is a second module instance');
    assert.equal(foreign instanceof UserError, false);
    assert.equal(isUserError(foreign), true);
    assert.equal(failureMessage(foreign), 'from another bundle');
  });
});
