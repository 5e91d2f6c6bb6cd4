// Reads Falco's start-up log (stderr) line by line. Falco's logger prefixes every line with a time
// (ISO 8601 with time_format_iso_8601, else ctime-like), e.g.
//   2026-06-10T08:00:00+0000: Loading rules from:
//   2026-06-10T08:00:00+0000:    /etc/falco/falco_rules.yaml | schema validation: ok
//   2026-06-10T08:00:00+0000: Opening 'syscall' source with modern BPF probe.
// while a fatal error is printed without a prefix as "Error: <text>", possibly on several lines
// (userspace/falco/falco.cpp, userspace/engine/logger.cpp, app/actions/load_rules_files.cpp,
// app/actions/helpers_inspector.cpp in falcosecurity/falco 0.44.1).

const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{4}: /;
const CTIME_PREFIX = /^[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}: /;
const LISTED_FILE = /^ {3}(\S.*?) \| schema validation: (\S+)\s*$/;
// A version is digits, letters and .+~_- ("0.44.1", "0.40.0-rc1"): start echoes it in a plain log
// line, so anything else in that place ("##[add-mask]...") is not taken as a version.
const VERSION_LINE = /^Falco version: ([0-9][0-9A-Za-z.+~_-]*)(?:\s|$)/;
const OPENING_SOURCE = /^Opening '([^']+)' source with (.+?)\.?$/;

export type FalcoLogLine =
  | { kind: 'version'; version: string }
  | { kind: 'config-files-header' }
  | { kind: 'rules-header' }
  | { kind: 'listed-file'; path: string; schemaValidation: string }
  | { kind: 'opening-source'; source: string; engine: string }
  | { kind: 'error'; text: string }
  | { kind: 'message'; text: string }
  | { kind: 'continuation'; text: string };

export function parseFalcoLogLine(line: string): FalcoLogLine {
  const prefix = ISO_PREFIX.exec(line) ?? CTIME_PREFIX.exec(line);
  if (!prefix) {
    if (line.startsWith('Error: ')) return { kind: 'error', text: line.slice('Error: '.length) };
    return { kind: 'continuation', text: line };
  }
  const text = line.slice(prefix[0].length);
  const listed = LISTED_FILE.exec(text);
  if (listed) return { kind: 'listed-file', path: listed[1] ?? '', schemaValidation: listed[2] ?? '' };
  const version = VERSION_LINE.exec(text);
  if (version) return { kind: 'version', version: version[1] ?? '' };
  if (text.startsWith('Falco initialized with configuration files:')) return { kind: 'config-files-header' };
  if (text.startsWith('Loading rules from:')) return { kind: 'rules-header' };
  const opening = OPENING_SOURCE.exec(text);
  if (opening) return { kind: 'opening-source', source: opening[1] ?? '', engine: opening[2] ?? '' };
  return { kind: 'message', text };
}

/** What Falco has said so far while starting. */
export interface FalcoStartupState {
  version: string | undefined;
  configFiles: string[];
  loadedRuleFiles: Array<{ path: string; schemaValidation: string }>;
  /** Set once Falco opens the syscall source with the modern BPF probe, its last step before it processes events. */
  syscallSourceOpening: boolean;
  /** Falco's fatal error, all its lines, when it printed one. */
  error: string | undefined;
  /** The last lines, to show when Falco fails. */
  recentLines: string[];
}

export class FalcoStartupWatcher {
  readonly state: FalcoStartupState = {
    version: undefined,
    configFiles: [],
    loadedRuleFiles: [],
    syscallSourceOpening: false,
    error: undefined,
    recentLines: [],
  };
  private section: 'none' | 'config' | 'rules' | 'error' = 'none';

  constructor(private readonly keepLines = 40) {}

  push(line: string): FalcoLogLine {
    this.state.recentLines.push(line);
    if (this.state.recentLines.length > this.keepLines) this.state.recentLines.shift();
    const parsed = parseFalcoLogLine(line);
    switch (parsed.kind) {
      case 'version':
        this.state.version = parsed.version;
        this.section = 'none';
        break;
      case 'config-files-header':
        this.section = 'config';
        break;
      case 'rules-header':
        this.section = 'rules';
        break;
      case 'listed-file':
        if (this.section === 'config') this.state.configFiles.push(parsed.path);
        else if (this.section === 'rules') this.state.loadedRuleFiles.push({ path: parsed.path, schemaValidation: parsed.schemaValidation });
        break;
      case 'opening-source':
        this.section = 'none';
        if (parsed.source === 'syscall' && /modern BPF/i.test(parsed.engine)) this.state.syscallSourceOpening = true;
        break;
      case 'error':
        this.section = 'error';
        this.state.error = this.state.error === undefined ? parsed.text : `${this.state.error}\n${parsed.text}`;
        break;
      case 'continuation':
        if (this.section === 'error') this.state.error = `${this.state.error ?? ''}\n${parsed.text}`;
        break;
      case 'message':
        // A rules file's warnings follow its line; other messages end a listing.
        if (this.section === 'error') this.section = 'none';
        break;
    }
    return parsed;
  }
}

export interface RuleFileCheck {
  ok: boolean;
  missing: string[];
}

/** Every rule file we mounted must be among the files Falco reports loading. */
export function checkRuleFilesLoaded(expected: readonly string[], state: FalcoStartupState): RuleFileCheck {
  const loaded = new Set(state.loadedRuleFiles.map((file) => file.path));
  const missing = expected.filter((path) => !loaded.has(path));
  return { ok: missing.length === 0, missing };
}

/** The mounted rule file a Falco error is about, when its text names one. */
export function ruleFileNamedInError(error: string, containerPaths: readonly string[]): string | undefined {
  return containerPaths.find((path) => error.includes(path));
}
