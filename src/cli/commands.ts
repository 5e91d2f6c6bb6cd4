// The registry of sub-commands. A sub-command module exports a CliCommand and is listed here. Modules
// are loaded only when their command runs (or help is printed), so a command pays for its own code only.
export interface CliCommand {
  name: string;
  /** The command's usage, without the leading "falco-actions ". */
  usage: string;
  /** Usage per sub-command (`capture write`), for `falco-actions COMMAND SUB --help`; else usage serves. */
  subcommands?: ReadonlyArray<{ name: string; usage: string }>;
  /** Returns the process exit code. `--help`/`-h` never reach it: the dispatcher prints the usage. */
  run(args: string[]): Promise<number>;
}

export interface CommandEntry {
  name: string;
  load(): Promise<CliCommand>;
}

export const commands: CommandEntry[] = [
  { name: 'inventory', load: async () => (await import('./inventory.ts')).inventoryCommand },
  { name: 'capture', load: async () => (await import('./capture.ts')).captureCommand },
  { name: 'rules', load: async () => (await import('./rules.ts')).rulesCommand },
  { name: 'analyze', load: async () => (await import('./analyze.ts')).analyzeCommand },
  { name: 'baseline', load: async () => (await import('./baseline.ts')).baselineCommand },
  { name: 'forward', load: async () => (await import('./forward.ts')).forwardCommand },
];
