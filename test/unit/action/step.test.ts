// The step's inputs, log lines and failure, written without @actions/core, must be what
// @actions/core writes: the runner reads them the same way (core is the oracle here).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as core from '@actions/core';
import { getInput, getState, stepLog } from '../../../src/action/step.ts';

/** What core writes to stdout while running fn. */
function coreWrites(fn: () => void): string {
  const write = process.stdout.write;
  let written = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    fn();
  } finally {
    process.stdout.write = write;
  }
  return written;
}

const HOSTILE = ['plain', 'two\nlines\r\nand more', '100% sure: a,b', '::error::inside', '%0A already escaped', ''];

describe('step log as @actions/core writes it', () => {
  for (const message of HOSTILE) {
    it(`writes ${JSON.stringify(message)} as core does`, () => {
      const ours: string[] = [];
      const log = stepLog((line) => ours.push(line));
      const title = { title: 'falco: rule, "x"\n%' };
      log.info(message);
      log.debug(message);
      log.warning(message, title);
      log.error(message, title);
      log.notice(message);
      const theirs = coreWrites(() => {
        core.info(message);
        core.debug(message);
        core.warning(message, title);
        core.error(message, title);
        core.notice(message);
      });
      assert.equal(ours.map((line) => `${line}\n`).join(''), theirs);
    });
  }

  it('fails the step as core does: an error line and exit code 1', () => {
    const before = process.exitCode;
    try {
      const ours: string[] = [];
      stepLog((line) => ours.push(line)).setFailed('bad\ninput');
      assert.equal(process.exitCode, 1);
      process.exitCode = undefined;
      const theirs = coreWrites(() => core.setFailed('bad\ninput'));
      assert.equal(process.exitCode, 1);
      assert.equal(`${ours.join('\n')}\n`, theirs);
    } finally {
      process.exitCode = before;
    }
  });

  it('reads inputs and saved state as core does', () => {
    const saved = { ...process.env };
    try {
      process.env.INPUT_CUSTOM_RULE_FILE = '  a.yaml\n b.yaml \n';
      process.env['INPUT_FAIL-ON'] = ' warning ';
      process.env['STATE_state-file'] = '/tmp/x/state.json';
      for (const name of ['custom rule file', 'fail-on', 'absent']) assert.equal(getInput(name), core.getInput(name));
      for (const name of ['state-file', 'absent']) assert.equal(getState(name), core.getState(name));
    } finally {
      process.env = saved;
    }
  });
});
