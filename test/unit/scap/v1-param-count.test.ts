// Old (v1) events carry no parameter count: it is the count whose u16 lengths exactly fill the event.
// The reader passes the count the previous event of the same type had as a hint; the hint must never
// change the answer, only how fast it is found.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { deriveV1ParamCount } from '../../../src/scap/event-view.ts';

const HEADER = 22;

/** A v1 event body: header bytes, then `lengths` as u16 values, then that many payload bytes each. */
function v1Event(lengths: number[], trailing = 0): Uint8Array {
  const payload = lengths.reduce((sum, length) => sum + length, 0);
  const bytes = new Uint8Array(HEADER + lengths.length * 2 + payload + trailing).fill(0xab);
  lengths.forEach((length, index) => {
    bytes[HEADER + index * 2] = length & 0xff;
    bytes[HEADER + index * 2 + 1] = length >> 8;
  });
  return bytes;
}

describe('deriveV1ParamCount', () => {
  it('finds the count whose lengths fill the event, below the table count', () => {
    const event = v1Event([8, 20, 4]);
    assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, 6), 3);
    assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, 3), 3);
    assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, 2), -1, 'more bytes than two parameters hold');
  });

  it('takes a right hint and ignores a wrong one', () => {
    const event = v1Event([8, 20, 4]);
    assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, 6, 3), 3);
    assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, 6, 2), 3);
    assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, 6, 5), 3);
    assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, 2, 3), -1, 'a hint above the table count is not taken');
  });

  it('gives the same answer with any hint, on any bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: HEADER, maxLength: 200 }),
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: -1, max: 14 }),
        (bytes, tableCount, hint) => {
          const unhinted = deriveV1ParamCount(bytes, 0, bytes.length, HEADER, tableCount);
          assert.equal(deriveV1ParamCount(bytes, 0, bytes.length, HEADER, tableCount, hint), unhinted);
        },
      ),
      { numRuns: 2000 },
    );
    // Real-looking events too, where some count does fit.
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: -1, max: 10 }), (lengths, extra, hint) => {
        const event = v1Event(lengths);
        const tableCount = lengths.length + extra;
        assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, tableCount), lengths.length);
        assert.equal(deriveV1ParamCount(event, 0, event.length, HEADER, tableCount, hint), lengths.length);
      }),
      { numRuns: 2000 },
    );
  });
});
