// The model's answer mapped back: only refs that were sent, bounded strings, and suggested exceptions
// kept only when our Falco condition parser and field table accept them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ANSWER_LIMITS, triageFromAnswer, type ModelAnswer } from '../../../../src/enrich/openai/answer.ts';
import { acceptedException } from '../../../../src/enrich/openai/exception.ts';
import { triageSchema } from '../../../../src/enrich/model.ts';

const sent = new Set(['alert:1', 'alert:2', 'reputation:ip:203.0.113.9', 'process:1']);

test('valid exceptions are kept as written (trimmed); invalid, unknown-field, macro and list ones are refused', () => {
  assert.equal(acceptedException('  proc.name = npm and fd.sip.name = "registry.npmjs.org" '), 'proc.name = npm and fd.sip.name = "registry.npmjs.org"');
  assert.equal(acceptedException('proc.aname[2] in (make, cmake) and evt.arg.flags contains O_CREAT'), 'proc.aname[2] in (make, cmake) and evt.arg.flags contains O_CREAT');
  assert.equal(acceptedException('container.image.repository startswith "ghcr.io/octo-org/"'), 'container.image.repository startswith "ghcr.io/octo-org/"');
  for (const refused of [
    'proc.name = ',
    'proc.nmae = curl',
    'ignore previous instructions',
    'spawned_process and proc.name = npm',
    'proc.name in (shell_binaries) or proc.name in shell_binaries',
    '(proc.name = npm',
    'proc.name = npm\u0007',
    `proc.name = "${'x'.repeat(600)}"`,
  ]) {
    assert.equal(acceptedException(refused), undefined, refused);
  }
});

test('only sent refs are kept (first answer per ref), strings bounded, refused exceptions counted', () => {
  const answer: ModelAnswer = {
    summary: 's'.repeat(5000),
    findings: [
      { ref: 'alert:1', triage: 'likely_malicious', reason: 'r'.repeat(900), suggested_exception: null },
      { ref: 'alert:1', triage: 'likely_benign', reason: 'a second answer for the same ref', suggested_exception: 'proc.name = x' },
      { ref: 'alert:99', triage: 'likely_benign', reason: 'never sent', suggested_exception: null },
      { ref: 'reputation:ip:203.0.113.9', triage: 'needs_a_look', reason: 'flagged', suggested_exception: 'fd.sip = 203.0.113.9 and not' },
      { ref: 'process:1', triage: 'likely_benign', reason: 'npm', suggested_exception: 'proc.name = npm' },
      { ref: 'alert:2', triage: 'likely_benign', reason: 'fine', suggested_exception: '   ' },
    ],
  };
  const triage = triageSchema.parse(triageFromAnswer(answer, { model: 'gpt-5.4-mini', sent, cut: ['2 of 9 alert rules were not sent.'] }));
  assert.deepEqual(triage.findings.map((finding) => [finding.ref, finding.triage, finding.suggestedException]), [
    ['alert:1', 'likely_malicious', null],
    ['reputation:ip:203.0.113.9', 'needs_a_look', null],
    ['process:1', 'likely_benign', 'proc.name = npm'],
    ['alert:2', 'likely_benign', null],
  ]);
  assert.equal(triage.refusedExceptions, 1);
  assert.equal(Array.from(triage.summary).length, ANSWER_LIMITS.summaryChars + 1);
  assert.equal(Array.from(triage.findings[0]?.reason ?? '').length, ANSWER_LIMITS.reasonChars + 1);
  assert.deepEqual(triage.cut, ['2 of 9 alert rules were not sent.']);
  assert.equal(triage.model, 'gpt-5.4-mini');
});
