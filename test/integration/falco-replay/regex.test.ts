// The `regex` operator against the real Falco 0.44.1: the same patterns accepted and refused (falco -V),
// and on a writer-made capture the same events matched (replay), including the pattern that makes a
// backtracking engine run for minutes on 33 'a's and a '!'.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadRuleFiles } from '../../../src/rules/index.ts';
import { runRulesOnCapture } from '../../../src/rules/run.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { requireSharedFalco } from '../../support/env.ts';
import { falcoReplay, falcoValidate } from '../../support/falco-replay.ts';

const ACCEPTED = ['(a+)+$', '(a+)+!', '[[:alpha:]]+', 'cu+?rl', 'a**!', '.*url', 'curl|wget', '[^/]+', '[[:digit:]]{1,3}\\\\.[[:digit:]]+'];
const REFUSED = ['(?i)CURL', '(?=c)curl', 'c(?:u)rl', '\\\\d+', '[[:foo:]]', '(a', 'x{1001}'];

const yamlString = (text: string): string => JSON.stringify(text);
const rule = (index: number, field: string, pattern: string): string =>
  [
    `- rule: ${yamlString(`regex ${index}`)}`,
    `  desc: ${yamlString(pattern)}`,
    `  condition: ${yamlString(`evt.type = execve and ${field} regex '${pattern}'`)}`,
    '  output: "%proc.name %proc.args"',
    '  priority: WARNING',
  ].join('\n');

let dir: string;
let capture: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-regex-'));
  capture = join(dir, 'regex.scap');
  await writeCapture(
    parseCaptureDescription(
      {
        processes: [
          { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
          { pid: 200, ppid: 1, comm: 'bash', exepath: '/usr/bin/bash' },
          { pid: 201, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash' },
          { pid: 202, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash' },
          { pid: 203, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash' },
        ],
        events: [
          { pid: 201, type: 'exec', exepath: '/usr/bin/echo', args: [`${'a'.repeat(33)}!`] },
          { pid: 202, type: 'exec', exepath: '/usr/bin/curl', args: ['10.0.0.1'] },
          { pid: 203, type: 'exec', exepath: '/usr/bin/wget', args: ['aaa'] },
        ],
      },
      'regex job',
    ),
    capture,
  );
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('Falco and rules test match the same events with each accepted pattern', async (t) => {
  if (!requireSharedFalco(t)) return;
  const file = join(dir, 'accepted.yaml');
  const rules = ACCEPTED.flatMap((pattern, index) => [rule(2 * index, 'proc.args', pattern), rule(2 * index + 1, 'proc.name', pattern)]);
  await writeFile(file, `${rules.join('\n')}\n`);
  const set = await loadRuleFiles([file]);
  assert.deepEqual(set.problems.filter((problem) => problem.severity === 'error'), []);
  const report = await runRulesOnCapture(set, capture);
  const ours = report.rules.flatMap((entry) => entry.events.map((event) => `${entry.rule}: ${event.output}`)).sort();
  const theirs = (await falcoReplay(capture, [file])).map((alert) => `${alert.rule}: ${alert.output.replace(/^\S+: \S+ /, '')}`).sort();
  assert.deepEqual(ours, theirs);
  assert.ok(ours.length >= 10, `matches: ${ours.length}`);
  assert.ok(ours.includes(`regex 2: echo ${'a'.repeat(33)}!`), 'the nested pattern matched where it should');
});

test('Falco and rules check refuse the same patterns, each an error naming file, rule and pattern', async (t) => {
  if (!requireSharedFalco(t)) return;
  for (const [index, pattern] of REFUSED.entries()) {
    const file = join(dir, `refused-${index}.yaml`);
    await writeFile(file, `${rule(index, 'proc.name', pattern)}\n`);
    const { result } = await falcoValidate([file]);
    const falcoErrors = result.falco_load_results.flatMap((loaded) => loaded.errors);
    assert.equal(falcoErrors.length, 1, `falco refuses ${pattern}`);
    assert.match(falcoErrors[0]!.message, /invalid regex pattern|unsupported string escape/, pattern);
    const set = await loadRuleFiles([file]);
    const errors = set.problems.filter((problem) => problem.severity === 'error');
    assert.equal(errors.length, 1, `we refuse ${pattern}`);
    assert.equal(errors[0]!.file, file);
    assert.ok(errors[0]!.message.startsWith(`rule 'regex ${index}': condition: invalid regex pattern ${JSON.stringify(pattern.replace(/\\\\/g, '\\'))}:`), errors[0]!.message);
  }
});
