// The rule packs' conditions, expanded as Falco expands them (macros and lists inlined), through
// `rules test` and through Debian's sysdig 0.29.3 on the writer-made job capture: the same events.
// sysdig 0.29.3 cannot parse IPv6 CIDRs, so "::1/128" is dropped from the text sysdig gets (the
// capture has no IPv6 traffic, so the condition means the same there).
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
  const report = await runRulesOnCapture(set, capture, { includeDisabled: true });
  let nonEmpty = 0;
  for (const rule of set.rules) {
    const expanded = printFilter(expandCondition(parseFilter(rule.condition), { macros, lists })).replace(/, "::1\/128"/g, '');
    const { stdout } = await run('sysdig', ['-r', capture, '-p', '%evt.num', expanded]);
    const theirs = stdout.split('\n').filter((line) => line !== '').map(Number);
    const ours = report.rules.find((entry) => entry.rule === rule.name)?.events.map((match) => match.num);
    assert.deepEqual(ours, theirs, `${rule.name}: ${expanded}`);
    if (theirs.length > 0) nonEmpty++;
  }
  assert.ok(nonEmpty >= 14, 'most rules have events to agree on');
});
