// `falco-actions inventory --filters`: a filters.config's exceptions remove matching entries and the
// output says how many each removed. Runs the CLI as a user would, on a capture the writer makes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCaptureDescription, writeCapture } from '../../../src/scap/writer/index.ts';
import { runCli } from '../../support/cli.ts';
import { repoRoot } from '../../support/env.ts';

const cli = (args: string[]) => runCli(['inventory', ...args]);

interface InventoryJson {
  processes: Array<{ name: string }>;
  files: Array<{ path: string }>;
  exceptions?: Array<{ section: string; description: string; removed: number }>;
}

test('inventory --filters removes what each exception matches and counts it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fa-inventory-filters-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const description = parseCaptureDescription(JSON.parse(await readFile(join(repoRoot(), 'examples/ci-job.json'), 'utf8')));
  const capture = join(dir, 'job.scap');
  await writeCapture(description, capture);

  const plain = await cli([capture]);
  assert.equal(plain.code, 0, plain.stderr);
  const unfiltered = JSON.parse(plain.stdout) as InventoryJson;
  assert.equal(unfiltered.exceptions, undefined);
  const gitProcesses = unfiltered.processes.filter((entry) => entry.name === 'git').length;
  const workflowWrites = unfiltered.files.filter((entry) => entry.path.includes('/.github/workflows/')).length;
  assert.ok(gitProcesses > 0 && workflowWrites > 0, 'the example job runs git and writes a workflow file');

  const config = join(dir, 'filters.config');
  await writeFile(
    config,
    JSON.stringify({
      processes: [{ description: 'git', condition: 'proc.name = git' }],
      written_files: [
        { description: 'workflow files', condition: "fd.name contains '/.github/workflows/'" },
        { description: 'never matches', condition: "fd.name startswith '/nonexistent/'" },
      ],
    }),
  );
  const filtered = await cli(['--filters', config, capture]);
  assert.equal(filtered.code, 0, filtered.stderr);
  const result = JSON.parse(filtered.stdout) as InventoryJson;
  assert.deepEqual(
    result.exceptions?.map(({ section, description, removed }) => ({ section, description, removed })),
    // Reported in the config's section order (outbound_connections, written_files, processes).
    [
      { section: 'written_files', description: 'workflow files', removed: workflowWrites },
      { section: 'written_files', description: 'never matches', removed: 0 },
      { section: 'processes', description: 'git', removed: gitProcesses },
    ],
  );
  assert.equal(result.processes.length, unfiltered.processes.length - gitProcesses);
  assert.ok(result.processes.every((entry) => entry.name !== 'git'));
  assert.equal(result.files.length, unfiltered.files.length - workflowWrites);

  const markdown = await cli(['--format', 'markdown', '--filters', config, capture]);
  assert.equal(markdown.code, 0, markdown.stderr);
  assert.match(markdown.stdout, /## Exceptions applied \(3\)/);
  assert.match(markdown.stdout, /\| ` processes ` \| ` git ` \| ` proc\.name = git ` \| \d+ \|/);
});

test('inventory --filters refuses a broken filters.config naming the file and the entry', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fa-inventory-filters-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const description = parseCaptureDescription(JSON.parse(await readFile(join(repoRoot(), 'examples/ci-job.json'), 'utf8')));
  const capture = join(dir, 'job.scap');
  await writeCapture(description, capture);
  const config = join(dir, 'broken.config');
  await writeFile(config, JSON.stringify({ processes: [{ description: 'typo', condition: 'proc.name in (a, b' }] }));
  const result = await cli(['--filters', config, capture]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, new RegExp(`${config.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: invalid filters config`));
  assert.match(result.stderr, /processes\[0\] \("typo"\)/);
  assert.doesNotMatch(result.stderr, /\n\s+at /, 'no stack trace');
});

test('inventory --filters on a file that is not a capture ends with one line naming it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fa-inventory-filters-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const notCapture = join(dir, 'notes.txt');
  await writeFile(notCapture, 'just some text, long enough to look at\n');
  // The filtered path runs in its own lazily loaded bundle: its capture errors must still be recognised.
  const result = await cli(['--filters', join(repoRoot(), 'src/filters.config'), notCapture]);
  assert.equal(result.code, 1);
  assert.equal(result.stdout, '');
  assert.equal(result.stderr, `falco-actions inventory: ${notCapture}: not a scap capture: it does not start with a section header block\n`);
});

test('inventory --filters on a damaged capture reads on after the damage and exits 3', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'fa-inventory-filters-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const description = parseCaptureDescription(JSON.parse(await readFile(join(repoRoot(), 'examples/ci-job.json'), 'utf8')));
  const capture = join(dir, 'job.scap');
  await writeCapture(description, capture);
  const bytes = await readFile(capture);
  // The third block after the section header (an event block of the writer) gets a zero length.
  let at = 0;
  for (let index = 0; index < 3; index++) at += bytes.readUInt32LE(at + 4);
  bytes.writeUInt32LE(0, at + 4);
  const damaged = join(dir, 'damaged.scap');
  await writeFile(damaged, bytes);
  const filters = join(repoRoot(), 'src/filters.config');
  const [whole, result] = await Promise.all([cli(['--filters', filters, capture]), cli(['--filters', filters, damaged])]);
  assert.equal(whole.code, 0, whole.stderr);
  assert.equal(result.code, 3, result.stderr);
  const expected = JSON.parse(whole.stdout) as InventoryJson;
  const inventory = JSON.parse(result.stdout) as InventoryJson & { capture: { damage: { regions: Array<{ offset: number }> } } };
  assert.equal(inventory.capture.damage.regions[0]!.offset, at);
  assert.deepEqual(inventory.files, expected.files, 'the written files after the damage are still listed');
  assert.match(result.stderr, /damaged\.scap is damaged: one damaged region/);
});
