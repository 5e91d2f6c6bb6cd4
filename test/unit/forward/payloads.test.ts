import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FALCO_PRIORITIES } from '../../../src/falco/priority.ts';
import { jobContextFromEnv, type ForwardAlert } from '../../../src/forward/alert.ts';
import { buildLokiPushes, lokiLabels } from '../../../src/forward/loki.ts';
import { ALERTS_PER_MESSAGE, buildSlackMessages, MAX_SLACK_ALERTS, slackAttachment, slackEscape, slackLink } from '../../../src/forward/slack.ts';
import { buildWebhookPayload } from '../../../src/forward/webhook.ts';
import { NASTY } from '../report/nasty.ts';
import { JOB, liveAlert, typicalReportAlerts } from './alerts.ts';
import { lokiPushSchema, slackMessageSchema, webhookPayloadSchema } from '../../support/receivers.ts';

const HOSTILE: string[] = [
  ...NASTY,
  ...(JSON.parse(readFileSync(new URL('../../fixtures/hostile/strings.json', import.meta.url), 'utf8')) as Array<{ text: string }>).map((entry) => entry.text),
  '<!channel> <!here> <!everyone> <!subteam^S123|@team>',
  '<@U024BE7LH> <#C024BE7LR|general> <https://evil.example|click me> <mailto:a@evil.example|mail>',
  '@channel @here @everyone @Channel @HERE wake up',
  '&lt;!channel&gt; &amp;lt;!here&amp;gt; &#60;!channel&#62;',
  '\ud800 lone surrogate <!channel>',
];

function hostileAlert(text: string): ForwardAlert {
  const alert = liveAlert({ rule: `rule ${text}`, message: text, fields: { 'proc.cmdline': text, [`field ${text}`]: 'x' }, hostname: text, tags: [text] });
  return { ...alert, ci: { ...alert.ci, repository: text, workflow: text, job: text, step: text, action: text } };
}

describe('forward alert adapters', () => {
  it('keeps a live alert whole and names its step and action from live attribution', () => {
    const alert = liveAlert({}, {
      steps: [{ number: 3, name: 'Run some-org/setup-tool@v2' }],
      process: { kind: 'action', action: 'some-org/setup-tool@v2', owner: 'some-org', repo: 'setup-tool', ref: 'v2', entry: 'dist/index.js' },
    });
    assert.equal(alert.rule, 'Read sensitive file untrusted');
    assert.equal(alert.priority, 'warning');
    assert.equal(alert.time, '2026-11-23T04:00:21.123456789Z');
    assert.equal(alert.hostname, 'fv-az1234-567');
    assert.equal(alert.outputFields['fd.name'], '/etc/shadow');
    assert.deepEqual(alert.ci, { ...JOB, step: 'Run some-org/setup-tool@v2', action: 'some-org/setup-tool@v2' });
  });

  it('names no step when attribution found several, and no action for a run step', () => {
    const alert = liveAlert({}, { steps: [{ number: 2, name: 'a' }, { number: 3, name: 'b' }], process: { kind: 'run', script: '_temp/x.sh' } });
    assert.equal(alert.ci.step, null);
    assert.equal(alert.ci.action, null);
  });

  it('reads an analyze report alert with the report’s job, step and action', () => {
    const [first, second] = typicalReportAlerts();
    assert.equal(first?.ci.step, 'Run make build');
    assert.equal(first?.ci.action, null);
    assert.equal(second?.ci.action, 'some-org/setup-tool@v2');
    assert.deepEqual(first?.outputFields, { 'proc.pid': 4242 });
    assert.equal(first?.ci.repository, 'octo-org/octo-repo');
    assert.equal(first?.ci.job, 'build (ubuntu-24.04)');
    assert.equal(first?.ci.runUrl, 'https://github.com/octo-org/octo-repo/actions/runs/1300000001/job/37000000001');
  });

  it('builds the job context from the runner’s variables, with the run’s URL', () => {
    const job = jobContextFromEnv({
      GITHUB_REPOSITORY: 'o/r',
      GITHUB_WORKFLOW: 'CI',
      GITHUB_JOB: 'test',
      GITHUB_RUN_NUMBER: '7',
      GITHUB_RUN_ID: '99',
      GITHUB_SERVER_URL: 'https://ghes.example/',
    });
    assert.deepEqual(job, { repository: 'o/r', workflow: 'CI', job: 'test', runNumber: '7', runUrl: 'https://ghes.example/o/r/actions/runs/99' });
    assert.equal(jobContextFromEnv({}).runUrl, null);
  });
});

