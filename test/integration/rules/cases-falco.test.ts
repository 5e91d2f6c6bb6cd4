// The shipped cases (rules/*.cases.yaml) through the real Falco 0.44.1: each case's events, written as
// `rules test --expect` writes them, replayed by Falco with the case's rule files give every rule the case
// names the same number of alerts as `rules test` counts. So a green case means what Falco would do, the
// tuning walkthrough included. Cases with include_disabled get a file enabling those rules (Falco's
// `enabled` override), as a team would load one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCaseFile, runCaseFiles } from '../../../src/rules/cases.ts';
import { eventsFromFields } from '../../../src/rules/events-from-fields.ts';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { falcoReplay } from '../../support/falco-replay.ts';
import { repoPath, requireSharedFalco } from '../../support/env.ts';

test('every shipped case: real Falco raises as many alerts per named rule as rules test counts', async (t) => {
  if (!requireSharedFalco(t)) return;
  const dir = await mkdtemp(join(tmpdir(), 'falco-actions-cases-falco-'));
  try {
    const names = (await readdir(repoPath('rules'))).filter((name) => name.endsWith('.cases.yaml')).sort();
    const files = await Promise.all(names.map((name) => readCaseFile(repoPath('rules', name))));
    const results = await runCaseFiles(files);
    const ours = new Map(results.map((result) => [`${result.file}\u0000${result.name}`, result]));
    const disagreements: string[] = [];
    let compared = 0;
    let written = 0;
    for (const file of files) {
      for (const item of file.cases) {
        if (item.events === undefined) continue;
        const result = ours.get(`${file.file}\u0000${item.name}`);
        assert.ok(result?.ok, `${item.name} passes in rules test`);
        const capture = join(dir, `case-${written}.scap`);
        await writeCapture(parseCaptureDescription(eventsFromFields(item.events, (index) => `events[${index}]`)), capture);
        const ruleFiles = [...item.ruleFiles];
        if (item.include_disabled) {
          const enabling = join(dir, `enable-${written}.yaml`);
          const named = [...Object.keys(item.expect.fire), ...item.expect.not_fire];
          await writeFile(enabling, named.map((rule) => `- rule: ${JSON.stringify(rule)}\n  enabled: true\n  override:\n    enabled: replace\n`).join(''));
          ruleFiles.push(enabling);
        }
        written++;
        const alerts = await falcoReplay(capture, ruleFiles);
        for (const rule of result.rules) {
          compared++;
          const falco = alerts.filter((alert) => alert.rule === rule.rule).length;
          if (falco !== rule.got) disagreements.push(`${item.name}: ${JSON.stringify(rule.rule)}: Falco ${falco}, rules test ${rule.got}`);
        }
      }
    }
    assert.deepEqual(disagreements, []);
    assert.ok(compared >= 42, `rule verdicts compared: ${compared}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
