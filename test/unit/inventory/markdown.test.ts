import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Inventory } from '../../../src/inventory/inventory.ts';
import { escapeMarkdownCell, renderInventoryMarkdown } from '../../../src/inventory/markdown.ts';

const HOSTILE = 'evil | `rm -rf` <script>alert(1)</script> [x](http://a) *b* _c_ ~d~ \\ line1\nline2\r\u0007';

describe('Markdown escaping of capture data', () => {
  it('escapes every character that could change a table cell', () => {
    const cell = escapeMarkdownCell(HOSTILE);
    assert.doesNotMatch(cell, /(^|[^\\])\|/, 'no bare pipe');
    assert.doesNotMatch(cell, /(^|[^\\])`/, 'no bare backtick');
    assert.doesNotMatch(cell, /<|>/, 'no HTML');
    assert.doesNotMatch(cell, /[\n\r\u0007]/, 'no line breaks or control characters');
    assert.match(cell, /&lt;script&gt;/);
    assert.match(cell, /\\\[x\\\]/);
  });

  it('keeps each table row on one line with its column count', () => {
    const inventory: Inventory = {
      capture: { path: HOSTILE, events: 1, firstEventTime: null, lastEventTime: null, truncated: { offset: 99 }, damage: null },
      processes: [
        {
          time: 't',
          pid: 1,
          ppid: 0,
          name: HOSTILE,
          exepath: HOSTILE,
          args: [HOSTILE, '|'],
          cwd: '/',
          user: HOSTILE,
          parent: { pid: 0, name: HOSTILE, exepath: '' },
          containerId: 'host',
        },
      ],
      connections: [],
      dns: [{ time: 't', pid: 1, process: HOSTILE, server: { ip: '::1', port: 53 }, protocol: 'udp', names: [HOSTILE], queries: [{ name: HOSTILE, type: 'A' }] }],
      files: [{ time: 't', pid: 1, process: 'p', exepath: '', path: HOSTILE, flags: ['O_WRONLY'] }],
      containers: [{ id: HOSTILE, name: HOSTILE, image: HOSTILE }],
    };
    const markdown = renderInventoryMarkdown(inventory);
    for (const line of markdown.split('\n').filter((text) => text.startsWith('|'))) {
      const separators = line.replace(/\\\|/g, '').split('|').length - 1;
      const header = markdown.split('\n').find((text) => text.startsWith('|') && markdown.indexOf(text) <= markdown.indexOf(line) && text.includes(' time ') === line.includes(' time '));
      assert.ok(header !== undefined);
      assert.ok(separators >= 4, line);
    }
    const processRow = markdown.split('\n').find((line) => line.startsWith('| t | 1 | 0 |'))!;
    assert.equal(processRow.replace(/\\\|/g, '').split('|').length - 1, 11, 'ten columns');
    assert.doesNotMatch(markdown, /<script>/);
    assert.match(markdown, /\| 99 \|/);
  });
});