describe('Slack payload', () => {
  it('has Falcosidekick’s colours, field order and text, plus the CI fields and a link to the run', () => {
    const alert = liveAlert({}, { steps: [{ number: 3, name: 'Build' }] });
    const attachment = slackAttachment(alert);
    assert.equal(attachment.color, '#ffc700');
    assert.equal(attachment.text, alert.output.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
    assert.deepEqual(
      attachment.fields.map((field) => field.title),
      ['rule', 'priority', 'source', 'hostname', 'tags', 'repository', 'workflow', 'job', 'step', 'run', 'fd.name', 'proc.name', 'time'],
    );
    const value = (title: string) => attachment.fields.find((field) => field.title === title)?.value;
    assert.equal(value('priority'), 'Warning');
    assert.equal(value('tags'), 'T1552, filesystem, mitre_credential_access');
    assert.equal(value('run'), '<https://github.com/octo-org/octo-repo/actions/runs/1300000001|run #42>');
    assert.equal(value('time'), '2026-11-23T04:00:21.123456789Z');
    // Only string-valued output fields are shown (pids are numbers), as Falcosidekick does.
    assert.equal(value('proc.pid'), undefined);
    assert.equal(attachment.fields.find((field) => field.title === 'time')?.short, false);
  });

  it('colours every priority as Falcosidekick does', () => {
    const colours = FALCO_PRIORITIES.map((priority) => slackAttachment({ ...liveAlert(), priority }).color);
    assert.deepEqual(colours, ['#e20b0b', '#ff5400', '#ff5400', '#e20b0b', '#ffc700', '#5bffb5', '#68c2ff', '#ccfff2']);
  });

  it('batches alerts into messages within Slack’s limits and says how many were left out', () => {
    const many = (count: number) => Array.from({ length: count }, () => liveAlert());
    assert.deepEqual(buildSlackMessages(many(120)).map((message) => message.attachments.length), [50, 50, 20]);
    const capped = buildSlackMessages(many(MAX_SLACK_ALERTS + 7));
    assert.equal(capped.length, MAX_SLACK_ALERTS / ALERTS_PER_MESSAGE);
    assert.match(capped.at(-1)?.text ?? '', /7 more alerts were not sent to Slack/);
    assert.deepEqual(buildSlackMessages([]), []);
    for (const message of capped) assert.equal(slackMessageSchema.safeParse(message).success, true);
  });

  it('bounds every hostile text', () => {
    const long = 'A'.repeat(100_000);
    const [message] = buildSlackMessages([{ ...hostileAlert(long), output: long }]);
    assert.ok(message !== undefined);
    assert.ok(JSON.stringify(message).length < 40_000);
    assert.ok((message.attachments[0]?.text.length ?? 0) <= 3_000);
  });

  it('lets no hostile text open a Slack control sequence or a mention', () => {
    const runLink = `<${JOB.runUrl}|run #42>`;
    for (const text of HOSTILE) {
      const messages = buildSlackMessages([hostileAlert(text)]);
      const json = JSON.stringify(messages);
      const shown = messages
        .flatMap((message) => [message.text, ...message.attachments.flatMap((a) => [a.text, a.fallback, a.footer, ...a.fields.flatMap((f) => [f.title, f.value])])])
        .map((part) => part.split(runLink).join(''))
        .join('\n');
      assert.doesNotMatch(shown, /[<>]/, `a raw < or > from ${JSON.stringify(text)}`);
      assert.doesNotMatch(shown, /@(channel|here|everyone)\b/i, `a live mention from ${JSON.stringify(text)}`);
      assert.doesNotMatch(json, /\\ud800/i);
      for (const message of messages) assert.equal(message.link_names, false);
    }
  });

  it('escapes exactly &, < and > and links only a URL Slack carries unchanged', () => {
    assert.equal(slackEscape('a & b <c> @here'), 'a &amp; b &lt;c&gt; \uFF20here');
    assert.equal(slackEscape('mail@hereford.example'), 'mail@hereford.example');
    assert.equal(slackLink('https://x.example/a?b=1&c=2', 'run'), '<https://x.example/a?b=1&amp;c=2|run>');
    assert.equal(slackLink('https://x.example/|<!channel>', 'run'), 'run');
    assert.equal(slackLink('javascript:alert(1)', 'run <!here>'), 'run &lt;!here&gt;');
  });
});

describe('Loki payload', () => {
  it('labels a stream as Falcosidekick does, plus repository, workflow and job', () => {
    const alert = liveAlert({ fields: { 'k8s.ns.name': 'ci', 'k8s.pod.name': 'runner-0' } });
    assert.deepEqual(lokiLabels(alert), {
      rule: 'Read sensitive file untrusted',
      source: 'syscall',
      priority: 'Warning',
      k8s_ns_name: 'ci',
      k8s_pod_name: 'runner-0',
      hostname: 'fv-az1234-567',
      tags: 'T1552,filesystem,mitre_credential_access',
      repository: 'octo-org/octo-repo',
      workflow: 'CI',
      job: 'build',
    });
  });

  it('pushes nanosecond timestamps as strings and the alert’s JSON as the line, one stream per label set', () => {
    const a = liveAlert({ time: '2026-11-23T04:00:22.000000001Z' });
    const b = liveAlert({ time: '2026-11-23T04:00:21.123456789Z' });
    const c = liveAlert({ rule: 'Other rule' });
    const pushes = buildLokiPushes([a, b, c], () => 'uuid-1', 0);
    assert.equal(pushes.length, 1);
    const push = pushes[0]!;
    assert.equal(lokiPushSchema.safeParse(push).success, true);
    assert.equal(push.streams.length, 2);
    assert.deepEqual(push.streams[0]?.values.map(([ns]) => ns), ['1795406421123456789', '1795406422000000001']);
    const line = JSON.parse(push.streams[0]!.values[0]![1]) as Record<string, unknown>;
    assert.equal(line.rule, 'Read sensitive file untrusted');
    assert.equal(line.priority, 'Warning');
    assert.deepEqual(line.falco_actions, { repository: 'octo-org/octo-repo', workflow: 'CI', job: 'build', run_number: '42', run_url: JOB.runUrl, step: null, action: null });
  });

  it('makes hostile label values one clean line and leaves empty ones out', () => {
    for (const text of HOSTILE) {
      const labels = lokiLabels(hostileAlert(text));
      for (const value of Object.values(labels)) {
        assert.doesNotMatch(value, /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069\u200b]/u);
        assert.ok(value.length > 0 && value.length <= 1024 * 2);
      }
    }
    assert.equal(lokiLabels({ ...liveAlert(), source: null }).source, undefined);
  });
});

