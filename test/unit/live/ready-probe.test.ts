import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dropProbeLines, isReadyProbeLine, READY_PROBE_RULE } from '../../../src/live/ready-probe.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-probe-'));
after(() => rm(scratch, { recursive: true, force: true }));

const probe = JSON.stringify({ hostname: 'h', output: 'x', output_fields: {}, priority: 'Debug', rule: READY_PROBE_RULE, source: 'syscall', tags: [], time: '2026-06-10T08:00:00.000000000Z' });
const alert = JSON.stringify({ hostname: 'h', output: `mentions ${READY_PROBE_RULE}`, output_fields: {}, priority: 'Warning', rule: 'Other', source: 'syscall', tags: [], time: '2026-06-10T08:00:01.000000000Z' });

describe('readiness probe lines', () => {
  it('recognises only the probe rule, not an alert quoting its name', () => {
    assert.equal(isReadyProbeLine(probe), true);
    assert.equal(isReadyProbeLine(alert), false);
    assert.equal(isReadyProbeLine(`${probe.slice(0, 40)}`), false);
  });

  it('drops probe lines and keeps everything else byte for byte, half-written last line included', async () => {
    const file = join(scratch, 'events.json');
    await writeFile(file, `${probe}\n${alert}\nnot json\n${probe}\n{"half":`);
    await dropProbeLines(file);
    assert.equal(await readFile(file, 'utf8'), `${alert}\nnot json\n{"half":`);
  });
});
