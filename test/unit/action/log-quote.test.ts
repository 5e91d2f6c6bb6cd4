// Quoted Falco/engine text in the step log is written with the real @actions/core in a child process
// and read back the way the runner reads a step's stdout (actions/runner: ProcessInvoker reads lines
// with .NET StreamReader.ReadLine, which ends a line at \n, \r or \r\n; ActionCommandManager
// .TryProcessCommand tries ActionCommand.TryParseV2 ("::name::" at the start of the left-trimmed line)
// then ActionCommand.TryParse (legacy "##[name]" ANYWHERE in the line), command names compared
// case-insensitively; while commands are stopped only the stop token, which stop-commands registered
// as a command, resumes them, in either syntax).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { logQuoted, quotedLines } from '../../../src/action/log-quote.ts';
import { repoRoot } from '../../support/env.ts';
import { RunnerCommandReader, splitRunnerLines } from '../../support/runner-commands.ts';

interface RunnerCommand {
  name: string;
  data: string;
}

/** What the runner acts on, given a step's stdout: the commands processed, and the plain lines. */
function runnerReading(stdout: string): { commands: RunnerCommand[]; plain: string[] } {
  const reader = new RunnerCommandReader();
  const commands: RunnerCommand[] = [];
  const plain: string[] = [];
  for (const line of splitRunnerLines(stdout)) {
    const outcome = reader.line(line);
    switch (outcome.kind) {
      case 'plain':
        plain.push(line);
        break;
      case 'command':
      case 'stopped':
        commands.push({ name: outcome.command.command, data: outcome.command.data });
        break;
      case 'resumed':
        commands.push({ name: 'resume-commands', data: '' });
        break;
      case 'invalid-stop-token':
        assert.fail(`the runner rejects stop token ${outcome.token}`);
    }
  }
  return { commands, plain };
}

const GUESSED_TOKEN = 'falco-actions-quote-guessed';

// What Falco's log, a rule's output or the engine could put in a quoted line.
const HOSTILE = [
  "Falco exited with code 1 when asked to stop. Its last log lines:\n##[add-mask]secret-value\n::set-env name=NODE_OPTIONS::--require /tmp/x\n  ::add-path::/tmp/evil\nrule ##[warning]forged ##[stop-commands]pause ##[set-output name=alerts;]0",
  '\r::error::carriage return\r\n::debug::crlf\u2028::notice::line separator \u0085##[error]nel\v::warning::vertical tab\f::warning::form feed',
  // Guessing the stop token: its prefix, all-zero and all-f tokens, in both syntaxes, then a command.
  '::stop-commands::falco-actions-quote-\n::falco-actions-quote-00000000000000000000000000000000::\n##[falco-actions-quote-ffffffffffffffffffffffffffffffff]\n::add-mask::after-guessing',
  // A block of its own inside ours, closed, then a command.
  '::stop-commands::mine\n::mine::\n##[mine]\n::add-mask::after-nesting',
  '\u001b[2K\u001b[1A::error::hidden by a terminal escape \u202e##[add-mask]bidi \u200b::add-mask::zero-width',
  // Knows the token (forced below): closing with it, in any case and either syntax, then a command.
  `::${GUESSED_TOKEN}::\n::${GUESSED_TOKEN.toUpperCase()}::\nx ##[${GUESSED_TOKEN}]y\n::add-mask::after-closing`,
];

// Issues quoted blocks as stop and start do, each followed by a warning of our own (which must still
// be processed: the block closed), then a followed log written line by line through one open block.
const CHILD = `
import * as core from '@actions/core';
import { readFileSync } from 'node:fs';
const { logQuoted, QuotedLogBlock } = await import(process.env.FA_LOG_QUOTE);
const texts = JSON.parse(readFileSync(process.env.FA_TEXTS, 'utf8'));
texts.forEach((text, index) => {
  const forced = text.includes(process.env.FA_GUESSED) ? { newToken: () => process.env.FA_GUESSED } : {};
  logQuoted(core, text, forced);
  core.warning('ours ' + index);
});
const follow = new QuotedLogBlock(core, { indent: 'falco: ' });
for (const text of texts) for (const line of text.split('\\n')) follow.write(line);
follow.close();
core.warning('ours after following');
`;

