// The triage section: labelled AI-generated and advisory, every model string escaped (a model can echo
// an injected mention, link, image, HTML or workflow command), rows capped, cuts and refusals said.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTriageSection, TRIAGE_HEADING } from '../../../../src/report/triage-markdown.ts';
import type { Triage } from '../../../../src/enrich/model.ts';
import { workflowCommandLines } from '../../../support/workflow-command-lines.ts';
import { HOSTILE_SUMMARY } from './injection-report.ts';


function hostileTriage(): Triage {
  return {
    model: 'gpt-5.4-mini',
    summary: HOSTILE_SUMMARY,
    findings: [
      { ref: 'alert:1', triage: 'likely_benign', reason: 'cc @octocat see [link](http://evil.example) <script>x</script> ::error::x | y', suggestedException: 'proc.name = "a|b"' },
      { ref: 'reputation:ip:203.0.113.9', triage: 'likely_malicious', reason: 'known bad', suggestedException: null },
      { ref: 'process:1', triage: 'needs_a_look', reason: 'curl to /usr/local/bin', suggestedException: null },
    ],
    refusedExceptions: 2,
    cut: ['3 of 40 alert rules (the least severe) were not sent, to keep the data within 24 KB.'],
  };
}

test('heading, labels and order: malicious, then needs a look, then benign', () => {
  const markdown = renderTriageSection(hostileTriage(), { maxFindings: 10 });
  assert.ok(markdown.startsWith(`### ${TRIAGE_HEADING}\n`));
  assert.ok(TRIAGE_HEADING.includes('AI-generated, advisory'));
  const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
  assert.deepEqual(rows.map((row) => row.split(' | ')[1]), ['Likely malicious', 'Needs a look', 'Likely benign']);
  assert.match(markdown, /- 2 suggested exceptions not shown: not a Falco condition our parser and field table accept\./);
  assert.match(markdown, /- Not sent to the model: 3 of 40 alert rules/);
});

test('every model string is escaped: the summary fenced, cells in code spans, no workflow command', () => {
  const markdown = renderTriageSection(hostileTriage(), { maxFindings: 10 });
  assert.deepEqual(workflowCommandLines(markdown), []);
  assert.ok(markdown.includes('```text\nAll clear @octocat <img src=x onerror=alert(1)>\n\\u{003a}:error::x\n[link](http://evil.example) #\\u{0023}[add-mask]y `tick` | pipe\n```'));
  const row = markdown.split('\n').find((line) => line.startsWith('| ` alert:1 `')) ?? '';
  assert.equal(row, '| ` alert:1 ` | Likely benign | ` cc @octocat see [link](http://evil.example) <script>x</script> ::error::x  `\\|`  y ` | ` proc.name = "a `\\|` b" ` |');
});

test('rows are capped; the rest is counted', () => {
  const markdown = renderTriageSection(hostileTriage(), { maxFindings: 1 });
  assert.equal(markdown.split('\n').filter((line) => line.startsWith('| `')).length, 1);
  assert.match(markdown, /- 2 more findings in the JSON report\./);
  assert.ok(!renderTriageSection({ ...hostileTriage(), findings: [] }, { maxFindings: 5 }).includes('| Finding |'));
});
