import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { SECTIONS } from '../../../src/analyze/report.ts';
import { analyzeInputsSchema, parseAnalyzeSettings } from '../../../src/settings/analyze.ts';
import { forwardInputsShape } from '../../../src/settings/forward.ts';
import { DEFAULT_FALCO_VERSION, SettingsError } from '../../../src/settings/inputs.ts';

const reader = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const actionYml = parse(readFileSync(new URL('../../../analyze/action.yml', import.meta.url), 'utf8')) as {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
};

describe('analyze settings', () => {
  it('reads exactly the inputs analyze/action.yml declares, and action.yml declares the four outputs', () => {
    assert.deepEqual(Object.keys(actionYml.inputs).sort(), Object.keys(analyzeInputsSchema.shape).sort());
    assert.deepEqual(Object.keys(actionYml.outputs).sort(), ['alerts', 'highest-priority', 'report-file', 'sarif-file']);
  });

  it('gives the same settings for action.yml’s defaults as for empty inputs', () => {
    const defaults = Object.fromEntries(
      Object.entries(actionYml.inputs)
        .filter(([name]) => name !== 'github-token')
        .map(([name, spec]) => [name, spec.default ?? '']),
    );
    assert.deepEqual(parseAnalyzeSettings(reader(defaults)), parseAnalyzeSettings(reader({})));
    assert.equal(actionYml.inputs['github-token']?.default, '${{ github.token }}');
  });

  it('applies the defaults when inputs are empty', () => {
    assert.deepEqual(parseAnalyzeSettings(reader({})), {
      customRuleFiles: [],
      falcoVersion: DEFAULT_FALCO_VERSION,
      falcoImage: `falcosecurity/falco:${DEFAULT_FALCO_VERSION}`,
      cicdRules: true,
      filtersConfig: { kind: 'action' },
      sections: ['connections', 'processes', 'dns', 'containers', 'written_files'],
      artifactNames: [],
      runId: undefined,
      githubToken: '',
      failOn: 'none',
      falcoEngine: 'container',
      verbose: false,
      virustotal: { apiKey: undefined, apiUrl: 'https://www.virustotal.com/api/v3', maliciousThreshold: 3, ratePerMinute: 4, dailyLimit: 500, maxLookups: 20 },
      failOnReputation: 'none',
      openai: { apiKey: undefined, model: 'gpt-5.4-mini', userPrompt: '', baseUrl: '' },
      baseline: { kind: 'default-branch' },
      failOnNew: [],
      forward: { slack: null, loki: null, webhook: null, minimumPriority: {}, failOnError: false, notes: [] },
    });
  });

  it('reads the API keys from the environment only, and the enrichment inputs', () => {
    const settings = parseAnalyzeSettings(
      reader({
        'virustotal-api-url': 'http://127.0.0.1:8080/api/v3/',
        'vt-malicious-threshold': '5',
        'vt-rate-limit': '1000',
        'vt-max-lookups': '0',
        'fail-on-reputation': 'suspicious',
        'openai-base-url': 'http://127.0.0.1:9090/v1',
        'baseline-file': '.github/falco-baseline.json',
        'fail-on-new': 'domains, ips\nexecutables',
      }),
      { VT_API_KEY: ' vt-key ', OPENAI_API_KEY: '' },
    );
    assert.deepEqual(settings.virustotal, { apiKey: 'vt-key', apiUrl: 'http://127.0.0.1:8080/api/v3', maliciousThreshold: 5, ratePerMinute: 1000, dailyLimit: 500, maxLookups: 0 });
    assert.equal(settings.openai.apiKey, undefined);
    assert.equal(settings.openai.baseUrl, 'http://127.0.0.1:9090/v1');
    assert.equal(settings.failOnReputation, 'suspicious');
    assert.deepEqual(settings.baseline, { kind: 'file', path: '.github/falco-baseline.json' });
    assert.deepEqual(settings.failOnNew, ['domains', 'ips', 'executables']);
    assert.deepEqual(parseAnalyzeSettings(reader({ baseline: 'none', 'fail-on-new': 'none' })).baseline, { kind: 'none' });
  });

  it('turns each extract-* input into its section, in the report’s order', () => {
    const all = Object.fromEntries(SECTIONS.map((section) => [`extract-${section.replace('_', '-')}`, 'true']));
    assert.deepEqual(parseAnalyzeSettings(reader(all)).sections, [...SECTIONS]);
    const none = Object.fromEntries(SECTIONS.map((section) => [`extract-${section.replace('_', '-')}`, 'false']));
    assert.deepEqual(parseAnalyzeSettings(reader(none)).sections, []);
    assert.deepEqual(parseAnalyzeSettings(reader({ ...none, 'extract-hashes': 'True', 'extract-dns': 'TRUE' })).sections, ['dns', 'hashes']);
  });

  it('reads artifact names one per line, run-id as a number, filters-config as action, none or a file', () => {
    const settings = parseAnalyzeSettings(
      reader({ 'artifact-name': 'falco-capture-build\r\n\n  falco-capture-test (ubuntu) \n', 'run-id': ' 13000000012 ', 'filters-config': 'ci/filters.config' }),
    );
    assert.deepEqual(settings.artifactNames, ['falco-capture-build', 'falco-capture-test (ubuntu)']);
    assert.equal(settings.runId, 13000000012);
    assert.deepEqual(settings.filtersConfig, { kind: 'file', path: 'ci/filters.config' });
    assert.deepEqual(parseAnalyzeSettings(reader({ 'filters-config': 'none' })).filtersConfig, { kind: 'none' });
  });

  it('keeps the OpenAI inputs for the enrichment stage, the engine, the token and fail-on', () => {
    const settings = parseAnalyzeSettings(
      reader({ 'openai-model': 'gpt-4o', 'openai-user-prompt': 'Be brief.', 'falco-engine': 'native', 'github-token': ' ghs_x ', 'fail-on': 'warning', verbose: 'true' }),
    );
    assert.deepEqual(settings.openai, { apiKey: undefined, model: 'gpt-4o', userPrompt: 'Be brief.', baseUrl: '' });
    assert.equal(settings.falcoEngine, 'native');
    assert.equal(settings.githubToken, 'ghs_x');
    assert.equal(settings.failOn, 'warning');
    assert.equal(settings.verbose, true);
    assert.equal(parseAnalyzeSettings(reader({ 'falco-image': '127.0.0.1:5000/falcosecurity/falco:0.44.1' })).falcoImage, '127.0.0.1:5000/falcosecurity/falco:0.44.1');
  });

  const invalid: Array<[Record<string, string>, string, RegExp]> = [
    [{ 'falco-engine': 'docker' }, 'falco-engine', /^Invalid value for input 'falco-engine': "docker"\. Accepted values: container, native\.$/],
    [{ 'fail-on': 'high' }, 'fail-on', /^Invalid value for input 'fail-on': "high"\. Accepted values: none, emergency, alert, critical, error, warning, notice, informational, debug\.$/],
    [{ 'run-id': 'latest' }, 'run-id', /^Invalid value for input 'run-id': "latest"\. Accepted values: the numeric id of a workflow run/],
    [{ 'run-id': '1234567890123456' }, 'run-id', /'run-id': "1234567890123456"/],
    [{ 'run-id': '-3' }, 'run-id', /'run-id': "-3"/],
    [{ 'artifact-name': 'ok\nbad/name' }, 'artifact-name', /^Invalid value for input 'artifact-name': .*without " : < > \| \* \? \\ \//],
    [{ 'artifact-name': 'a\na' }, 'artifact-name', /'artifact-name': a name is listed twice/],
    [{ 'filters-config': 'a.config\nb.config' }, 'filters-config', /'filters-config': expected one file path/],
    [{ 'falco-version': 'latest' }, 'falco-version', /'falco-version': "latest"/],
    [{ 'falco-version': '0.38.2' }, 'falco-version', /0\.39\.0 or later/],
    [{ 'falco-image': 'falco; rm -rf /' }, 'falco-image', /'falco-image'/],
    [{ 'custom-rule-file': 'a\0b' }, 'custom-rule-file', /'custom-rule-file': a path contains a NUL byte/],
    [{ 'cicd-rules': 'yes' }, 'cicd-rules', /'cicd-rules': "yes"/],
    [{ 'extract-connections': 'on' }, 'extract-connections', /'extract-connections': "on"\. Accepted values: true, false\./],
    [{ 'extract-processes': '1' }, 'extract-processes', /'extract-processes'/],
    [{ 'extract-dns': 'y' }, 'extract-dns', /'extract-dns'/],
    [{ 'extract-containers': 'no' }, 'extract-containers', /'extract-containers'/],
    [{ 'extract-written-files': 'x' }, 'extract-written-files', /'extract-written-files'/],
    [{ 'extract-chisels': 'x' }, 'extract-chisels', /'extract-chisels'/],
    [{ 'extract-hashes': 'x' }, 'extract-hashes', /'extract-hashes'/],
    [{ 'openai-model': 'm'.repeat(201) }, 'openai-model', /'openai-model': longer than 200 characters/],
    [{ 'openai-user-prompt': 'p'.repeat(10_001) }, 'openai-user-prompt', /'openai-user-prompt': longer than 10000 characters/],
    [{ verbose: 'loud' }, 'verbose', /'verbose': "loud"/],
    [{ 'virustotal-api-url': 'ftp://x' }, 'virustotal-api-url', /'virustotal-api-url': "ftp:\/\/x"\. Accepted values: an http:\/\/ or https:\/\/ URL/],
    [{ 'vt-malicious-threshold': '0' }, 'vt-malicious-threshold', /'vt-malicious-threshold': "0"\. Accepted values: .*from 1 to 1000/],
    [{ 'vt-rate-limit': 'fast' }, 'vt-rate-limit', /'vt-rate-limit': "fast"/],
    [{ 'vt-daily-limit': '-1' }, 'vt-daily-limit', /'vt-daily-limit': "-1"/],
    [{ 'vt-max-lookups': '1.5' }, 'vt-max-lookups', /'vt-max-lookups': "1\.5"/],
    [{ 'fail-on-reputation': 'clean' }, 'fail-on-reputation', /'fail-on-reputation': "clean"\. Accepted values: none, suspicious, malicious\./],
    [{ 'openai-base-url': 'api.openai.com' }, 'openai-base-url', /'openai-base-url'/],
    [{ baseline: 'main' }, 'baseline', /'baseline': "main"\. Accepted values: default-branch, none\./],
    [{ 'baseline-file': 'a\nb' }, 'baseline-file', /'baseline-file': expected one file path/],
    [{ 'fail-on-new': 'domains,urls' }, 'fail-on-new', /'fail-on-new': .*Accepted values: none, or any of domains, ips, executables, written-files, containers/],
  ];
  for (const [values, input, message] of invalid) {
    it(`rejects ${JSON.stringify(values).slice(0, 80)} naming ${input}`, () => {
      assert.throws(
        () => parseAnalyzeSettings(reader(values)),
        (error: unknown) => error instanceof SettingsError && error.input === input && message.test(error.message),
      );
    });
  }

  it('has a case for every input that can be wrong (github-token accepts any text)', () => {
    const named = new Set(invalid.map(([, input]) => input));
    // github-token accepts any text; the forwarding inputs have their own cases (test/unit/forward/settings.test.ts).
    const free = new Set(['github-token', ...Object.keys(forwardInputsShape)]);
    assert.deepEqual(Object.keys(analyzeInputsSchema.shape).filter((input) => !named.has(input) && !free.has(input)), []);
  });
});