let dir: string;
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'log-quote-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function runChild(texts: readonly string[]): Promise<string> {
  const file = join(dir, 'texts.json');
  writeFileSync(file, JSON.stringify(texts));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    FA_TEXTS: file,
    FA_GUESSED: GUESSED_TOKEN,
    FA_LOG_QUOTE: pathToFileURL(join(repoRoot(), 'src/action/log-quote.ts')).href,
  };
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', CHILD], { cwd: repoRoot(), env, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

describe('quoting hostile text in the step log', () => {
  it('the hostile texts are commands when logged as they are (what the quoting must defeat)', () => {
    for (const text of HOSTILE) {
      const { commands } = runnerReading(`${text}\n`);
      assert.ok(commands.length > 0, JSON.stringify(text));
    }
    // Indenting lines, the old defence, leaves the legacy syntax working.
    assert.equal(runnerReading('    falco: rule ##[add-mask]secret\n').commands[0]?.name, 'add-mask');
  });

  it('no line of a quoted block acts as a command, and commands work again after it', async () => {
    const stdout = await runChild(HOSTILE);
    const { commands, plain } = runnerReading(stdout);
    const blocks = commands.filter((command) => command.name === 'stop-commands');
    assert.equal(blocks.length, HOSTILE.length + 1);
    const expected: RunnerCommand[] = [];
    HOSTILE.forEach((_, index) => {
      expected.push({ name: 'stop-commands', data: blocks[index]?.data ?? '' }, { name: 'resume-commands', data: '' }, { name: 'warning', data: `ours ${index}` });
    });
    expected.push({ name: 'stop-commands', data: blocks.at(-1)?.data ?? '' }, { name: 'resume-commands', data: '' }, { name: 'warning', data: 'ours after following' });
    assert.deepEqual(commands, expected);

    const random = blocks.map((block) => block.data).filter((token) => token !== GUESSED_TOKEN);
    assert.equal(random.length, HOSTILE.length, 'every block but the forced one has a random token');
    for (const token of random) assert.match(token, /^falco-actions-quote-[0-9a-f]{32}$/);
    assert.equal(new Set(random).size, random.length, 'a fresh token per block');

    // The text is all there, as plain lines: nothing dropped, the forced token blanked.
    const shown = plain.join('\n');
    for (const fragment of ['##[add-mask]secret-value', '::set-env name=NODE_OPTIONS::--require /tmp/x', '::add-mask::after-guessing', '##[mine]', '::add-mask::after-closing', 'falco: ##[add-mask]secret-value']) {
      assert.ok(shown.includes(fragment), fragment);
    }
    assert.ok(plain.includes('::***::') && plain.some((line) => line.includes('x ##[***]y')), "the block's own token is blanked in its text");
    assert.ok(shown.includes('\\u{1b}[2K') && shown.includes('\\u{202e}') && shown.includes('\\u{200b}'), 'terminal escapes and invisible characters are shown, not obeyed');
  });

  it('splits every line break the runner or a reader sees, and blanks the token in any case', () => {
    assert.deepEqual(quotedLines('a\rb\r\nc\nd\u2028e\u0085f\vg', 'T0K'), ['a', 'b', 'c', 'd', 'e', 'f', 'g']);
    assert.deepEqual(quotedLines('::t0k:: ##[T0K]', 'T0K'), ['::***:: ##[***]']);
    const written: string[] = [];
    logQuoted({ info: (line) => written.push(line) }, 'Falco said:\nline one\r##[add-mask]x', { newToken: () => 'T0K' });
    assert.deepEqual(written, ['::stop-commands::T0K', 'Falco said:', '    line one', '    ##[add-mask]x', '::T0K::']);
  });
});
