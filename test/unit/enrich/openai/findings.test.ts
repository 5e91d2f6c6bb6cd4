// What the triage sends: findings by priority with refs, secrets scrubbed, strings and the whole bounded,
// and the data block's markers out of the data's reach.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildFindings, encodeData, FINDINGS_LIMITS } from '../../../../src/enrich/openai/findings.ts';
import { markers, triageMessages } from '../../../../src/enrich/openai/prompt.ts';
import { fixtureReport, hostileReport, hugeReport, HOSTILE_CORPUS } from '../../../fixtures/reports/build.ts';
import { FLAGGED_IP, INJECTIONS, injectionReport, SECRETS } from './injection-report.ts';

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

test('findings go most severe first, each with a ref; clean verdicts are not sent', () => {
  const digest = buildFindings(injectionReport());
  const refs = digest.data.findings.map((finding) => finding.ref);
  assert.equal(digest.data.findings[0]?.ref, 'alert:1');
  assert.equal(digest.data.findings[0]?.['priority'], 'critical');
  assert.equal(digest.data.findings[0]?.['rule'], 'Drop and execute new binary');
  const lastAlert = refs.findLastIndex((ref) => ref.startsWith('alert:'));
  assert.equal(refs.findIndex((ref) => !ref.startsWith('alert:')), lastAlert + 1, 'alerts first');
  assert.ok(refs[lastAlert + 1]?.startsWith('reputation:'), 'then reputations');
  assert.ok(refs.includes(`reputation:ip:${FLAGGED_IP}`));
  assert.ok(refs.includes(`reputation:domain:${INJECTIONS.dnsName}`));
  assert.ok(!refs.includes('reputation:domain:downloads.example.org'), 'a clean verdict is not a finding');
  assert.ok(refs.includes('new:ips:1') && refs.includes('new:written-files:1'));
  assert.ok(refs.some((ref) => ref.startsWith('process:')) && refs.some((ref) => ref.startsWith('dns:')) && refs.some((ref) => ref.startsWith('file:')));
  assert.deepEqual(new Set(refs), digest.refs);
  assert.equal(refs.length, digest.refs.size, 'refs are unique');
  // The outbound-connection alerts of the same rule are one group, with both attributions' step.
  const grouped = digest.data.findings.find((finding) => finding['rule'] === 'Outbound connection to an unexpected host');
  assert.equal(grouped?.['count'], 2);
  assert.deepEqual(digest.cut, []);
});

test('the noteworthy process (new since the baseline, run by an action) is sent first, with its secrets redacted', () => {
  const digest = buildFindings(injectionReport());
  const process = digest.data.findings.find((finding) => finding.ref === 'process:1');
  assert.equal(process?.['exepath'], `/tmp/${INJECTIONS.processName}`);
  const sent = encodeData(digest.data);
  for (const secret of Object.values(SECRETS)) assert.ok(!sent.includes(secret), `secret ${secret.slice(0, 4)}… not sent`);
  assert.match(String(process?.['commandLine']), /--password \[redacted\]/);
  assert.match(String(process?.['commandLine']), /GITHUB_TOKEN=\[redacted\]/);
});

test('the encoded data holds no raw < or > and decodes to the same findings', () => {
  const digest = buildFindings(injectionReport());
  const sent = encodeData(digest.data);
  assert.ok(!sent.includes('<') && !sent.includes('>'));
  assert.deepEqual(JSON.parse(sent), JSON.parse(JSON.stringify(digest.data)));
  assert.ok(JSON.stringify(JSON.parse(sent)).includes('</data>'), 'the value itself is kept, only its encoding differs');
});

test('a huge report is bounded to the byte budget, the least severe cut, and the cut said in words', () => {
  const digest = buildFindings(hugeReport(3000));
  const size = bytes(encodeData(digest.data));
  assert.ok(size <= FINDINGS_LIMITS.maxBytes, `${size} bytes`);
  assert.ok(size > FINDINGS_LIMITS.maxBytes - 4096, 'the budget is used');
  assert.equal(digest.data.findings[0]?.['priority'], 'critical');
  assert.ok(digest.cut.some((line) => /^\d+ of \d+ alert rules \(the least severe\) were not sent, to keep the data within 24 KB\.$/.test(line)), digest.cut.join('\n'));
  assert.ok(digest.cut.some((line) => /^30 of 30 processes \(the least noteworthy\) were not sent/.test(line)));
  const longest = Math.max(...digest.data.findings.flatMap((finding) => ((finding['examples'] as Array<{ output: string }> | undefined) ?? []).map((example) => example.output.length)));
  assert.ok(longest <= FINDINGS_LIMITS.outputChars + 40, `an output of ${longest} characters`);
});

test('a smaller budget keeps fewer findings and stays within it', () => {
  for (const maxBytes of [1500, 3000]) {
    const digest = buildFindings(injectionReport(), maxBytes);
    assert.ok(bytes(encodeData(digest.data)) <= maxBytes);
    assert.ok(digest.cut.length > 0);
  }
});

test('no string of the hostile corpus can close the data block or show its nonce', () => {
  const nonce = 'f'.repeat(32);
  const { close } = markers(nonce);
  for (const report of [hostileReport(), injectionReport(), fixtureReport('empty')]) {
    const messages = triageMessages(buildFindings(report), { userPrompt: '', nonce });
    const user = messages.at(-1)?.content ?? '';
    assert.equal(user.split(close).length, 2, 'the close marker appears once');
    assert.ok(user.endsWith(close));
    const inside = user.slice(user.indexOf('\n', user.indexOf(markers(nonce).open)) + 1, user.lastIndexOf(close));
    assert.ok(!inside.includes(nonce) && !/untrusted[-_\s]*data/i.test(inside));
    JSON.parse(inside);
  }
  assert.ok(HOSTILE_CORPUS.length > 10);
});

test('refs stay unique when two indicators scrub to the same text', () => {
  const report = injectionReport();
  const virustotal = report.enrichment?.virustotal;
  assert.ok(virustotal !== undefined);
  const base = virustotal.reputations[0] as (typeof virustotal.reputations)[number];
  virustotal.reputations = ['Ab3dEf7hIj9kLm1nOp5qRs8tUv.example', 'Zx8Qp2Lm9Vt4Rk7Wn3Ys6Hd1Fb.example'].map((indicator) => ({ ...base, kind: 'domain' as const, indicator }));
  const refs = buildFindings(report).data.findings.map((finding) => finding.ref).filter((ref) => ref.startsWith('reputation:'));
  assert.deepEqual(refs, ['reputation:domain:[redacted].example', 'reputation:domain:[redacted].example#2']);
});
