// Live mode's forwarding end to end: the action bundles through the runner harness with the real Falco,
// a step that trips a rule, then stop with Slack, Loki and webhook outputs pointing at the local
// receivers (test/support/receivers.ts), which check every payload against its protocol. The URLs are
// given as plain inputs, not as `secrets.`: only stop's own masking keeps them out of the log.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RunnerJob } from '../support/harness.ts';
import { falcoImage, repoPath, requireDocker, requireRegistryImage } from '../support/env.ts';
import { startLokiReceiver, startSlackReceiver, startWebhookReceiver, type Receiver, type ReceivedLokiPush, type ReceivedSlackMessage, type ReceivedWebhookPayload } from '../support/receivers.ts';
import { falcoContainersLeft, jobsOfThisRun, liveFixture, removeLeftovers, stepAlertRows, uniqueRunId } from './live-support.ts';

const RULES = repoPath('test', 'fixtures', 'rules', 'e2e_rules.yaml');
const fixture = liveFixture();

let slack: Receiver<ReceivedSlackMessage>;
let loki: Receiver<ReceivedLokiPush>;
let webhook: Receiver<ReceivedWebhookPayload>;
before(async () => {
  [slack, loki, webhook] = await Promise.all([startSlackReceiver(), startLokiReceiver(), startWebhookReceiver()]);
});
after(async () => {
  await Promise.all([slack.close(), loki.close(), webhook.close()]);
});

/** Step times are whole seconds: starting each step in a fresh second keeps steps from sharing a boundary second. */
async function nextSecond(): Promise<void> {
  await new Promise((resolveWait) => setTimeout(resolveWait, 1000 - (Date.now() % 1000) + 50));
}

