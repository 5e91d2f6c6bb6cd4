// The event table: for every PPM event code its name (evt.type), direction, category, flags and the
// names and types of its parameters, in order. The facts (event rows, PT_* parameter types, EF_* flags,
// EC_* categories, syscall names) are in event-table.generated.ts, which scripts/gen-event-table.mjs
// makes from a falcosecurity/libs checkout (driver/event_table.c, driver/ppm_events_public.h) and which
// names the libs commit; this module builds the lookups. The SCAP writer (src/scap/writer/) imports it.
//
// Rules the reader follows (as libscap/libsinsp do):
// - Even codes are enter events ('>'), odd codes exit events ('<').
// - An event may carry fewer parameters than the table lists (captures written by older drivers); the
//   missing ones are absent. It may carry more (newer drivers); the extra ones are ignored.
// - Events with EF_LARGE_PAYLOAD have u32 parameter lengths, all others u16.
// - Codes at or beyond EVENT_TABLE.length (written by a newer driver) are skipped by their length.

import { EC, EF, EVENT_ROWS, PT, SYSCALL_NAMES } from './event-table.generated.ts';

export { EC, EF, LIBS_COMMIT, PT, SYSCALL_NAMES } from './event-table.generated.ts';

export type ParamTypeName = keyof typeof PT;
export type ParamType = (typeof PT)[ParamTypeName];

export interface IntegerParamLayout {
  width: 1 | 2 | 4 | 8;
  signed: boolean;
}

const integer = (width: IntegerParamLayout['width'], signed: boolean, types: ParamType[]) =>
  types.map((type) => [type, { width, signed }] as const);

/** The fixed-size integer parameter types: their width in bytes and whether the driver writes them signed.
 *  The reader decodes and the writer encodes by this one table. */
export const INTEGER_PARAM_LAYOUT: ReadonlyMap<ParamType, IntegerParamLayout> = new Map([
  ...integer(1, true, [PT.INT8]),
  ...integer(1, false, [PT.UINT8, PT.FLAGS8, PT.ENUMFLAGS8, PT.SIGTYPE, PT.L4PROTO, PT.SOCKFAMILY]),
  ...integer(2, true, [PT.INT16]),
  ...integer(2, false, [PT.UINT16, PT.FLAGS16, PT.ENUMFLAGS16, PT.PORT, PT.SYSCALLID]),
  ...integer(4, true, [PT.INT32, PT.FD32, PT.PID32]),
  ...integer(4, false, [PT.UINT32, PT.FLAGS32, PT.ENUMFLAGS32, PT.UID, PT.GID, PT.MODE, PT.BOOL, PT.SIGSET]),
  ...integer(8, true, [PT.INT64, PT.ERRNO, PT.FD, PT.PID]),
  ...integer(8, false, [PT.UINT64, PT.ABSTIME, PT.RELTIME]),
]);

export interface ParamInfo {
  readonly name: string;
  readonly type: ParamType;
}

export interface EventInfo {
  readonly code: number;
  /** The libs symbol without its PPME_ prefix, e.g. 'SYSCALL_EXECVE_19_X'. */
  readonly symbol: string;
  /** evt.type; 'NA' for placeholder codes that are never emitted. */
  readonly name: string;
  readonly dir: '>' | '<';
  readonly category: number;
  readonly flags: number;
  /** Parameter lengths are u32 instead of u16. */
  readonly largePayload: boolean;
  readonly params: readonly ParamInfo[];
  /** Parameter index by name (first occurrence). */
  readonly paramIndex: ReadonlyMap<string, number>;
  /** Parameter index by slot (see paramSlot), -1 when the event has no such parameter. */
  readonly slotIndex: Int16Array;
}

interface ParsedRow {
  symbol: string;
  name: string;
  category: number;
  flags: number;
  params: ParamInfo[];
}

function parseRows(): ParsedRow[] {
  return EVENT_ROWS.map(([symbol, name, category, flags, paramText]) => ({
    symbol,
    name,
    category,
    flags,
    params:
      paramText === ''
        ? []
        : paramText.split(' ').map((entry) => {
            const colon = entry.lastIndexOf(':');
            const typeName = entry.slice(colon + 1) as ParamTypeName;
            return { name: entry.slice(0, colon), type: PT[typeName] };
          }),
  }));
}

const PARSED_ROWS = parseRows();

/** Every parameter name of the table, numbered ("slots"), so that hot code can find a parameter of any
 *  event by number instead of by string. */
export const PARAM_NAMES: readonly string[] = [...new Set(PARSED_ROWS.flatMap((row) => row.params.map((param) => param.name)))];
const PARAM_SLOTS: ReadonlyMap<string, number> = new Map(PARAM_NAMES.map((name, slot) => [name, slot]));

