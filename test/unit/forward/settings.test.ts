import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { forwardInputsShape, forwardSecrets, parseForwardSettings, toForwardSettings, basicAuthToken } from '../../../src/settings/forward.ts';
import { parseInputs, SettingsError } from '../../../src/settings/inputs.ts';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

function problem(values: Record<string, string>): SettingsError {
  try {
    parseForwardSettings(reader(values));
  } catch (error) {
    assert.ok(error instanceof SettingsError);
    return error;
  }
  assert.fail('expected a SettingsError');
}

describe('forward settings', () => {
  it('configures nothing when every input is empty', () => {
    assert.deepEqual(parseForwardSettings(reader({})), { slack: null, loki: null, webhook: null, minimumPriority: {}, failOnError: false, notes: [] });
  });

  it('reads every output', () => {
    const settings = parseForwardSettings(
      reader({
        'slack-webhook-url': ' https://hooks.slack.com/services/T/B/x ',
        'loki-url': 'https://loki.example:3100/',
        'loki-tenant': 'team-a',
        'loki-username': 'ci',
        'loki-password': 's3cret',
        'webhook-url': 'http://127.0.0.1:2801/falco',
        'webhook-headers': 'Authorization: Bearer abc\n\nX-Team:  sec \n',
        'forward-minimum-priority': 'slack: warning\nloki: Notice',
        'forward-fail-on-error': 'true',
      }),
    );
    assert.deepEqual(settings, {
      slack: { webhookUrl: 'https://hooks.slack.com/services/T/B/x' },
      loki: { url: 'https://loki.example:3100', tenant: 'team-a', basicAuth: { username: 'ci', password: 's3cret' } },
      webhook: { url: 'http://127.0.0.1:2801/falco', headers: [['Authorization', 'Bearer abc'], ['X-Team', 'sec']] },
      minimumPriority: { slack: 'warning', loki: 'notice' },
      failOnError: true,
      notes: [],
    });
  });

  it('takes one minimum priority for every output', () => {
    assert.deepEqual(parseForwardSettings(reader({ 'forward-minimum-priority': 'Error' })).minimumPriority, { slack: 'error', loki: 'error', webhook: 'error' });
  });

  it('names the input in every error and never quotes a URL', () => {
    const url = problem({ 'slack-webhook-url': 'ftp://hooks.slack.com/services/SECRET' });
    assert.equal(url.input, 'slack-webhook-url');
    assert.doesNotMatch(url.message, /SECRET/);
    assert.equal(problem({ 'loki-url': 'loki:3100' }).input, 'loki-url');
    assert.equal(problem({ 'webhook-url': 'https://' }).input, 'webhook-url');
    const header = problem({ 'webhook-headers': 'Authorization Bearer TOKEN' });
    assert.equal(header.input, 'webhook-headers');
    assert.doesNotMatch(header.message, /TOKEN/);
    assert.equal(problem({ 'webhook-headers': 'Content-Type: text/plain' }).input, 'webhook-headers');
    assert.equal(problem({ 'forward-minimum-priority': 'loud' }).input, 'forward-minimum-priority');
    assert.equal(problem({ 'forward-minimum-priority': 'teams: error' }).input, 'forward-minimum-priority');
    assert.equal(problem({ 'forward-minimum-priority': 'slack: error\nslack: debug' }).input, 'forward-minimum-priority');
    assert.equal(problem({ 'forward-fail-on-error': 'yes' }).input, 'forward-fail-on-error');
    assert.equal(problem({ 'loki-url': 'http://loki:3100', 'loki-password': 'pw' }).input, 'loki-username');
  });

  it('skips Loki with a note, not an error, when the password secret is empty (a fork’s pull request)', () => {
    const settings = parseForwardSettings(reader({ 'loki-url': 'http://loki:3100', 'loki-username': 'ci', 'webhook-url': 'https://h.example/x' }));
    assert.equal(settings.loki, null);
    assert.match(settings.notes[0] ?? '', /^loki: loki-username is set but loki-password is empty/);
    assert.notEqual(settings.webhook, null);
  });

  it('spreads into another action’s schema', () => {
    const schema = z.object({ verbose: z.string(), ...forwardInputsShape });
    const inputs = parseInputs(schema, reader({ verbose: 'x', 'webhook-url': 'https://h.example/x' }));
    assert.equal(toForwardSettings(inputs).webhook?.url, 'https://h.example/x');
  });

  it('lists every secret to mask: URLs, the password, the basic-auth value, header values', () => {
    const settings = parseForwardSettings(
      reader({
        'slack-webhook-url': 'https://hooks.slack.com/services/T/B/x',
        'loki-url': 'https://loki.example',
        'loki-username': 'ci',
        'loki-password': 'pw',
        'webhook-url': 'https://h.example/x',
        'webhook-headers': 'Authorization: Bearer abc',
      }),
    );
    assert.deepEqual(new Set(forwardSecrets(settings)), new Set([
      'https://hooks.slack.com/services/T/B/x',
      'https://loki.example',
      'pw',
      basicAuthToken({ username: 'ci', password: 'pw' }),
      'https://h.example/x',
      'Bearer abc',
    ]));
  });
});
