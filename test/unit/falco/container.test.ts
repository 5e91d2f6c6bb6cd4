import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import {
  CONTAINER_CONFIG_FILE,
  falcoActionsConfig,
  falcoContainerSpec,
  falcoOptions,
  mountRuleFiles,
} from '../../../src/falco/container.ts';

describe('rule file mounts', () => {
  it('gives every file a .yaml name in load order under rules.d', () => {
    const mounted = mountRuleFiles([
      { hostPath: '/a/rules/falco_actions_markers.yaml', origin: 'markers' },
      { hostPath: '/a/rules/falco_cicd_rules.yaml', origin: 'cicd' },
      { hostPath: '/w/my rules.txt', origin: 'custom' },
      { hostPath: '/w/other/my rules.txt', origin: 'custom' },
    ]);
    const names = mounted.map((file) => file.containerPath);
    assert.deepEqual(names, [...names].sort());
    assert.ok(names.every((name) => name.startsWith('/etc/falco/rules.d/') && name.endsWith('.yaml')));
    assert.equal(new Set(names).size, names.length, 'same base names must not collide');
    assert.equal(names[2], '/etc/falco/rules.d/falco-actions-20-02-my_rules_txt.yaml');
  });
});

describe('Falco configuration', () => {
  it('appends pid, ppid and 12 ancestor pids to every syscall alert', () => {
    const config = parse(falcoActionsConfig()) as { append_output: Array<{ match: { source: string }; extra_fields: string[] }> };
    assert.equal(config.append_output.length, 1);
    assert.deepEqual(config.append_output[0]?.match, { source: 'syscall' });
    const fields = config.append_output[0]?.extra_fields ?? [];
    assert.deepEqual(fields.slice(0, 2), ['proc.pid', 'proc.ppid']);
    assert.deepEqual(fields.slice(2), Array.from({ length: 12 }, (_, index) => `proc.apid[${index + 1}]`));
  });

  it('passes JSON file output and modern_ebpf as -o key=value pairs', () => {
    const options = falcoOptions();
    const pairs = new Map<string, string>();
    for (let index = 0; index < options.length; index += 2) {
      assert.equal(options[index], '-o');
      const [key, ...rest] = (options[index + 1] ?? '').split('=');
      pairs.set(key ?? '', rest.join('='));
    }
    assert.equal(pairs.get('engine.kind'), 'modern_ebpf');
    assert.equal(pairs.get('json_output'), 'true');
    assert.equal(pairs.get('file_output.enabled'), 'true');
    assert.equal(pairs.get('file_output.filename'), '/var/run/falco-actions/events.json');
    // Every matching rule reports (a default rule matching first never silences ours), and each alert is
    // written at once, so start never needs to signal Falco.
    assert.equal(pairs.get('rule_matching'), 'all');
    assert.equal(pairs.get('buffered_outputs'), 'false');
    assert.equal(pairs.get('file_output.keep_alive'), 'false');
  });
});

describe('container spec', () => {
  const base = {
    name: 'falco-actions-1-abcd',
    image: 'falcosecurity/falco:0.44.1',
    ruleFiles: mountRuleFiles([{ hostPath: '/a/rules/falco_actions_markers.yaml', origin: 'markers' as const }]),
    configFileHostPath: '/tmp/w/falco-actions.yaml',
    eventsDirHostPath: '/tmp/w/events',
  };

  it('is privileged with host /proc and /etc read-only, rules and config read-only, events writable', () => {
    const spec = falcoContainerSpec({ ...base, dockerSocketPath: '/var/run/docker.sock' });
    assert.equal(spec.privileged, true);
    assert.deepEqual(spec.cmd.slice(0, 1), ['/usr/bin/falco']);
    const byTarget = new Map(spec.binds.map((bind) => [bind.containerPath, bind]));
    assert.deepEqual(byTarget.get('/host/proc'), { hostPath: '/proc', containerPath: '/host/proc', readOnly: true });
    assert.deepEqual(byTarget.get('/host/etc'), { hostPath: '/etc', containerPath: '/host/etc', readOnly: true });
    assert.equal(byTarget.get('/host/var/run/docker.sock')?.readOnly, true);
    assert.equal(byTarget.get(base.ruleFiles[0]?.containerPath ?? '')?.readOnly, true);
    assert.equal(byTarget.get(CONTAINER_CONFIG_FILE)?.hostPath, '/tmp/w/falco-actions.yaml');
    assert.equal(byTarget.get('/var/run/falco-actions')?.readOnly, false);
    assert.equal(spec.labels['io.github.falco-actions.role'], 'falco-live');
  });

  it('does not mount a docker socket when the engine is remote', () => {
    const spec = falcoContainerSpec({ ...base, dockerSocketPath: undefined });
    assert.ok(!spec.binds.some((bind) => bind.containerPath === '/host/var/run/docker.sock'));
  });
});
