// The "Reputation (VirusTotal)" section rendered by the real cmark-gfm, every indicator, label, note,
// reason and count key from the hostile corpus: the only links are ours to www.virustotal.com/gui/,
// nothing else of the corpus becomes markup, a link or a mention, every row keeps its six cells, each
// indicator reads back from its code, and no line is a workflow command to the runner.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReputationSection } from '../../../../src/report/reputation-markdown.ts';
import { INDICATOR_KINDS, REPUTATION_VERDICTS, type IndicatorKind, type ReputationVerdict, type VirusTotalEnrichment } from '../../../../src/enrich/model.ts';
import { HOSTILE_CORPUS } from '../../../fixtures/reports/build.ts';
import { assertInertHtml, assertNoRunnerCommandLines, cellText, requireCmarkGfm, runCmark, tablesOf, visible } from '../../report/gfm.ts';

const TAGS = new Set(['h3', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'code', 'ul', 'li', 'strong']);
const OUR_LINK = /<a href="(https:\/\/www\.virustotal\.com\/gui\/(?:ip-address|domain|file)\/[A-Za-z0-9%._-]*)">VirusTotal<\/a>/g;

function hostileEnrichment(): VirusTotalEnrichment {
  const texts = HOSTILE_CORPUS.map((entry) => entry.text);
  const text = (index: number): string => texts[index % texts.length] as string;
  return {
    thresholds: { malicious: 3 },
    reputations: texts.map((indicator, index) => ({
      kind: INDICATOR_KINDS[index % INDICATOR_KINDS.length] as IndicatorKind,
      indicator,
      label: index % 4 === 3 ? null : text(index + 1),
      verdict: REPUTATION_VERDICTS[index % REPUTATION_VERDICTS.length] as ReputationVerdict,
      stats: index % 4 === 3 ? null : { malicious: index, suspicious: 1, harmless: 50, undetected: 10, timeout: 0 },
      link: `javascript:alert(${index})`,
      checkedAt: '2026-12-05T08:00:00.000Z',
      fromCache: index % 2 === 0,
    })),
    skipped: texts.map((reason, index) => ({ kind: 'domain', indicator: text(index + 2), reason })),
    notSent: Object.fromEntries(texts.map((key, index) => [key, index + 1])),
    requests: 7,
    notes: texts,
  };
}

test('hostile corpus: only our links, inert otherwise, six cells a row, indicators read back whole', async (t) => {
  if (!(await requireCmarkGfm(t))) return;
  const enrichment = hostileEnrichment();
  const markdown = renderReputationSection(enrichment, { maxRows: 100 });
  assertNoRunnerCommandLines(markdown);
  const html = await runCmark(markdown);
  const links = Array.from(html.matchAll(OUR_LINK), (match) => match[1] as string);
  assert.equal(links.length, enrichment.reputations.length, 'one link per row, each ours');
  assertInertHtml(html.replace(OUR_LINK, 'VirusTotal'), TAGS);
  const [table, ...others] = tablesOf(html);
  assert.equal(others.length, 0);
  assert.deepEqual(table?.header, ['Indicator', 'Kind', 'Verdict', 'Engines', 'Cached', 'Link']);
  assert.equal(table?.rows.length, enrichment.reputations.length);
  const indicators = new Set(enrichment.reputations.map((entry) => entry.indicator));
  for (const row of table?.rows ?? []) {
    assert.equal(row.length, 6);
    const first = cellText(row[0] as string);
    const matched = [...indicators].find((indicator) => first === visible(indicator) || first.startsWith(`${visible(indicator)} (`) || first.startsWith(visible(Array.from(indicator).slice(0, 253).join(''))));
    assert.ok(matched !== undefined, `the indicator reads back: ${first.slice(0, 200)}`);
  }
  // The link of each row is the indicator's, decoded.
  const decoded = links.map((link) => decodeURIComponent(link.replace(/^https:\/\/www\.virustotal\.com\/gui\/[a-z-]+\//, '')));
  // (A lone surrogate cannot be percent-encoded: it is sent as U+FFFD.)
  assert.deepEqual(new Set(decoded), new Set([...indicators].map((indicator) => indicator.replace(/\p{Cs}/gu, '\uFFFD'))));
});
