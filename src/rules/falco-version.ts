// What the Falco release the user runs does with the events of a capture, so that `rules test` counts
// what that Falco counts. One difference matters between releases:
//
// Since libs 0.22.0 (Falco 0.42.0, falcosecurity/falco CHANGELOG.md "v0.42.0": "emit warning when a rule
// containing a condition on the deprecated `evt.dir` field is encountered"; falcosecurity/libs
// proposals/20240901-disable-support-for-syscall-enter-events.md) no syscall enter event reaches the
// rules:
// - libscap's savefile converter (userspace/libscap/engine/savefile/converter/converter.cpp,
//   test_event_convertibility, and table.cpp) drops the enter events of most syscalls before libsinsp
//   sees them, so they get no evt.num;
// - the few it passes on (open, creat, openat, openat2, connect, execve, execveat: TOCTOU mitigation and
//   parameter fallback) are numbered and parsed, then filtered out before the rules
//   (userspace/libsinsp/sinsp.cpp, ~sinsp_evt_filter);
// - enter-direction events that are not syscalls (procexit, signaldeliver, switch, page_fault, procinfo)
//   still reach the rules.
// So `evt.dir = >` never matches a syscall, a rule without evt.dir matches exit events only, and evt.num
// counts fewer events than the file holds. Falco 0.41 and older (libs 0.21) give every event to the rules
// and number every event record, which is what the reader's `num` is.
import { compareVersions, DEFAULT_FALCO_VERSION, MINIMUM_FALCO_VERSION, VERSION_PATTERN } from '../falco/version.ts';
import { EC, EVENT_TABLE } from '../scap/event-table.ts';
import type { ScapEvent } from '../scap/model.ts';

export { DEFAULT_FALCO_VERSION };

/** The first Falco release whose rules never see syscall enter events (libs 0.22.0). */
export const ENTER_EVENTS_DROPPED_SINCE = '0.42.0';

/** Falco's warning code and texts for evt.dir (falcosecurity/falco userspace/engine, LOAD_DEPRECATED_ITEM). */
export const DEPRECATED_EVT_DIR = {
  code: 'LOAD_DEPRECATED_ITEM',
  title: "Used deprecated item: field 'evt.dir'",
  condition:
    "due to the drop of enter events, 'evt.dir = <' always evaluates to true, and 'evt.dir = >' always evaluates to false. The rule expression can be simplified by removing the condition on 'evt.dir'",
  output: "usage of deprecated field 'evt.dir' has been detected in the rule output",
} as const;

export interface FalcoEventModel {
  falcoVersion: string;
  /** Syscall enter events never reach the rules, and evt.num counts what libscap's converter passes on. */
  dropsSyscallEnterEvents: boolean;
}

export class FalcoVersionError extends Error {
  constructor(readonly value: string) {
    super(`--falco-version must be a Falco release such as ${DEFAULT_FALCO_VERSION}, ${MINIMUM_FALCO_VERSION} or later (what the actions' falco-version input accepts), not '${value}'`);
    this.name = 'FalcoVersionError';
  }
}

/** The event model of a Falco release (the actions' default release when none is given). */
export function falcoEventModel(falcoVersion: string = DEFAULT_FALCO_VERSION): FalcoEventModel {
  const version = falcoVersion.trim();
  if (!VERSION_PATTERN.test(version) || compareVersions(version, MINIMUM_FALCO_VERSION) < 0) throw new FalcoVersionError(falcoVersion);
  return { falcoVersion: version, dropsSyscallEnterEvents: compareVersions(version, ENTER_EVENTS_DROPPED_SINCE) >= 0 };
}

const SYSCALL_ENTER: readonly boolean[] = EVENT_TABLE.map((info) => info.dir === '>' && (info.category & EC.SYSCALL) !== 0);
/** The syscall enter events libscap's converter passes on (C_ACTION_PASS / C_ACTION_STORE_AND_PASS in table.cpp). */
const NUMBERED_SYSCALL_ENTER: readonly boolean[] = EVENT_TABLE.map((info) =>
  /^(SYSCALL_OPEN_E|SYSCALL_CREAT_E|SYSCALL_OPENAT_2_E|SYSCALL_OPENAT2_E|SOCKET_CONNECT_E|SYSCALL_EXECVEAT_E|SYSCALL_EXECVE_\d+_E)$/.test(info.symbol),
);

/**
 * Numbers a capture's events as the given Falco does, in reading order: `next` takes every event record
 * of the file (in order, none left out) and returns its evt.num when the event reaches the rules, or
 * undefined when it does not.
 */
export class FalcoEventNumbering {
  private count = 0;

  constructor(private readonly model: FalcoEventModel) {}

  next(event: Pick<ScapEvent, 'num' | 'type'>): number | undefined {
    if (!this.model.dropsSyscallEnterEvents) return event.num;
    if (SYSCALL_ENTER[event.type] !== true) return ++this.count;
    if (NUMBERED_SYSCALL_ENTER[event.type] === true) this.count++;
    return undefined;
  }
}
