// `falco-actions analyze` through the committed CLI bundle, on a capture artifact directory as the analyze
// job downloads it (capture.scap + metadata.json), with the native engine: the report names the step and
// the action behind each finding, leaves our own processes out, and the flags are the action's inputs.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CAPTURE_FILE_NAME, METADATA_FILE_NAME } from '../../../src/capture/metadata.ts';
import { analyzeReportSchema } from '../../../src/analyze/report.ts';
import { runCli } from '../../support/cli.ts';
import { EVIL_CURL_PID, EVIL_REMOTE, OWN_REMOTE, RUN_REMOTE, jobMetadata, writeJobCapture } from '../../unit/analyze/job-capture.ts';

const RULES = `- rule: Exfil Connect
  desc: curl connects to the exfiltration host
  condition: evt.type = connect and proc.name = curl and fd.sip = "${EVIL_REMOTE}"
  output: curl reached the exfil host (proc.pid=%proc.pid fd.name=%fd.name)
  priority: WARNING
  tags: [test]
`;

describe('falco-actions analyze (native engine)', () => {
  let dir: string;
  let artifact: string;
  let rules: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'fa-cli-analyze-'));
    artifact = join(dir, 'falco-capture-build');
    await mkdir(artifact);
    const written = await writeJobCapture(artifact);
    await rename(written, join(artifact, CAPTURE_FILE_NAME));
    await writeFile(join(artifact, METADATA_FILE_NAME), JSON.stringify(jobMetadata()));
    rules = join(dir, 'exfil.yaml');
    await writeFile(rules, RULES);
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('reads an artifact directory and attributes the alert and the connection to step and action', async () => {
    const run = await runCli(['analyze', '--format', 'json', '--rules', rules, '--extract-hashes', 'false', artifact]);
    assert.equal(run.code, 0, run.stderr);
    const report = analyzeReportSchema.parse(JSON.parse(run.stdout));
    const alert = report.alerts.find((candidate) => candidate.rule === 'Exfil Connect');
    assert.ok(alert, JSON.stringify(report.alerts));
    assert.equal(alert.pid, EVIL_CURL_PID);
    assert.equal(alert.attribution.action, 'evil/action@v1');
    assert.equal(alert.attribution.step?.number, 3);
    assert.equal(report.engine.kind, 'native');
    const remotes = (report.connections ?? []).map((connection) => connection.remote.address);
    assert.ok(remotes.includes(EVIL_REMOTE) && remotes.includes(RUN_REMOTE), remotes.join(','));
    assert.ok(!remotes.includes(OWN_REMOTE), "stop's own docker connection is left out");
    assert.equal(report.job?.key, jobMetadata().job.key);
  });

  it('renders Markdown naming the action, and --fail-on exits 1 on a warning', async () => {
    const run = await runCli(['analyze', '--rules', rules, '--fail-on', 'warning', artifact]);
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stdout, /Exfil Connect/);
    assert.match(run.stdout, /evil\/action@v1/);
    assert.match(run.stderr, /at or above warning/);
  });

  it('a wrong flag value names the input as the action would; a missing capture names the path', async () => {
    const engine = await runCli(['analyze', '--falco-engine', 'kernel', artifact]);
    assert.equal(engine.code, 1);
    assert.match(engine.stderr, /'falco-engine'/);
    const missing = await runCli(['analyze', join(dir, 'nope.scap')]);
    assert.equal(missing.code, 1, missing.stderr);
    assert.match(missing.stderr, /nope\.scap/);
  });
});