/** The slot of a parameter name; throws for a name no event has, so that typos surface at load time. */
export function paramSlot(name: string): number {
  const slot = PARAM_SLOTS.get(name);
  if (slot === undefined) throw new Error(`no event has a parameter named '${name}'`);
  return slot;
}

/** The slot of a parameter name, or -1 for a name no event has. */
export function findParamSlot(name: string): number {
  return PARAM_SLOTS.get(name) ?? -1;
}

function buildTable(): EventInfo[] {
  return PARSED_ROWS.map(({ symbol, name, category, flags, params }, code) => {
    const paramIndex = new Map<string, number>();
    const slotIndex = new Int16Array(PARAM_NAMES.length).fill(-1);
    params.forEach((param, index) => {
      if (!paramIndex.has(param.name)) {
        paramIndex.set(param.name, index);
        slotIndex[PARAM_SLOTS.get(param.name)!] = index;
      }
    });
    return {
      code,
      symbol,
      name,
      dir: code % 2 === 0 ? '>' : '<',
      category,
      flags,
      largePayload: (flags & EF.LARGE_PAYLOAD) !== 0,
      params,
      paramIndex,
      slotIndex,
    };
  });
}

/** The full table, indexed by event code. */
export const EVENT_TABLE: readonly EventInfo[] = buildTable();

/** PPM_EVENT_MAX: codes at or above are unknown to this table. */
export const EVENT_CODE_MAX = EVENT_TABLE.length;

/** Event codes by symbol without the PPME_ prefix, e.g. PPME.SYSCALL_EXECVE_19_X === 293. */
export const PPME: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(EVENT_TABLE.map((info) => [info.symbol, info.code])),
);

/** The code of a symbol; throws for a typo so that mistakes surface at load time. */
export function eventCode(symbol: string): number {
  const code = PPME[symbol];
  if (code === undefined) throw new Error(`unknown event symbol PPME_${symbol}`);
  return code;
}

export function eventInfo(code: number): EventInfo | undefined {
  return EVENT_TABLE[code];
}

/** All event codes whose evt.type is one of the given names (every version, both directions). */
export function eventCodesForNames(names: Iterable<string>): Set<number> {
  const wanted = new Set(names);
  const codes = new Set<number>();
  for (const info of EVENT_TABLE) if (wanted.has(info.name)) codes.add(info.code);
  return codes;
}

/** Every distinct evt.type name the table knows (without the 'NA' placeholder). */
export const EVENT_NAMES: ReadonlySet<string> = new Set(
  EVENT_TABLE.map((info) => info.name).filter((name) => name !== 'NA'),
);

/** Well-known codes used by the reader's state tracking. */
export const CODES = {
  CLONE_X: [eventCode('SYSCALL_CLONE_11_X'), eventCode('SYSCALL_CLONE_16_X'), eventCode('SYSCALL_CLONE_17_X'), eventCode('SYSCALL_CLONE_20_X')],
  FORK_X: [eventCode('SYSCALL_FORK_X'), eventCode('SYSCALL_FORK_17_X'), eventCode('SYSCALL_FORK_20_X')],
  VFORK_X: [eventCode('SYSCALL_VFORK_X'), eventCode('SYSCALL_VFORK_17_X'), eventCode('SYSCALL_VFORK_20_X')],
  CLONE3_X: [eventCode('SYSCALL_CLONE3_X')],
  EXECVE_X: [
    eventCode('SYSCALL_EXECVE_8_X'),
    eventCode('SYSCALL_EXECVE_13_X'),
    eventCode('SYSCALL_EXECVE_14_X'),
    eventCode('SYSCALL_EXECVE_15_X'),
    eventCode('SYSCALL_EXECVE_16_X'),
    eventCode('SYSCALL_EXECVE_17_X'),
    eventCode('SYSCALL_EXECVE_18_X'),
    eventCode('SYSCALL_EXECVE_19_X'),
  ],
  EXECVEAT_X: [eventCode('SYSCALL_EXECVEAT_X')],
  PROCEXIT_E: [eventCode('PROCEXIT_E'), eventCode('PROCEXIT_1_E')],
  CONTAINER_E: [eventCode('CONTAINER_E'), eventCode('CONTAINER_JSON_E'), eventCode('CONTAINER_JSON_2_E')],
} as const;

// SYSCALL_NAMES: syscall names by PPM_SC code (the PT_SYSCALLID parameter of the generic 'syscall'
// events, which the driver emits for syscalls without an event of their own). libsinsp reports such an
// event's evt.type as the syscall's name, e.g. 'madvise'. Codes are append-only across libs versions.

/** evt.type of a generic event: the syscall's name, or 'syscall' for an unknown code. */
export function genericEventName(syscallId: number): string {
  const name = SYSCALL_NAMES[syscallId];
  return name === undefined || name === 'unknown' ? 'syscall' : name;
}
