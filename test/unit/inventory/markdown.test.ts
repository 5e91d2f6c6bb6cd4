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
      summary: {
        workspace: HOSTILE,
        publicDestinations: [{ remote: { ip: '1.2.3.4', port: 443 }, protocol: 'tcp', count: 1 }],
        domains: [HOSTILE],
        newExecutables: [HOSTILE],
        writtenOutsideWorkspace: [HOSTILE],
        containers: 1,
      },
      totals: { executions: 1, connections: 1, dnsQueries: 1, dnsResponses: 1, fileOpens: 1 },
      processes: [
        {
          exepath: HOSTILE,
          name: HOSTILE,
          args: [HOSTILE, '|'],
          parent: { name: HOSTILE, exepath: '' },
          user: HOSTILE,
          containerId: 'host',
          count: 1,
          firstTime: 't',
          lastTime: 't',
          firstPid: 1,
          cwd: '/',
        },
      ],
      connections: [
        {
          remote: { ip: '1.2.3.4', port: 443 },
          protocol: 'tcp',
          scope: 'public',
          process: HOSTILE,
          exepath: HOSTILE,
          user: HOSTILE,
          syscalls: ['connect'],
          count: 1,
          bytesSent: 0,
          bytesReceived: 0,
          firstTime: 't',
          lastTime: 't',
        },
      ],
      dns: [{ name: HOSTILE, types: ['A'], queries: 1, responses: 1, answers: [`CNAME ${HOSTILE}`], servers: ['[::1]:53'], protocols: ['udp'], processes: [HOSTILE], firstTime: 't', lastTime: 't' }],
      files: [{ path: HOSTILE, count: 1, flags: ['O_WRONLY'], processes: [{ name: 'p', exepath: HOSTILE }], firstTime: 't', lastTime: 't' }],
      containers: [{ id: HOSTILE, name: HOSTILE, image: HOSTILE }],
    };
    const markdown = renderInventoryMarkdown(inventory);
    for (const line of markdown.split('\n').filter((text) => text.startsWith('|'))) {
      const separators = line.replace(/\\\|/g, '').split('|').length - 1;
      const header = markdown.split('\n').find((text) => text.startsWith('|') && markdown.indexOf(text) <= markdown.indexOf(line) && text.includes(' time ') === line.includes(' time '));
      assert.ok(header !== undefined);
      assert.ok(separators >= 4, line);
    }
    const processRow = markdown.split('\n').find((line) => line.startsWith('| 1 | t |'))!;
    assert.equal(processRow.replace(/\\\|/g, '').split('|').length - 1, 8, 'seven columns');
    assert.doesNotMatch(markdown, /<script>/);
    assert.match(markdown, /\| 99 \|/);
  });
});
