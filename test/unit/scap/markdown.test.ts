import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import type { Inventory } from '../../../src/scap/inventory.ts';
import { renderInventoryMarkdown } from '../../../src/scap/markdown.ts';

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
    const headers = new Map([['| time | pid | ppid |', 11], ['| time | pid | process | server |', 7], ['| time | pid | process | path |', 6], ['| id | name |', 4], ['| capture |', 6]]);
    let columns = 0;
    for (const line of markdown.split('\n').filter((text) => text.startsWith('|'))) {
      for (const [start, count] of headers) if (line.startsWith(start)) columns = count;
      assert.equal(cellSeparators(line), columns, line);
    }
    const processRow = markdown.split('\n').find((line) => line.startsWith('| ` t ` | 1 | 0 |'));
    assert.ok(processRow !== undefined, markdown);
    assert.ok(processRow.includes('| ` / ` |'), 'the cwd');
    assert.doesNotMatch(markdown, /[\r\u0007]/);
    assert.ok(!markdown.includes('##['), 'no legacy workflow command opener');
    assert.match(markdown, /\| 99 \|/);
    // The exact cell: spans cut at the pipe and after `##`, controls shown as escapes.
    const cell = '` evil  `\\|``  `rm -rf` <script>alert(1)</script> [x](http://a) *b* _c_ ~d~ \\ line1\\nline2\\r\\u{0007} @me #1 ## ``&#91;` add-mask]x `';
    assert.ok(processRow.includes(`| ${cell} | ${cell} |`), processRow);
  });
});
