// Builds ScapEvents as the reader delivers them (event + its thread/fd state), for evaluator tests.
import { PPME, eventInfo } from '../../../src/scap/event-table.ts';
import type { FdState, ParamValue, ScapEvent, ThreadState } from '../../../src/scap/model.ts';

export function thread(fields: Partial<ThreadState> & { tid: number; comm: string }): ThreadState {
  return {
    pid: fields.tid, ptid: 1, exe: fields.comm, exepath: `/usr/bin/${fields.comm}`, args: [], cwd: '/', uid: 0, gid: 0,
    loginuid: -1, containerId: 'host', vpid: fields.tid, startTs: 0n, ...fields,
  };
}

export function event(options: {
  symbol: string;
  params?: Record<string, ParamValue>;
  thread?: ThreadState;
  fd?: FdState;
  table?: ThreadState[];
  num?: number;
}): ScapEvent {
  const code = PPME[options.symbol];
  if (code === undefined) throw new Error(`no event ${options.symbol}`);
  const info = eventInfo(code);
  if (info === undefined) throw new Error(`no event ${options.symbol}`);
  const table = new Map((options.table ?? []).map((entry) => [entry.tid, entry]));
  if (options.thread !== undefined) table.set(options.thread.tid, options.thread);
  const current = options.thread;
  return {
    num: options.num ?? 1,
    ts: 1_700_000_000_123_456_789n,
    cpu: 0,
    tid: current?.tid ?? 0,
    type: code,
    name: info.name,
    dir: info.dir,
    params: options.params ?? {},
    thread: current,
    fd: options.fd,
    parent: current === undefined ? undefined : table.get(current.ptid),
    lookupThread: (tid) => table.get(tid),
  };
}

/** A small process tree: systemd(1) > Runner.Worker(100) > bash(200) > curl(300). */
export const tree = {
  init: thread({ tid: 1, comm: 'systemd', ptid: 0 }),
  worker: thread({ tid: 100, comm: 'Runner.Worker', ptid: 1, exepath: '/home/runner/bin/Runner.Worker' }),
  bash: thread({ tid: 200, comm: 'bash', ptid: 100, args: ['-e', '/tmp/step.sh'], uid: 1001 }),
  curl: thread({ tid: 300, comm: 'curl', ptid: 200, args: ['-s', 'https://example.com/x.sh'], cwd: '/home/runner/work/repo/', uid: 1001 }),
};
export const allThreads = Object.values(tree);
