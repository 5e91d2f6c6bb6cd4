// The harness's stand-in for the runner's Runner.Worker process: every step process of a harness job is
// spawned by this process, so a step's parent comm is `Runner.Worker` as on a real runner (Falco's
// step-marker rule keys on it). Plain JavaScript so it starts without a TypeScript loader.
// Protocol over the IPC channel (harness -> worker): {type:'spawn', id, file, args, cwd, env, timeoutMs}
// | {type:'kill', id, signal} | {type:'create-files', id, paths} ; (worker -> harness): {type:'ready', pid, comm}
// | {type:'started', id, pid} | {type:'files-created', id, error}
// | {type:'data', id, stream, chunk} | {type:'exit', id, pid, exitCode, signal, timedOut, error}
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

process.title = 'Runner.Worker';

const children = new Map();

function send(message) {
  if (process.connected) process.send(message);
}

function killGroup(child, signal) {
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
}

function comm() {
  try {
    return readFileSync('/proc/self/comm', 'utf8').trim();
  } catch {
    return process.title;
  }
}

process.on('message', (message) => {
  if (message === null || typeof message !== 'object') return;
  if (message.type === 'spawn') {
    let child;
    try {
      child = spawn(message.file, message.args, {
        cwd: message.cwd,
        env: message.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so a timeout or a vanished harness takes down the whole step tree
        // (a backgrounded grandchild would otherwise hold the output pipes open).
        detached: true,
      });
    } catch (error) {
      send({ type: 'exit', id: message.id, pid: null, exitCode: null, signal: null, timedOut: false, error: String(error) });
      return;
    }
    let timedOut = false;
    let timer;
    if (typeof message.timeoutMs === 'number' && message.timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        killGroup(child, 'SIGKILL');
      }, message.timeoutMs);
    }
    let spawnError;
    child.on('error', (error) => {
      spawnError = String(error);
    });
    children.set(message.id, child);
    if (child.pid !== undefined) send({ type: 'started', id: message.id, pid: child.pid });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk) => send({ type: 'data', id: message.id, stream: 'stdout', chunk }));
    child.stderr.on('data', (chunk) => send({ type: 'data', id: message.id, stream: 'stderr', chunk }));
    let finished = false;
    const finish = (exitCode, signal) => {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      children.delete(message.id);
      send({ type: 'exit', id: message.id, pid: child.pid ?? null, exitCode, signal, timedOut, error: spawnError ?? null });
    };
    child.on('close', finish);
    // A step ends when its process exits, as on the runner: a background process it started may keep
    // the output pipes open, so after a short drain the step is finished without waiting for them.
    child.on('exit', (exitCode, signal) => {
      setTimeout(() => {
        if (finished) return;
        child.stdout.destroy();
        child.stderr.destroy();
        finish(exitCode, signal);
      }, 300);
    });
    child.on('error', () => {
      if (child.pid === undefined) finish(null, null);
    });
  } else if (message.type === 'create-files') {
    // The runner creates each step's file-command files itself (FileCommandManager.cs), so a monitor
    // sees Runner.Worker write them, not some other process.
    let error = null;
    try {
      for (const path of message.paths) writeFileSync(path, '');
    } catch (failure) {
      error = String(failure);
    }
    send({ type: 'files-created', id: message.id, error });
  } else if (message.type === 'kill') {
    const child = children.get(message.id);
    if (child !== undefined) killGroup(child, message.signal ?? 'SIGTERM');
  }
});

// The harness went away (test finished or crashed): take the steps down with us.
process.on('disconnect', () => {
  for (const child of children.values()) killGroup(child, 'SIGKILL');
  process.exit(0);
});

send({ type: 'ready', pid: process.pid, comm: comm() });