describe('webhook payload', () => {
  it('is Falcosidekick’s payload with the CI context under its own key', () => {
    const payload = buildWebhookPayload(liveAlert({ tags: [] }, { steps: [{ number: 1, name: 'Build' }] }), 'b1946ac9-2d6f-4e8a-9f0c-3d2e1a0b5c7d');
    assert.deepEqual(Object.keys(payload).sort(), ['falco_actions', 'hostname', 'output', 'output_fields', 'priority', 'rule', 'source', 'time', 'uuid']);
    assert.equal(payload.priority, 'Warning');
    assert.equal(payload.time, '2026-11-23T04:00:21.123456789Z');
    assert.equal(payload.output_fields['proc.pid'], 4242);
    assert.equal(payload.falco_actions.step, 'Build');
    assert.equal(webhookPayloadSchema.safeParse(payload).success, true);
    const bare = buildWebhookPayload({ ...liveAlert(), hostname: null, tags: [] }, 'u');
    assert.equal('hostname' in bare, false);
    assert.equal('tags' in bare, false);
  });
});

describe('the receivers’ protocol schemas', () => {
  it('refuse what each protocol does not accept, so a payload mistake shows in the tests', () => {
    const push = buildLokiPushes([liveAlert()], () => 'u', 0)[0]!;
    const [ns, line] = push.streams[0]!.values[0]!;
    const withValues = (values: unknown) => ({ streams: [{ ...push.streams[0], values }] });
    assert.equal(lokiPushSchema.safeParse(withValues([[ns, line]])).success, true);
    assert.equal(lokiPushSchema.safeParse(withValues([[Number(ns), line]])).success, false, 'a number timestamp');
    assert.equal(lokiPushSchema.safeParse(withValues([[ns.slice(0, 13), line]])).success, false, 'milliseconds');
    assert.equal(lokiPushSchema.safeParse({ streams: [{ ...push.streams[0], stream: { 'bad-name': 'x' } }] }).success, false);
    const [message] = buildSlackMessages([liveAlert()]);
    assert.equal(slackMessageSchema.safeParse({ ...message, link_names: 1 }).success, false);
    assert.equal(slackMessageSchema.safeParse({ ...message, attachments: Array.from({ length: 101 }, () => message!.attachments[0]) }).success, false);
    const payload = buildWebhookPayload(liveAlert(), 'u');
    assert.equal(webhookPayloadSchema.safeParse({ ...payload, priority: 'warning' }).success, false, 'Falcosidekick spells priorities capitalised');
    assert.equal(webhookPayloadSchema.safeParse({ ...payload, extra: 1 }).success, false);
  });
});
