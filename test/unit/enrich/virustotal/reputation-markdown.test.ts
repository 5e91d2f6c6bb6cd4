// The "Reputation (VirusTotal)" section: worst first, counts, cap, summary lines, and hostile text only
// in code spans. The real cmark-gfm reads it in test/integration/enrich/virustotal/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReputationSection, engineCounts } from '../../../../src/report/reputation-markdown.ts';
import type { Reputation, VirusTotalEnrichment } from '../../../../src/enrich/model.ts';
import { NASTY } from '../../report/nasty.ts';
import { HASH_A } from './report-builder.ts';

const stats = (malicious: number, suspicious = 0) => ({ malicious, suspicious, harmless: 60 - malicious, undetected: 10, timeout: 0 });

function reputation(partial: Partial<Reputation> & Pick<Reputation, 'kind' | 'indicator' | 'verdict'>): Reputation {
  return { label: null, stats: null, link: 'https://evil.example/stored-link', checkedAt: '2026-12-05T08:00:00.000Z', fromCache: false, ...partial };
}

function enrichment(reputations: Reputation[], extra: Partial<VirusTotalEnrichment> = {}): VirusTotalEnrichment {
  return { thresholds: { malicious: 3 }, reputations, skipped: [], notSent: {}, requests: reputations.length, notes: [], ...extra };
}

const rows = (markdown: string): string[] => markdown.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| Indicator') && !line.startsWith('| ---'));

test('worst first (malicious by engine count, suspicious, clean, unknown), counts as "5/70 malicious", cached, our link', () => {
  const markdown = renderReputationSection(
    enrichment([
      reputation({ kind: 'domain', indicator: 'clean.example.org', verdict: 'clean', stats: stats(0) }),
      reputation({ kind: 'ip', indicator: '8.8.8.8', verdict: 'unknown' }),
      reputation({ kind: 'ip', indicator: '1.1.1.1', verdict: 'malicious', stats: stats(3), fromCache: true }),
      reputation({ kind: 'file', indicator: HASH_A, label: '/usr/local/bin/helper', verdict: 'malicious', stats: stats(5) }),
      reputation({ kind: 'domain', indicator: 'odd.example.org', verdict: 'suspicious', stats: stats(1, 2) }),
    ]),
    { maxRows: 50 },
  );
  assert.ok(markdown.startsWith('\n### Reputation (VirusTotal)\n\n'), markdown.slice(0, 80));
  assert.match(markdown, /^2 malicious, 1 suspicious, 1 clean, 1 unknown\.$/m);
  assert.deepEqual(rows(markdown), [
    `| \` ${HASH_A} \` (\` /usr/local/bin/helper \`) | file | **malicious** | 5/70 malicious | no | [VirusTotal](https://www.virustotal.com/gui/file/${HASH_A}) |`,
    '| ` 1.1.1.1 ` | IP | **malicious** | 3/70 malicious | yes | [VirusTotal](https://www.virustotal.com/gui/ip-address/1.1.1.1) |',
    '| ` odd.example.org ` | domain | **suspicious** | 1/72 malicious, 2 suspicious | no | [VirusTotal](https://www.virustotal.com/gui/domain/odd.example.org) |',
    '| ` clean.example.org ` | domain | clean | 0/70 malicious | no | [VirusTotal](https://www.virustotal.com/gui/domain/clean.example.org) |',
    '| ` 8.8.8.8 ` | IP | unknown | not seen | no | [VirusTotal](https://www.virustotal.com/gui/ip-address/8.8.8.8) |',
  ]);
  assert.ok(!markdown.includes('evil.example'), 'the stored link is never shown');
  assert.equal(engineCounts(null), 'not seen');
});

test('cap: maxRows rows, the worst kept, the rest counted', () => {
  const many = Array.from({ length: 12 }, (_, index) => reputation({ kind: 'ip', indicator: `8.8.8.${index}`, verdict: index === 11 ? 'malicious' : 'clean', stats: stats(index === 11 ? 9 : 0) }));
  const markdown = renderReputationSection(enrichment(many), { maxRows: 3 });
  const shown = rows(markdown);
  assert.equal(shown.length, 3);
  assert.ok(shown[0]?.startsWith('| ` 8.8.8.11 ` | IP | **malicious**'), shown[0]);
  assert.match(markdown, /^9 more in the JSON report\.$/m);
});

test('skipped and never-sent summaries: our reasons as words, errors grouped, anything else as code', () => {
  const markdown = renderReputationSection(
    enrichment([], {
      skipped: [
        { kind: 'ip', indicator: '8.8.8.8', reason: 'per-run cap (vt-max-lookups)' },
        { kind: 'ip', indicator: '8.8.4.4', reason: 'per-run cap (vt-max-lookups)' },
        { kind: 'domain', indicator: 'a.example.org', reason: 'error: HTTP 503 (TransientError)' },
        { kind: 'domain', indicator: 'b.example.org', reason: '@octocat #1 <b>x</b>' },
      ],
      notSent: { 'private address': 4, 'local name': 1, 'cc @github/security #12': 2 },
      notes: ['The VirusTotal lookup of domain a.example.org failed: HTTP 503 (TransientError).'],
    }),
    { maxRows: 10 },
  );
  assert.match(markdown, /^No verdicts\.$/m);
  assert.match(markdown, /^Not looked up: 2 \(per&#45;run cap &#40;vt&#45;max&#45;lookups&#41;\), 1 \(` @octocat #1 <b>x<\/b> `\), 1 \(error\)\.$/m);
  assert.match(markdown, /^Never sent: 4 \(private address\), 2 \(` cc @github\/security #12 `\), 1 \(local name\)\.$/m);
  assert.match(markdown, /^- ` The VirusTotal lookup of domain a\.example\.org failed: HTTP 503 \(TransientError\)\. `$/m);
});

test('hostile indicators and labels stay in code spans: no row gains a column, no line is a workflow command', () => {
  const hostile = NASTY.flatMap((text, index) => [
    reputation({ kind: 'file', indicator: text, label: NASTY[(index + 1) % NASTY.length] as string, verdict: 'malicious', stats: stats(4) }),
    reputation({ kind: 'domain', indicator: `::error::${text}`, label: `##[warning]${text}`, verdict: 'unknown' }),
  ]);
  const markdown = renderReputationSection(enrichment(hostile), { maxRows: 100 });
  const body = rows(markdown);
  assert.equal(body.length, hostile.length);
  for (const line of body) {
    // Six cells: seven unescaped pipes.
    assert.equal(line.replace(/\\\|/g, '').split('|').length - 1, 7, line);
    const link = /\[VirusTotal\]\((https:\/\/www\.virustotal\.com\/gui\/(?:file|domain)\/[A-Za-z0-9%._-]*)\) \|$/.exec(line);
    assert.ok(link !== null, `the link is ours and percent-encoded: ${line}`);
  }
  for (const line of markdown.split('\n')) {
    assert.ok(!line.trimStart().startsWith('::'), line);
    assert.ok(!line.includes('##['), line);
    assert.doesNotMatch(line, /[\u0000-\u0008\u000b-\u001f\u202e\u200b]/u, line);
  }
});
