// The event table is generated from a falcosecurity/libs checkout by scripts/gen-event-table.mjs. With a
// checkout (FALCO_ACTIONS_LIBS_CHECKOUT=dir, at the commit the table names) the committed table must be
// exactly the script's output, and the open flags of src/scap/open-flags.ts must be libs' values; without
// one those two checks skip (CI needs no network). The parser is tested on small sources either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
// @ts-expect-error: a plain .mjs script without type declarations
import { DEFAULT_OUTPUT, generateEventTable, readEventTable, readLibsCheckout, readPublicHeader } from '../../../scripts/gen-event-table.mjs';
import { LIBS_COMMIT, EVENT_TABLE, PT } from '../../../src/scap/event-table.ts';
import { PPM_O } from '../../../src/scap/open-flags.ts';

const LIBS_CHECKOUT = process.env.FALCO_ACTIONS_LIBS_CHECKOUT;

const HEADER = `
#define PPM_O_RDONLY (1 << 0)
enum ppm_event_category { EC_UNKNOWN = 0, EC_FILE = 2, /* note */ EC_SYSCALL = (1 << 9), };
enum ppm_event_flags { EF_NONE = 0, EF_CREATES_FD = (1 << 0), EF_UNUSED = (1 << 6), };
enum ppm_param_type { PT_NONE = 0, PT_FD = 14, PT_FSPATH, PT_MAX };
typedef enum {
	PPME_GENERIC_E = 0,
	PPME_GENERIC_X = 1,
	PPM_EVENT_MAX = 2
} ppm_event_code;
#define PPM_SC_FIELDS \\
	PPM_SC_X(UNKNOWN, 0) \\
	PPM_SC_X(OPEN, 1)
`;

function table(entries: string): string {
  return `#include "ppm_events_public.h"\nconst struct ppm_event_info g_event_info[] = {\n${entries}\n};\n`;
}

test('the parser reads designated initializers, enum auto-increment, | and << of constants', () => {
  const header = readPublicHeader(HEADER);
  assert.equal(header.constants.get('PT_FSPATH'), 15, 'an entry without a value follows the previous one');
  assert.deepEqual(header.syscallNames, ['unknown', 'open']);
  const rows = readEventTable(
    table(`[PPME_GENERIC_X] = {"NA", EC_UNKNOWN, EF_UNUSED, 0},
           [PPME_GENERIC_E] = {"open", EC_FILE | EC_SYSCALL, EF_CREATES_FD, 2, {{"fd", PT_FD, PF_DEC}, {"name", PT_FSPATH, PF_NA, file_flags}}},`),
    header,
  );
  assert.deepEqual(rows, [
    { symbol: 'GENERIC_E', name: 'open', category: 2 | 512, flags: 1, params: [['fd', 'FD'], ['name', 'FSPATH']] },
    { symbol: 'GENERIC_X', name: 'NA', category: 0, flags: 64, params: [] },
  ]);
});

test('the parser refuses a table it cannot read exactly', () => {
  const header = readPublicHeader(HEADER);
  assert.throws(() => readEventTable(table('[PPME_GENERIC_E] = {"NA", EC_UNKNOWN, EF_UNUSED, 0},'), header), /no entry for event codes 1/);
  assert.throws(
    () => readEventTable(table('[PPME_GENERIC_E] = {"x", EC_FILE, 0, 2, {{"fd", PT_FD, PF_DEC}}}, [PPME_GENERIC_X] = {"NA", EC_UNKNOWN, EF_UNUSED, 0},'), header),
    /says 2 parameters, lists 1/,
  );
  assert.throws(() => readEventTable(table('[PPME_GENERIC_E] = {"x", EC_NOPE, 0, 0}, [PPME_GENERIC_X] = {"NA", 0, 0, 0},'), header), /unknown constant EC_NOPE/);
  assert.throws(() => generateEventTable({ eventTableC: '', publicHeader: HEADER, commit: 'main' }), /40 hex digits/);
});

test('the committed table is the script output for the libs commit it names', async (t) => {
  if (LIBS_CHECKOUT === undefined) return t.skip('set FALCO_ACTIONS_LIBS_CHECKOUT to a falcosecurity/libs checkout');
  const head = execFileSync('git', ['-C', LIBS_CHECKOUT, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
  assert.equal(head, LIBS_COMMIT, `check out ${LIBS_COMMIT} in ${LIBS_CHECKOUT} (or regenerate the table for ${head})`);
  const generated = generateEventTable({ ...readLibsCheckout(LIBS_CHECKOUT), commit: LIBS_COMMIT });
  assert.equal(await readFile(DEFAULT_OUTPUT, 'utf8'), generated);
  assert.equal(EVENT_TABLE.length, readPublicHeader(readLibsCheckout(LIBS_CHECKOUT).publicHeader).eventMax);
  assert.equal(PT.FD, 14);
});

test('the open flags are libs values (PPM_O_*, PPM_FD_*)', (t) => {
  if (LIBS_CHECKOUT === undefined) return t.skip('set FALCO_ACTIONS_LIBS_CHECKOUT to a falcosecurity/libs checkout');
  const { publicHeader } = readLibsCheckout(LIBS_CHECKOUT);
  const defined = (symbol: string): number => {
    const match = new RegExp(`#define ${symbol}\\s+(?:\\\\\\s+)?\\(1 << (\\d+)\\)`).exec(publicHeader);
    assert.ok(match, `${symbol} in ppm_events_public.h`);
    return 1 << Number(match[1]);
  };
  for (const [key, value] of Object.entries(PPM_O)) {
    if (key === 'NONE' || key === 'RDWR') continue;
    const symbol = key.startsWith('FD_') ? `PPM_${key}` : `PPM_O_${key}`;
    assert.equal(value, defined(symbol), symbol);
  }
});
