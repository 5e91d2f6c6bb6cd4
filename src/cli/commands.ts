// The registry of sub-commands. A sub-command module exports a CliCommand and is listed here.
export interface CliCommand {
  name: string;
  usage: string;
  /** Returns the process exit code. */
  run(args: string[]): Promise<number>;
}

export const commands: CliCommand[] = [];
import { captureCommand } from './capture.ts'; commands.push(captureCommand);
import { rulesCommand } from './rules.ts'; commands.push(rulesCommand);
import { inventoryCommand } from './inventory.ts'; commands.push(inventoryCommand);
