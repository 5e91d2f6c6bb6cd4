// The registry of sub-commands. A sub-command module exports a CliCommand and is listed here. Modules
// are loaded only when their command runs (or help is printed), so a command pays for its own code only.
export interface CliCommand {
  name: string;
  usage: string;
  /** Returns the process exit code. */
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
];
