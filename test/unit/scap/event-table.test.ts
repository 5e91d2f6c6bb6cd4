import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { EVENT_CODE_MAX, EVENT_TABLE, PPME, PT, eventCodesForNames, genericEventName } from '../../../src/scap/event-table.ts';

describe('event table', () => {
  it('has every code with its direction from the low bit', () => {
    assert.equal(EVENT_CODE_MAX, 454);
    for (const info of EVENT_TABLE) assert.equal(info.dir, info.code % 2 === 0 ? '>' : '<');
  });

  it('knows the parameters of the current execve exit and the old ones', () => {
    const current = EVENT_TABLE[PPME['SYSCALL_EXECVE_19_X']!]!;
    assert.equal(current.name, 'execve');
    assert.equal(current.params.length, 31);
    assert.deepEqual(current.params.slice(0, 3).map((param) => [param.name, param.type]), [['res', PT.ERRNO], ['exe', PT.CHARBUF], ['args', PT.BYTEBUF]]);
    assert.equal(current.paramIndex.get('trusted_exepath'), 27);
    assert.equal(EVENT_TABLE[PPME['SYSCALL_EXECVE_8_X']!]!.params.length, 8);
  });

  it('marks large-payload events (4-byte parameter lengths)', () => {
    assert.equal(EVENT_TABLE[PPME['CONTAINER_JSON_2_E']!]!.largePayload, true);
    assert.equal(EVENT_TABLE[PPME['SYSCALL_WRITE_X']!]!.largePayload, false);
  });

  it('finds all versions of an event by name', () => {
    const codes = eventCodesForNames(['openat']);
    for (const symbol of ['SYSCALL_OPENAT_E', 'SYSCALL_OPENAT_X', 'SYSCALL_OPENAT_2_E', 'SYSCALL_OPENAT_2_X']) assert.ok(codes.has(PPME[symbol]!), symbol);
    assert.ok(!codes.has(PPME['SYSCALL_OPENAT2_X']!), 'openat2 is its own evt.type');
  });

  it('names generic events by syscall code', () => {
    assert.equal(genericEventName(139), 'madvise');
    assert.equal(genericEventName(0), 'syscall');
    assert.equal(genericEventName(99999), 'syscall');
  });
});