describe('live mode forwarding through the runner harness', { concurrency: false }, () => {
  it('start -> a step that trips a rule -> stop with Slack, Loki and a webhook: each receiver gets the alert with its step and the job, no URL in the log', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const runId = uniqueRunId();
    const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, jobName: 'build', runnerName: 'GitHub Actions 9', workflow: 'Forwarding CI' });
    try {
      const start = await job.uses(fixture.action.start, { 'falco-image': falcoImage(), 'cicd-rules': 'false', 'custom-rule-file': RULES }, { root: fixture.action.root, name: 'Start Falco' });
      assert.equal(start.outcome, 'success', start.log.join('\n'));
      await nextSecond();
      const secrets = await job.run('cat /etc/shadow >/dev/null\nsleep 1\n', { name: 'Read secrets' });
      assert.equal(secrets.outcome, 'success');

      const urls = [slack.endpoint, loki.endpoint, webhook.endpoint];
      const stop = await job.uses(
        fixture.action.stop,
        { 'slack-webhook-url': slack.endpoint, 'loki-url': loki.endpoint, 'webhook-url': webhook.endpoint, 'webhook-headers': 'X-Api-Key: E2E-KEY-31337' },
        { root: fixture.action.root, name: 'Stop Falco', onStart: () => fixture.api.setJobs(jobsOfThisRun(job)) },
      );
      assert.equal(stop.outcome, 'success', stop.log.join('\n'));
      assert.equal(stepAlertRows(stop.summary, 'Read secrets', 'E2E Shadow File Opened').length, 1, stop.summary);
      assert.deepEqual([slack.rejected, loki.rejected, webhook.rejected], [[], [], []], 'every payload keeps its protocol');

      // The webhook: one call per alert, ours with its step and the job's context.
      const ours = webhook.accepted.filter((request) => request.body.rule === 'E2E Shadow File Opened' && request.body.falco_actions.step === 'Read secrets');
      assert.equal(ours.length, 1, JSON.stringify(webhook.accepted.map((request) => request.body)));
      assert.deepEqual(ours[0]?.body.falco_actions, {
        repository: job.repository,
        workflow: 'Forwarding CI',
        job: 'build',
        run_number: '1',
        run_url: `${job.serverUrl}/${job.repository}/actions/runs/${runId}`,
        step: 'Read secrets',
        action: null,
      });
      assert.equal(ours[0]?.headers['x-api-key'], 'E2E-KEY-31337');
      // Slack: an attachment for the alert naming the step and linking the run.
      const attachments = slack.accepted.flatMap((request) => request.body.attachments);
      const slackOurs = attachments.filter(
        (attachment) => attachment.fields.some((field) => field.title === 'rule' && field.value === 'E2E Shadow File Opened') && JSON.stringify(attachment.fields).includes('Read secrets'),
      );
      assert.ok(slackOurs.length >= 1, JSON.stringify(attachments));
      assert.ok(JSON.stringify(slackOurs[0]).includes(`/actions/runs/${runId}`), JSON.stringify(slackOurs[0]));
      // Loki: the alert's line in a stream, with the step in it.
      const lokiEntries = loki.accepted.flatMap((request) => request.body.streams.flatMap((stream) => stream.values.map(([, line]) => ({ labels: stream.stream, line }))));
      assert.ok(
        lokiEntries.some((entry) => entry.line.includes('E2E Shadow File Opened') || entry.labels.rule === 'E2E Shadow File Opened'),
        JSON.stringify(lokiEntries),
      );
      assert.ok(JSON.stringify(lokiEntries).includes('Read secrets'), JSON.stringify(lokiEntries));

      // The summary says what was delivered; nothing failed.
      assert.match(stop.summary, /### Alert forwarding/);
      assert.ok(!stop.annotations.some((annotation) => /Forwarding Falco alerts/.test(annotation.message)), JSON.stringify(stop.annotations));
      // No URL nor header value anywhere the runner shows: the masked log and summary, and the raw
      // output except the add-mask commands that mask them.
      const raw = `${stop.stdout}\n${stop.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::'));
      for (const secret of [...urls, 'E2E-KEY-31337']) {
        assert.ok(!stop.log.some((line) => line.includes(secret)), `${secret} in the log`);
        assert.ok(!raw.some((line) => line.includes(secret)), `${secret} in the raw output`);
        assert.ok(!stop.summary.includes(secret), `${secret} in the summary`);
      }
      assert.ok(stop.stdout.split('\n').includes(`::add-mask::${slack.endpoint}`), 'the Slack URL is masked');

      await job.complete();
      assert.deepEqual(await falcoContainersLeft(runId), []);
    } finally {
      await job.dispose();
      await removeLeftovers(runId);
    }
  });

  it('without a stop step, the post step forwards with start\'s forwarding inputs, masked', async (t) => {
    if (!(await requireDocker(t)) || !(await requireRegistryImage(t, falcoImage()))) return;
    const runId = uniqueRunId();
    const job = await RunnerJob.create({ apiUrl: fixture.api.url, runId, jobName: 'build', runnerName: 'GitHub Actions 9', workflow: 'Forwarding CI' });
    const before = webhook.accepted.length;
    try {
      const start = await job.uses(
        fixture.action.start,
        { 'falco-image': falcoImage(), 'cicd-rules': 'false', 'custom-rule-file': RULES, 'webhook-url': webhook.endpoint, 'forward-minimum-priority': 'warning' },
        { root: fixture.action.root, name: 'Start Falco' },
      );
      assert.equal(start.outcome, 'success', start.log.join('\n'));
      assert.ok(start.stdout.split('\n').includes(`::add-mask::${webhook.endpoint}`), 'start masks the URL before anything else');
      await nextSecond();
      const secrets = await job.run('cat /etc/shadow >/dev/null\nsleep 1\n', { name: 'Read secrets' });
      assert.equal(secrets.outcome, 'success');
      fixture.api.setJobs(jobsOfThisRun(job));
      await job.complete();
      const post = job.results.at(-1)!;
      assert.equal(post.name, 'Post Start Falco');
      assert.equal(post.outcome, 'success', post.log.join('\n'));
      assert.match(post.summary, /### Alert forwarding/);
      const ours = webhook.accepted.slice(before).filter((request) => request.body.rule === 'E2E Shadow File Opened' && request.body.falco_actions.step === 'Read secrets');
      assert.equal(ours.length, 1, JSON.stringify(webhook.accepted.slice(before).map((request) => request.body)));
      assert.deepEqual(webhook.rejected, []);
      for (const result of [start, post]) {
        const raw = `${result.stdout}\n${result.stderr}`.split('\n').filter((line) => !line.startsWith('::add-mask::'));
        assert.ok(!raw.some((line) => line.includes(webhook.endpoint)), `the URL in the raw output of ${result.name}`);
      }
      assert.deepEqual(await falcoContainersLeft(runId), []);
    } finally {
      await job.dispose();
      await removeLeftovers(runId);
    }
  });
});
