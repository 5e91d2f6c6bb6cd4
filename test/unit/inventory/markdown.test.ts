import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Inventory } from '../../../src/inventory/inventory.ts';
import { renderInventoryMarkdown } from '../../../src/inventory/markdown.ts';

const HOSTILE = 'evil | `rm -rf` <script>alert(1)</script> [x](http://a) *b* _c_ ~d~ \\ line1\nline2\r\u0007 @me #1 ##[add-mask]x';

// A table row's cell separators: pipes outside code spans that no backslash escapes.
function cellSeparators(line: string): number {
  const outsideCode = line.replace(/(`+) [^`]*? \1/g, '');
  return outsideCode.replace(/\\\|/g, '').split('|').length - 1;
}

describe('Markdown rendering of capture data', () => {
  it('keeps each table row on one line with its column count; text in code spans, numbers plain', () => {
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
    // Every row of a table has as many cell separators (outside code spans) as the table's header row.
    let columns: number | undefined;
    for (const line of markdown.split('\n')) {
      if (!line.startsWith('|')) {
        columns = undefined;
        continue;
      }
      if (columns === undefined) columns = cellSeparators(line);
      else assert.equal(cellSeparators(line), columns, line);
    }
    assert.doesNotMatch(markdown, /[\r\u0007]/);
    assert.ok(!markdown.includes('##['), 'no legacy workflow command opener');
    assert.match(markdown, /\| 99 \|/);
    // The exact cell: spans cut at the pipe and after `##`, controls shown as escapes.
    const cell = '` evil  `\\|``  `rm -rf` <script>alert(1)</script> [x](http://a) *b* _c_ ~d~ \\ line1\\nline2\\r\\u{0007} @me #1 ## ``&#91;` add-mask]x `';
    const processRow = markdown.split('\n').find((line) => line.startsWith('| 1 | ` t ` |'));
    assert.ok(processRow !== undefined, markdown);
    assert.ok(processRow.includes(`| ${cell} |`), processRow);
  });
});
