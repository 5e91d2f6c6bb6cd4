// The rule packs' conditions, expanded as Falco expands them (macros and lists inlined), through
// `rules test` and through Debian's sysdig 0.29.3 on the writer-made job capture: the same events.
// sysdig 0.29.3 cannot parse IPv6 CIDRs, so "::1/128" is dropped from the text sysdig gets (the
// capture has no IPv6 traffic, so the condition means the same there).
// sysdig 0.29.3 evaluates every event and numbers every record, as Falco 0.41 and older do; Falco 0.44
// (the default of `rules test`) never evaluates syscall enter events and numbers only what libscap's
// converter passes on (src/rules/falco-version.ts). Both are compared: `--falco-version 0.41.0` with
// sysdig as is, the default with sysdig's matches that reach Falco 0.44's rules, renumbered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expandCondition, parseFilter, printFilter } from '../../../src/filter/index.ts';
import { loadRuleFiles } from '../../../src/rules/index.ts';
import { runRulesOnCapture } from '../../../src/rules/run.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { requireSysdig } from '../../support/env.ts';
import { job } from '../../unit/rules/job.ts';
import { repoPath } from '../../support/env.ts';
import { falcoEventModel } from '../../../src/rules/falco-version.ts';
import { falcoNumbersOfRecords } from '../../support/falco-replay.ts';

const run = promisify(execFile);
let dir: string;
let capture: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'falco-actions-packs-sysdig-'));
  capture = join(dir, 'job.scap');
  await writeCapture(parseCaptureDescription(job, 'packs job'), capture);
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('every pack rule selects the same events as sysdig does with the expanded condition', async (t) => {
  if (!(await requireSysdig(t))) return;
  const set = await loadRuleFiles([repoPath('rules/falco_cicd_rules.yaml'), repoPath('rules/devops_toolchain_rules.yaml')]);
  assert.deepEqual(set.problems, []);
  const macros = new Map([...set.macros].map(([name, macro]) => [name, parseFilter(macro.condition)]));
  const lists = new Map([...set.lists].map(([name, list]) => [name, list.items]));
  const everyEvent = await runRulesOnCapture(set, capture, { includeDisabled: true, falcoVersion: '0.41.0' });
  const falco044 = await runRulesOnCapture(set, capture, { includeDisabled: true });
  const falcoNumbers = await falcoNumbersOfRecords(capture, falcoEventModel());
  let nonEmpty = 0;
  for (const rule of set.rules) {
    const expanded = printFilter(expandCondition(parseFilter(rule.condition), { macros, lists })).replace(/, "::1\/128"/g, '');
    const { stdout } = await run('sysdig', ['-r', capture, '-p', '%evt.num', expanded]);
    const theirs = stdout.split('\n').filter((line) => line !== '').map(Number);
    const matches = (report: typeof everyEvent) => report.rules.find((entry) => entry.rule === rule.name)?.events.map((match) => match.num);
    assert.deepEqual(matches(everyEvent), theirs, `${rule.name}: ${expanded}`);
    assert.deepEqual(matches(falco044), theirs.flatMap((num) => falcoNumbers.get(num) ?? []), `${rule.name} (Falco 0.44): ${expanded}`);
    if (theirs.length > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= 14, 'most rules have events to agree on');
});
