import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  addToPrependPath,
  entriesToRecord,
  FileCommandError,
  inputEnvName,
  isoSeconds,
  LineSplitter,
  parseKeyValueFile,
  parseWorkflowCommand,
  pathWithPrepended,
  runStepName,
  SecretMasker,
  StepCommandProcessor,
} from '../../support/runner-commands.ts';

describe('parseKeyValueFile (GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STATE format)', () => {
  it('reads NAME=value lines, keeping everything after the first =', () => {
    assert.deepEqual(parseKeyValueFile('A=1\nB=x=y\n\nC=\n'), [
      { name: 'A', value: '1' },
      { name: 'B', value: 'x=y' },
      { name: 'C', value: '' },
    ]);
  });

  it('reads heredoc values without the final newline, and the last line without a newline', () => {
    assert.deepEqual(parseKeyValueFile('M<<EOF\none\ntwo\nEOF\nZ=last'), [
      { name: 'M', value: 'one\ntwo' },
      { name: 'Z', value: 'last' },
    ]);
    assert.deepEqual(parseKeyValueFile('E<<EOF\nEOF\n'), [{ name: 'E', value: '' }]);
  });

  it('prefers = when it comes before << and heredoc when << comes first', () => {
    assert.deepEqual(parseKeyValueFile('A=b<<c\n'), [{ name: 'A', value: 'b<<c' }]);
    assert.deepEqual(parseKeyValueFile('A<<X=Y\nv\nX=Y\n'), [{ name: 'A', value: 'v' }]);
  });

  it('ends a heredoc only at a line exactly equal to the delimiter (hostile content)', () => {
    const text = 'OUT<<ghadelimiter_1\n EVIL=1\nghadelimiter_1 \nINJECTED=yes\nghadelimiter_1\n';
    assert.deepEqual(parseKeyValueFile(text), [{ name: 'OUT', value: ' EVIL=1\nghadelimiter_1 \nINJECTED=yes' }]);
  });

  it('keeps a CR as data on Linux (the delimiter line must match byte for byte)', () => {
    assert.deepEqual(parseKeyValueFile('A<<EOF\r\nx\r\nEOF\r\n'), [{ name: 'A', value: 'x\r' }]);
    assert.throws(() => parseKeyValueFile('A<<EOF\nx\r\nEOF\r\n'), /Matching delimiter not found 'EOF'/);
    assert.deepEqual(parseKeyValueFile('A=1\r\n'), [{ name: 'A', value: '1\r' }]);
  });

  it('rejects malformed files the way the runner does', () => {
    assert.throws(() => parseKeyValueFile('JUSTANAME\n'), FileCommandError);
    assert.throws(() => parseKeyValueFile('=value\n'), /Name must not be empty/);
    assert.throws(() => parseKeyValueFile('<<EOF\nx\nEOF\n'), /delimiter must not be empty/);
    assert.throws(() => parseKeyValueFile('A<<\nx\n'), /delimiter must not be empty/);
    assert.throws(() => parseKeyValueFile('A<<EOF\nno end\n'), /Matching delimiter not found 'EOF'/);
  });

  it('round-trips any value written the way @actions/core writes it (random delimiter)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,15}$/),
        fc.string({ unit: fc.constantFrom('a', 'Z', '=', '<', '\n', '\r', ' ', 'é', 'E', 'O', 'F') }),
        (name, value) => {
          const delimiter = 'ghadelimiter_5f1c6a3e-0d7b-4a8e-9c61-2b3f4d5e6f70';
          fc.pre(!value.includes(delimiter));
          const file = `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
          assert.deepEqual(parseKeyValueFile(file), [{ name, value }]);
        },
      ),
    );
  });

  it('lets later entries win when folded', () => {
    assert.deepEqual(entriesToRecord(parseKeyValueFile('A=1\nA=2\n')), { A: '2' });
  });
});

describe('parseWorkflowCommand', () => {
  it('parses command, properties and data with the runner escapes', () => {
    assert.deepEqual(parseWorkflowCommand('::warning file=src/a%2Cb.ts,line=3,title=A%3A B::multi%0Aline 100%25'), {
      command: 'warning',
      properties: { file: 'src/a,b.ts', line: '3', title: 'A: B' },
      data: 'multi\nline 100%',
    });
  });

  it('accepts leading whitespace and empty data; ignores unknown commands and non-commands', () => {
    assert.deepEqual(parseWorkflowCommand('   ::endgroup::'), { command: 'endgroup', properties: {}, data: '' });
    assert.equal(parseWorkflowCommand('::not-a-command::x'), undefined);
    assert.equal(parseWorkflowCommand('echo ::error::x'), undefined);
    assert.equal(parseWorkflowCommand('::error'), undefined);
  });

  it('drops properties without a name or value', () => {
    assert.deepEqual(parseWorkflowCommand('::error title=,=x,line=2,,::m')?.properties, { line: '2' });
  });

  it('decodes %250A to a literal %0A, not a newline', () => {
    assert.equal(parseWorkflowCommand('::notice::%250A')?.data, '%0A');
  });
});

describe('StepCommandProcessor', () => {
  it('masks secrets added with add-mask in later lines and annotations, and in the same value line by line', () => {
    const masker = new SecretMasker();
    masker.add('ghs_token');
    const processor = new StepCommandProcessor(masker);
    for (const line of ['token ghs_token', '::add-mask::p@ss', 'pw p@ss and p@ss', '::error title=leak p@ss::got p@ss', '::debug::p@ss']) {
      processor.line(line);
    }
    assert.deepEqual(processor.results.log, ['token ***', 'pw *** and ***', 'Error: got p@ss'.replace('p@ss', '***')]);
    assert.deepEqual(processor.results.annotations, [{ level: 'error', message: 'got ***', title: 'leak ***' }]);
    assert.deepEqual(processor.results.debug, ['***']);
  });

  it('stops processing commands between stop-commands and the resume token', () => {
    const processor = new StepCommandProcessor(new SecretMasker());
    for (const line of ['::stop-commands::tok123', '::error::not an annotation', '::add-mask::not-a-mask', '::tok123::', '::notice::real']) {
      processor.line(line);
    }
    assert.deepEqual(processor.results.annotations, [{ level: 'notice', message: 'real' }]);
    assert.deepEqual(processor.results.log, ['::error::not an annotation', '::add-mask::not-a-mask', 'Notice: real']);
  });

  it('keeps deprecated set-output/save-state working with a warning, and refuses set-env', () => {
    const processor = new StepCommandProcessor(new SecretMasker());
    processor.line('::set-output name=out::value');
    processor.line('::save-state name=s::kept');
    processor.line('::set-env name=X::y');
    assert.deepEqual(processor.results.outputs, { out: 'value' });
    assert.deepEqual(processor.results.state, { s: 'kept' });
    assert.deepEqual(processor.results.annotations.map((a) => a.level), ['warning', 'warning', 'error']);
  });

  it('renders groups as the runner log does', () => {
    const processor = new StepCommandProcessor(new SecretMasker());
    processor.line('::group::Install');
    processor.line('npm ci');
    processor.line('::endgroup::');
    assert.deepEqual(processor.results.log, ['##[group]Install', 'npm ci', '##[endgroup]']);
  });
});

describe('SecretMasker', () => {
  it('masks the longest secret first and ignores blank secrets', () => {
    const masker = new SecretMasker();
    masker.add('abc');
    masker.add('abcdef');
    masker.add('   ');
    assert.equal(masker.mask('abcdef abc'), '*** ***');
    assert.equal(masker.size, 2);
  });

  it('masks each line of a multi-line secret', () => {
    const masker = new SecretMasker();
    masker.add('line-one\nline-two');
    assert.equal(masker.mask('x line-two y'), 'x *** y');
  });
});

describe('runner naming and small helpers', () => {
  it('names inputs like the runner', () => {
    assert.equal(inputEnvName('fail-on'), 'INPUT_FAIL-ON');
    assert.equal(inputEnvName('my input'), 'INPUT_MY_INPUT');
  });

  it('names run steps after the first non-empty line', () => {
    assert.equal(runStepName('\n  npm ci  \nnpm test\n'), 'Run npm ci');
  });

  it('prepends GITHUB_PATH entries newest first without duplicates', () => {
    const path = addToPrependPath(addToPrependPath([], ['/a', '/b']), ['/a']);
    assert.equal(pathWithPrepended(path, '/usr/bin'), '/a:/b:/usr/bin');
  });

  it('formats times as the API does (seconds, Z)', () => {
    assert.equal(isoSeconds(new Date('2025-03-14T10:00:01.987Z')), '2025-03-14T10:00:01Z');
  });

  it('splits chunks into lines across chunk boundaries, dropping CR', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    splitter.push('ab');
    splitter.push('c\r\nde');
    splitter.push('f\n\ng');
    splitter.end();
    assert.deepEqual(lines, ['abc', 'def', '', 'g']);
  });
});
