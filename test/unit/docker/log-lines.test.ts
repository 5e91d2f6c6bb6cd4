import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MultiplexedLogSplitter, type LogStreamName } from '../../../src/docker/log-lines.ts';

function frame(stream: 1 | 2, text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  const header = Buffer.alloc(8);
  header[0] = stream;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
}

describe('multiplexed log splitter', () => {
  it('splits frames into lines per stream, across arbitrary chunk boundaries', () => {
    const seen: Array<[LogStreamName, string]> = [];
    const splitter = new MultiplexedLogSplitter((line, stream) => seen.push([stream, line]));
    const bytes = Buffer.concat([frame(2, 'Falco version: 0.44.1\nLoading ru'), frame(1, 'Events detected: 1\n'), frame(2, 'les from:\r\nlast')]);
    for (let offset = 0; offset < bytes.length; offset += 3) splitter.push(bytes.subarray(offset, offset + 3));
    splitter.end();
    assert.deepEqual(seen, [
      ['stderr', 'Falco version: 0.44.1'],
      ['stdout', 'Events detected: 1'],
      ['stderr', 'Loading rules from:'],
      ['stderr', 'last'],
    ]);
  });

  it('keeps multi-byte characters split across frames intact', () => {
    const seen: string[] = [];
    const splitter = new MultiplexedLogSplitter((line) => seen.push(line));
    const snowman = Buffer.from('\u2603', 'utf8');
    const first = Buffer.concat([Buffer.from('caf\u00e9 ', 'utf8'), snowman.subarray(0, 1)]);
    const second = Buffer.concat([snowman.subarray(1), Buffer.from('\n', 'utf8')]);
    for (const part of [first, second]) {
      const header = Buffer.alloc(8);
      header[0] = 2;
      header.writeUInt32BE(part.length, 4);
      splitter.push(Buffer.concat([header, part]));
    }
    assert.deepEqual(seen, ['caf\u00e9 \u2603']);
  });
});
