// The "new since" section (src/report/drift-markdown.ts): what is new first, kind by kind, then the
// known counts; one line when nothing is new; hostile values only in code spans.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { noIndicators } from '../../../src/baseline/indicators.ts';
import type { Drift } from '../../../src/enrich/model.ts';
import { renderDriftSection } from '../../../src/report/drift-markdown.ts';
import { HOSTILE_CORPUS } from '../../fixtures/reports/build.ts';

const RUN = { kind: 'run', runId: 1300000042, branch: 'main', url: 'https://github.com/octo-org/octo-repo/actions/runs/1300000042' } as const;
const known = { domains: 12, ips: 3, executables: 1, 'written-files': 0, containers: 0 };

test('nothing new: one line naming the baseline and what was known', () => {
  const text = renderDriftSection({ against: RUN, new: noIndicators(), known }, { maxRows: 10 });
  assert.equal(
    text,
    'Nothing new since the last successful run on ` main ` ([run 1300000042](https://github.com/octo-org/octo-repo/actions/runs/1300000042)); known: 12 domains, 3 public IP addresses, 1 executable.\n',
  );
  assert.equal(
    renderDriftSection({ against: { kind: 'file', path: '.github/falco-baseline.json' }, new: noIndicators(), known: {} }, { maxRows: 10 }),
    'Nothing new since the baseline file ` .github/falco-baseline.json `; known: nothing.\n',
  );
});

test('new items per kind first, in the kinds’ order, each list cut at maxRows, then the known counts', () => {
  const drift: Drift = {
    against: RUN,
    new: {
      ...noIndicators(),
      domains: ['a.example', 'b.example', 'c.example'],
      executables: [
        { path: '/tmp/tool', sha256: null },
        { path: '/usr/bin/curl', sha256: 'f'.repeat(64) },
      ],
      containers: ['evil/miner:latest'],
    },
    known,
  };
  const text = renderDriftSection(drift, { maxRows: 2 });
  assert.equal(
    text,
    [
      '### New since the last successful run on ` main ` ([run 1300000042](https://github.com/octo-org/octo-repo/actions/runs/1300000042)): 6',
      '',
      '**Domains** (3 new)',
      '',
      '- ` a.example `',
      '- ` b.example `',
      '- … and 1 more in the JSON report',
      '',
      '**Executables** (2 new)',
      '',
      '- ` /tmp/tool ` (not hashed)',
      `- \` /usr/bin/curl \` sha256 \` ${'f'.repeat(64)} \``,
      '',
      '**Container images** (1 new)',
      '',
      '- ` evil/miner:latest `',
      '',
      'Known (seen there too): 12 domains, 3 public IP addresses, 1 executable.',
      '',
    ].join('\n'),
  );
});

test('a run URL that is not a plain https URL is not made a link', () => {
  for (const url of ['javascript:alert(1)', 'https://github.com/x) [y](https://evil.example', 'https://github.com/a b', null]) {
    const text = renderDriftSection({ against: { ...RUN, url }, new: noIndicators(), known: {} }, { maxRows: 1 });
    assert.ok(text.includes('(run 1300000042)'), text);
    assert.ok(!text.includes(']('), text);
  }
});

test('hostile values stay in code spans: no line is a workflow command, no raw HTML or link', () => {
  const texts = HOSTILE_CORPUS.map((entry) => entry.text);
  const drift: Drift = {
    against: { kind: 'run', runId: 1, branch: texts[0] ?? '', url: null },
    new: {
      domains: texts,
      ips: texts,
      executables: texts.map((text) => ({ path: text, sha256: text })),
      'written-files': texts,
      containers: texts,
    },
    known: {},
  };
  const text = renderDriftSection(drift, { maxRows: texts.length });
  for (const line of text.split(/\r\n|[\n\r\u2028\u2029\u0085]/)) assert.ok(!line.trimStart().startsWith('::'), line.slice(0, 200));
  assert.ok(!text.includes('##['));
  // Each item is one line: as many item lines as items.
  assert.equal(text.split('\n').filter((line) => line.startsWith('- ')).length, texts.length * 5);
  for (const line of text.split('\n').filter((line) => line.startsWith('- '))) assert.match(line, /^- (<code><\/code>|`+ |&#32;)/, line.slice(0, 200));
});
