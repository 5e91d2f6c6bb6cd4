// The analyze report's top talkers against sysdig's own chisels (the shared sysdig 0.36.0: topconns and
// topprocs_net) on the shared real captures, through `falco-actions analyze --extract-chisels true`.
// sysdig keys a connection by its whole tuple, we by remote endpoint, protocol and process: on these
// captures each remote has one connection, so the rows must agree (bytes as sysdig prints them).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeReportSchema } from '../../../src/analyze/report.ts';
import { runCli } from '../../support/cli.ts';
import { isCi, requireSharedCaptures, sharedCapturesDir, sharedFalcoDir } from '../../support/env.ts';

const SYSDIG_DIR = join(dirname(dirname(sharedFalcoDir())), 'sysdig', '0.36.0');
const SYSDIG = join(SYSDIG_DIR, 'usr', 'local', 'bin', 'sysdig');
/** sysdig cannot open a capture whose section header carries options (PROVENANCE.md). */
const UNREADABLE_BY_SYSDIG = new Set(['curl_google_comments.scap']);

function chisel(capture: string, name: string): Promise<string[][]> {
  return new Promise((resolvePromise, reject) => {
    execFile(SYSDIG, ['-r', capture, '-c', name], { env: { ...process.env, SYSDIG_CHISEL_DIR: join(SYSDIG_DIR, 'usr', 'local', 'share', 'sysdig', 'chisels') } }, (error, stdout) => {
      if (error) return reject(error);
      // Rows after the dashed rule, columns separated by runs of spaces.
      const lines = stdout.split('\n');
      const rule = lines.findIndex((line) => line.startsWith('-----'));
      resolvePromise(lines.slice(rule + 1).filter((line) => line.trim() !== '').map((line) => line.trim().split(/\s{2,}/)));
    });
  });
}

/** sysdig's byte column (chisels/common.lua format_bytes): B under 1 KiB, else two decimals of KB, MB, GB. */
function sysdigBytes(bytes: number): string {
  const units: Array<[number, string]> = [[1024 ** 3, 'GB'], [1024 ** 2, 'MB'], [1024, 'KB']];
  for (const [size, unit] of units) if (bytes >= size) return `${(bytes / size).toFixed(2)}${unit}`;
  return `${bytes}B`;
}

test('top connections and top processes by bytes agree with sysdig 0.36.0 on the shared captures', async (t) => {
  if (!requireSharedCaptures(t)) return;
  if (!existsSync(SYSDIG)) {
    if (isCi()) throw new Error(`CI=true but the shared sysdig 0.36.0 is missing (${SYSDIG})`);
    t.skip(`the shared sysdig 0.36.0 is missing (${SYSDIG})`);
    return;
  }
  const captures = readdirSync(sharedCapturesDir()).filter((file) => file.endsWith('.scap') && !UNREADABLE_BY_SYSDIG.has(file));
  assert.ok(captures.length >= 7);
  let compared = 0;
  for (const file of captures) {
    const capture = join(sharedCapturesDir(), file);
    const run = await runCli(['analyze', '--format', 'json', '--extract-chisels', 'true', '--cicd-rules', 'false', '--filters', 'none', capture]);
    assert.equal(run.code, 0, `${file}: ${run.stderr}`);
    const chisels = analyzeReportSchema.parse(JSON.parse(run.stdout)).chisels;
    assert.ok(chisels, file);
    const conns = await chisel(capture, 'topconns');
    assert.deepEqual(
      chisels.connectionsByBytes.filter((row) => row.bytes > 0).map((row) => [sysdigBytes(row.bytes), row.protocol, `${row.remote.address}:${row.remote.port}`]),
      conns.map(([bytes, proto, conn]) => [bytes, proto, (conn ?? '').split('->')[1]]),
      `${file}: topconns`,
    );
    const procs = await chisel(capture, 'topprocs_net');
    assert.deepEqual(
      chisels.processesByBytes.filter((row) => row.bytes > 0).map((row) => [sysdigBytes(row.bytes), row.process, String(row.pid)]),
      procs,
      `${file}: topprocs_net`,
    );
    compared += conns.length + procs.length;
  }
  assert.ok(compared >= 3, `rows compared: ${compared}`);
});
