import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkRuleFilesLoaded, FalcoStartupWatcher, parseFalcoLogLine, ruleFileNamedInError } from '../../../src/falco/startup-log.ts';

// Lines in the format of falcosecurity/falco 0.44.1's logger (userspace/engine/logger.cpp) and messages
// (app/actions/load_config.cpp, load_rules_files.cpp, helpers_inspector.cpp, falco.cpp).
const STARTUP = [
  '2026-06-10T08:00:00+0000: Falco version: 0.44.1 (x86_64)',
  '2026-06-10T08:00:00+0000: Falco initialized with configuration files:',
  '2026-06-10T08:00:00+0000:    /etc/falco/falco.yaml | schema validation: ok',
  '2026-06-10T08:00:00+0000:    /etc/falco/config.d/falco-actions.yaml | schema validation: ok',
  '2026-06-10T08:00:00+0000: System info: Linux version 6.8.0',
  '2026-06-10T08:00:00+0000: Loading rules from:',
  '2026-06-10T08:00:00+0000:    /etc/falco/falco_rules.yaml | schema validation: ok',
  '2026-06-10T08:00:00+0000:    /etc/falco/rules.d/falco-actions-00-00-markers.yaml | schema validation: ok',
  '2026-06-10T08:00:01+0000: The chosen syscall buffer dimension is: 8388608 bytes (8 MBs)',
  '2026-06-10T08:00:01+0000: Starting health webserver with threadiness 2, listening on 0.0.0.0:8765',
  '2026-06-10T08:00:01+0000: Enabled event sources: syscall',
  "2026-06-10T08:00:01+0000: Opening 'syscall' source with modern BPF probe.",
  "2026-06-10T08:00:01+0000: One ring buffer every '2' CPUs.",
];

describe('Falco log lines', () => {
  it('recognises both of Falco time formats', () => {
    assert.deepEqual(parseFalcoLogLine('Wed Jun 10 08:00:00 2026: Falco version: 0.44.1 (x86_64)'), { kind: 'version', version: '0.44.1' });
    assert.deepEqual(parseFalcoLogLine('Wed Jun 10 08:00:00 2026: Falco version: 0.40.0-rc1+7a2b'), { kind: 'version', version: '0.40.0-rc1+7a2b' });
    // start echoes the version in a plain log line: a workflow command in its place is no version.
    assert.notEqual(parseFalcoLogLine('Wed Jun 10 08:00:00 2026: Falco version: 0.44##[add-mask]x (x86_64)').kind, 'version');
    assert.notEqual(parseFalcoLogLine('Wed Jun 10 08:00:00 2026: Falco version: ##[stop-commands]t').kind, 'version');
    assert.deepEqual(parseFalcoLogLine('2026-06-10T08:00:00+0000: Loading rules from:'), { kind: 'rules-header' });
  });

  it('reads the source-opening line', () => {
    assert.deepEqual(parseFalcoLogLine("2026-06-10T08:00:01+0000: Opening 'syscall' source with modern BPF probe."), {
      kind: 'opening-source',
      source: 'syscall',
      engine: 'modern BPF probe',
    });
  });

  it('treats unprefixed "Error: " as Falco\'s fatal error', () => {
    assert.deepEqual(parseFalcoLogLine('Error: Initialization issues during scap_init'), { kind: 'error', text: 'Initialization issues during scap_init' });
  });
});

describe('start-up watcher', () => {
  it('collects config files, rule files and readiness in order', () => {
    const watcher = new FalcoStartupWatcher();
    for (const line of STARTUP.slice(0, -2)) watcher.push(line);
    assert.equal(watcher.state.syscallSourceOpening, false);
    for (const line of STARTUP.slice(-2)) watcher.push(line);
    assert.equal(watcher.state.version, '0.44.1');
    assert.deepEqual(watcher.state.configFiles, ['/etc/falco/falco.yaml', '/etc/falco/config.d/falco-actions.yaml']);
    assert.deepEqual(
      watcher.state.loadedRuleFiles.map((file) => file.path),
      ['/etc/falco/falco_rules.yaml', '/etc/falco/rules.d/falco-actions-00-00-markers.yaml'],
    );
    assert.equal(watcher.state.syscallSourceOpening, true);
    assert.equal(watcher.state.error, undefined);
  });

  it('does not take the kernel-module source as modern_ebpf readiness', () => {
    const watcher = new FalcoStartupWatcher();
    watcher.push("2026-06-10T08:00:01+0000: Opening 'syscall' source with Kernel module");
    assert.equal(watcher.state.syscallSourceOpening, false);
  });

  it('keeps a multi-line rule error whole and finds the file it names', () => {
    const watcher = new FalcoStartupWatcher();
    const lines = [
      '2026-06-10T08:00:00+0000: Loading rules from:',
      '2026-06-10T08:00:00+0000:    /etc/falco/rules.d/falco-actions-20-01-bad.yaml | schema validation: failed',
      'Error: /etc/falco/rules.d/falco-actions-20-01-bad.yaml: Invalid',
      '1 Errors:',
      'In rules content: (/etc/falco/rules.d/falco-actions-20-01-bad.yaml:0:0)',
      "LOAD_ERR_COMPILE_CONDITION (Error compiling condition): expected a ')' token",
    ];
    for (const line of lines) watcher.push(line);
    assert.match(watcher.state.error ?? '', /Invalid\n1 Errors:\n.*\nLOAD_ERR_COMPILE_CONDITION/);
    const mounted = ['/etc/falco/rules.d/falco-actions-00-00-markers.yaml', '/etc/falco/rules.d/falco-actions-20-01-bad.yaml'];
    assert.equal(ruleFileNamedInError(watcher.state.error ?? '', mounted), mounted[1]);
  });

  it('keeps only the last lines', () => {
    const watcher = new FalcoStartupWatcher(3);
    for (const line of STARTUP) watcher.push(line);
    assert.deepEqual(watcher.state.recentLines, STARTUP.slice(-3));
  });

  it('reports mounted rule files Falco did not list', () => {
    const watcher = new FalcoStartupWatcher();
    for (const line of STARTUP) watcher.push(line);
    const check = checkRuleFilesLoaded(['/etc/falco/rules.d/falco-actions-00-00-markers.yaml', '/etc/falco/rules.d/falco-actions-20-01-mine.yaml'], watcher.state);
    assert.deepEqual(check, { ok: false, missing: ['/etc/falco/rules.d/falco-actions-20-01-mine.yaml'] });
  });
});
