// The syscall-ignore config of analyze mode (input config-file; default src/syscall_ignore.config shipped
// with the action): the syscalls the capture leaves out, as sysdig's filter `not evt.type in (...)`.
// The file comes from the workspace, which a pull request controls: parsed as data, every name checked
// against the syscall table of our reader, so nothing but known names reaches sysdig's command line.
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { SettingsError } from '../settings/inputs.ts';
import { SYSCALL_NAMES } from '../scap/event-table.ts';

/** The default config, relative to the action root (findActionRoot). */
export const DEFAULT_IGNORE_CONFIG = join('src', 'syscall_ignore.config');

/** A config this long is not a list of syscall names. */
const MAX_CONFIG_BYTES = 256 * 1024;

/**
 * Syscalls the capture must keep whatever the config says: start proves readiness by finding its probe's
 * execve, and the analysis builds its process tree (step and action attribution) from the process life
 * cycle. Ignoring one of these would leave a capture that cannot be attributed.
 */
export const REQUIRED_SYSCALLS: ReadonlySet<string> = new Set(['execve', 'execveat', 'clone', 'clone3', 'fork', 'vfork']);

const KNOWN_SYSCALLS: ReadonlySet<string> = new Set(SYSCALL_NAMES.filter((name) => name !== 'unknown'));

const configSchema = z.strictObject({
  ignore_syscalls: z.array(z.string().regex(/^[a-z0-9_]{1,40}$/, 'a syscall name (lower-case letters, digits, _)')).max(1000),
});

export interface IgnoreConfig {
  /** The file read (absolute). */
  file: string;
  /** Sorted, without duplicates. */
  syscalls: string[];
}

function configError(file: string, problem: string): SettingsError {
  return new SettingsError(
    'config-file',
    `Input 'config-file': ${file} ${problem}. The file must be YAML of the form \`ignore_syscalls: [futex, nanosleep]\`, with syscall names as sysdig's evt.type shows them (leave config-file empty for the action's default, ${DEFAULT_IGNORE_CONFIG}).`,
  );
}

/** Where the config is: the input (relative to the workspace) or the action's own default. */
export function ignoreConfigPath(input: string, actionRoot: string, workspace: string): string {
  if (input === '') return join(actionRoot, DEFAULT_IGNORE_CONFIG);
  return isAbsolute(input) ? input : resolve(workspace, input);
}

/** Parses the config's text; errors name the file and the offending entry. */
export function parseIgnoreConfig(text: string, file: string): IgnoreConfig {
  let json: unknown;
  try {
    json = parse(text, { maxAliasCount: 0 });
  } catch (error) {
    throw configError(file, `is not valid YAML (${(error as Error).message.split('\n')[0]})`);
  }
  const parsed = configSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'its top level';
    throw configError(file, `is not a syscall-ignore config (${where}: ${issue?.message})`);
  }
  const names = parsed.data.ignore_syscalls;
  const unknown = names.filter((name) => !KNOWN_SYSCALLS.has(name));
  if (unknown.length > 0) {
    throw configError(file, `names ${unknown.length === 1 ? 'a syscall that does not exist' : 'syscalls that do not exist'}: ${[...new Set(unknown)].join(', ')}`);
  }
  const required = names.filter((name) => REQUIRED_SYSCALLS.has(name));
  if (required.length > 0) {
    throw configError(
      file,
      `ignores ${[...new Set(required)].join(', ')}, which the capture must keep (start proves the capture runs by finding its probe's execve, and the analysis builds the process tree from ${[...REQUIRED_SYSCALLS].join(', ')})`,
    );
  }
  return { file, syscalls: [...new Set(names)].sort() };
}

export async function loadIgnoreConfig(file: string): Promise<IgnoreConfig> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_CONFIG_BYTES) throw configError(file, `is larger than ${MAX_CONFIG_BYTES} bytes`);
    text = bytes.toString('utf8');
  } catch (error) {
    if (error instanceof SettingsError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw configError(file, code === 'ENOENT' ? 'does not exist' : `cannot be read (${(error as Error).message})`);
  }
  return parseIgnoreConfig(text, file);
}

/** sysdig's capture filter for the ignored syscalls; empty when none are ignored (record everything). */
export function captureFilter(syscalls: readonly string[]): string {
  const names = [...new Set(syscalls)].sort();
  return names.length === 0 ? '' : `not evt.type in (${names.join(', ')})`;
}
