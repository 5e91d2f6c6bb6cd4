import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_FALCO_VERSION, SettingsError } from '../../../src/settings/inputs.ts';
import { parseStartSettings } from '../../../src/settings/start.ts';
import { parseStopSettings } from '../../../src/settings/stop.ts';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('start settings', () => {
  it('applies the defaults of action.yml when inputs are empty', () => {
    const settings = parseStartSettings(reader({}));
    assert.deepEqual(settings, {
      mode: 'live',
      falcoVersion: DEFAULT_FALCO_VERSION,
      falcoImage: `falcosecurity/falco:${DEFAULT_FALCO_VERSION}`,
      customRuleFiles: [],
      cicdRules: true,
      verbose: false,
      // analyze mode's: the action's own syscall-ignore config, the pinned sysdig release, the seed's snaplen.
      capture: { configFile: '', sysdigImage: 'sysdig/sysdig:0.40.1', snaplen: 256 },
      // The post step's forwarding: off.
      forward: { slack: null, loki: null, webhook: null, minimumPriority: {}, failOnError: false, notes: [] },
    });
  });

  it('reads the forwarding inputs the post step uses', () => {
    const settings = parseStartSettings(reader({ 'webhook-url': 'https://hooks.example.com/falco', 'forward-minimum-priority': 'warning' }));
    assert.deepEqual(settings.forward.webhook, { url: 'https://hooks.example.com/falco', headers: [] });
    assert.equal(settings.forward.minimumPriority.webhook, 'warning');
  });

  it('derives the image from falco-version and keeps an explicit image', () => {
    assert.equal(parseStartSettings(reader({ 'falco-version': '0.40.0' })).falcoImage, 'falcosecurity/falco:0.40.0');
    const mirror = '127.0.0.1:5000/falcosecurity/falco:0.44.1';
    assert.equal(parseStartSettings(reader({ 'falco-image': ` ${mirror} ` })).falcoImage, mirror);
  });

  it('splits custom-rule-file on newlines and drops blank lines', () => {
    const settings = parseStartSettings(reader({ 'custom-rule-file': 'a.yaml\r\n\n  rules/b.yaml  \n' }));
    assert.deepEqual(settings.customRuleFiles, ['a.yaml', 'rules/b.yaml']);
  });

  it('reads booleans the way GitHub does', () => {
    assert.equal(parseStartSettings(reader({ 'cicd-rules': 'False', verbose: 'TRUE' })).cicdRules, false);
    assert.equal(parseStartSettings(reader({ verbose: 'true' })).verbose, true);
  });

  const invalid: Array<[Record<string, string>, string, RegExp]> = [
    [{ mode: 'replay' }, 'mode', /Invalid value for input 'mode': "replay"\. Accepted values: live, analyze\./],
    [{ 'falco-version': 'latest' }, 'falco-version', /'falco-version': "latest".*Accepted values: a Falco release such as 0\.44\.1/],
    [{ 'falco-version': '0.38.2' }, 'falco-version', /0\.39\.0 or later.*append_output/],
    [{ 'falco-image': 'falco; rm -rf /' }, 'falco-image', /Invalid value for input 'falco-image'/],
    [{ 'cicd-rules': 'yes' }, 'cicd-rules', /'cicd-rules': "yes"\. Accepted values: true, false\./],
    [{ verbose: '1' }, 'verbose', /'verbose': "1"/],
  ];
  for (const [values, input, message] of invalid) {
    it(`rejects ${JSON.stringify(values)} naming ${input}`, () => {
      assert.throws(
        () => parseStartSettings(reader(values)),
        (error: unknown) => error instanceof SettingsError && error.input === input && message.test(error.message),
      );
    });
  }
});

describe('stop settings', () => {
  it('leaves mode undefined when empty so start decides', () => {
    assert.deepEqual(parseStopSettings(reader({ 'github-token': ' t0k ' })), {
      mode: undefined,
      verbose: false,
      failOn: 'none',
      githubToken: 't0k',
      redactCapture: true,
      artifactName: '',
      retentionDays: undefined,
      // Live mode's forwarding: no output unless one is given.
      forward: { slack: null, loki: null, webhook: null, minimumPriority: {}, failOnError: false, notes: [] },
    });
  });

  it("analyze mode's stop inputs: redaction on by default, artifact names and retention validated with the input named", () => {
    const settings = parseStopSettings(reader({ 'redact-capture': 'false', 'artifact-name': 'falco-capture-linux', 'retention-days': '7' }));
    assert.equal(settings.redactCapture, false);
    assert.equal(settings.artifactName, 'falco-capture-linux');
    assert.equal(settings.retentionDays, 7);
    assert.throws(() => parseStopSettings(reader({ 'retention-days': '91' })), /'retention-days'.*1 to 90/);
    assert.throws(() => parseStopSettings(reader({ 'artifact-name': 'a/b' })), /'artifact-name'/);
  });

  it('accepts every Falco priority for fail-on', () => {
    for (const priority of ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug']) {
      assert.equal(parseStopSettings(reader({ 'fail-on': priority })).failOn, priority);
    }
  });

  it('names fail-on and its accepted values for a wrong priority', () => {
    assert.throws(
      () => parseStopSettings(reader({ 'fail-on': 'high' })),
      /Invalid value for input 'fail-on': "high"\. Accepted values: none, emergency, alert, critical, error, warning, notice, informational, debug\./,
    );
  });

  it('names mode for a wrong mode', () => {
    assert.throws(() => parseStopSettings(reader({ mode: 'LIVE' })), /input 'mode': "LIVE"/);
  });
});
