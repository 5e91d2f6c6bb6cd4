// The processes of a capture as a tree, built while reading (one streaming pass, fed by the same
// events as the inventory): each process incarnation with its parent, what it ran and when it started.
// A pid the kernel reuses is a new incarnation (told apart by its main thread's start time), so a
// lookup takes the pid and a time. Memory grows with the number of distinct processes, never with the
// number of events.
import { describeStepProcess } from '../attribution/process.ts';
import { CapturedEvent } from '../scap/event.ts';
import type { ScapEvent, ThreadState } from '../scap/model.ts';

/** One incarnation of a pid. */
export interface TreeProcess {
  pid: number;
  ppid: number;
  /** The parent incarnation as it was when this one was first seen; undefined when the capture does not tell. */
  parent: TreeProcess | undefined;
  comm: string;
  exepath: string;
  args: string[];
  /** Start of its main thread (ns since the epoch); the first event seen of it when the capture does not tell. */
  startNs: bigint;
  /**
   * `OWNER/REPO@REF` when a program this incarnation ran lies in the runner's actions folder (the
   * executable, or the script an interpreter was given): the latest such one it exec'd (before its
   * first exec, the program it was first seen running).
   */
  action: string | undefined;
  /** Event records of its threads (both directions, internal ones such as procinfo left out) and bytes
   *  its IP sockets moved: counted by the top talkers (chisels.ts). */
  events: number;
  netBytes: number;
}

/** How far up a parent chain is followed (deeper chains are cut: a fork bomb must not stall the pass). */
export const MAX_TREE_DEPTH = 256;

/**
 * The action whose code a process runs: the runner unpacks `uses: OWNER/REPO@REF` into
 * `…/_actions/OWNER/REPO/REF/` (the pattern of src/attribution/process.ts). Only the executable and
 * the first operand (the script of `node FILE`, `bash -e FILE`, `python3 FILE`) count, so that a
 * process merely naming a file of an action (`cat …/_actions/…`) is not taken for the action's code.
 */
export function actionOfProgram(exepath: string, args: readonly string[]): string | undefined {
  const operand = args.find((arg) => !arg.startsWith('-'));
  for (const word of [exepath, operand]) {
    if (word === undefined || word === '') continue;
    const described = describeStepProcess(word);
    if (described.kind === 'action') return described.action;
  }
  return undefined;
}

export class ProcessTree {
  private readonly byPid = new Map<number, TreeProcess[]>();
  /** Incarnations seen to exec a program of their own. */
  private readonly execed = new WeakSet<TreeProcess>();
  /** Called once per new incarnation, parents before children. */
  private readonly onNew: ((process: TreeProcess) => void) | undefined;

  constructor(onNew?: (process: TreeProcess) => void) {
    this.onNew = onNew;
  }

  /** Distinct incarnations held: what memory grows with. */
  get size(): number {
    let size = 0;
    for (const list of this.byPid.values()) size += list.length;
    return size;
  }

  /** Every incarnation, by pid then start. */
  *processes(): IterableIterator<TreeProcess> {
    for (const list of this.byPid.values()) yield* list;
  }

  /**
   * Takes in one event (called for every event of the pass, in file order, with the reader's state
   * after the event was applied) and returns the incarnation it belongs to, if its thread is known.
   */
  observe(event: ScapEvent): TreeProcess | undefined {
    const thread = event.thread;
    if (thread === undefined) return undefined;
    const process = this.ensure(thread, event);
    if ((event.name === 'execve' || event.name === 'execveat') && event.dir === '<' && isSuccess(paramOf(event, 'res'))) {
      process.comm = thread.comm;
      process.exepath = thread.exepath;
      process.args = thread.args;
      // A forked child starts with its parent's program (the node of an action, say): its first exec
      // replaces that; a later one (a script of an action that execs curl) keeps what it ran before.
      const ran = this.execed.has(process) ? process.action : undefined;
      process.action = actionOfProgram(thread.exepath, thread.args) ?? ran;
      this.execed.add(process);
    }
    return process;
  }

  /** The incarnation of `pid` alive at `ns`: the latest one started by then (the first one when none was). */
  at(pid: number, ns: bigint): TreeProcess | undefined {
    const list = this.byPid.get(pid);
    if (list === undefined) return undefined;
    let found: TreeProcess | undefined;
    for (const process of list) if (process.startNs <= ns && (found === undefined || process.startNs >= found.startNs)) found = process;
    return found ?? list[0];
  }

  /** The incarnation of a thread's process, created (with any unknown ancestors) when new. */
  private ensure(thread: ThreadState, event: ScapEvent): TreeProcess {
    // Walk up to the nearest ancestor already known, then create the missing ones top down.
    const missing: ThreadState[] = [];
    let current: ThreadState | undefined = mainThread(thread, event);
    let known: TreeProcess | undefined;
    while (current !== undefined && missing.length < MAX_TREE_DEPTH) {
      known = this.find(current);
      if (known !== undefined) break;
      missing.push(current);
      const parentTid: number = current.ptid;
      const parent: ThreadState | undefined = parentTid > 0 && parentTid !== current.pid ? event.lookupThread(parentTid) : undefined;
      current = parent === undefined ? undefined : mainThread(parent, event);
    }
    for (let index = missing.length - 1; index >= 0; index -= 1) {
      const state = missing[index] as ThreadState;
      const process: TreeProcess = {
        pid: state.pid,
        ppid: state.ptid,
        parent: index === missing.length - 1 ? known : this.find(missing[index + 1] as ThreadState),
        comm: state.comm,
        exepath: state.exepath,
        args: state.args,
        startNs: state.startTs > 0n ? state.startTs : event.ts,
        action: actionOfProgram(state.exepath, state.args),
        events: 0,
        netBytes: 0,
      };
      const list = this.byPid.get(process.pid);
      if (list === undefined) this.byPid.set(process.pid, [process]);
      else list.push(process);
      this.onNew?.(process);
    }
    return this.find(mainThread(thread, event)) as TreeProcess;
  }

  private find(main: ThreadState): TreeProcess | undefined {
    const list = this.byPid.get(main.pid);
    if (list === undefined) return undefined;
    const last = list[list.length - 1] as TreeProcess;
    // A thread state without a start time (0n) cannot tell incarnations apart: the latest one it is.
    if (main.startTs === 0n || last.startNs === main.startTs) return last;
    for (let index = list.length - 2; index >= 0; index -= 1) if ((list[index] as TreeProcess).startNs === main.startTs) return list[index];
    return undefined;
  }
}

/** The process's main thread (tid = pid), which carries the process's start; the thread itself when unknown. */
function mainThread(thread: ThreadState, event: ScapEvent): ThreadState {
  if (thread.tid === thread.pid) return thread;
  return event.lookupThread(thread.pid) ?? thread;
}

/** One parameter; the reader's events decode it alone instead of all of them. */
function paramOf(event: ScapEvent, name: string): unknown {
  return event instanceof CapturedEvent ? event.param(name) : event.params[name];
}

function isSuccess(res: unknown): boolean {
  return res === 0 || res === 0n;
}

/** The incarnation and its ancestors, nearest first (cut at MAX_TREE_DEPTH). */
export function ancestry(process: TreeProcess | undefined): TreeProcess[] {
  const chain: TreeProcess[] = [];
  for (let current = process; current !== undefined && chain.length < MAX_TREE_DEPTH; current = current.parent) chain.push(current);
  return chain;
}
