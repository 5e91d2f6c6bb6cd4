// Secrets the step holds (API keys, webhook URLs, passwords) are registered with the runner before
// anything could print them: `::add-mask::VALUE` makes the runner replace VALUE with *** in every
// later line of the job's log. The runner masks a line at a time, so a multi-line value is registered
// line by line; short fragments are skipped (masking "a" would blank every "a" of the log).
import { EOL } from 'node:os';

const MIN_MASK_LENGTH = 4;

/** The `::add-mask::` lines for the values (one per distinct line of each value). */
export function maskCommands(values: Iterable<string | undefined>): string[] {
  const lines = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_MASK_LENGTH) lines.add(trimmed);
    }
  }
  return [...lines].map((line) => `::add-mask::${line}`);
}

export function maskSecrets(values: Iterable<string | undefined>, write: (line: string) => void = (line) => process.stdout.write(line + EOL)): void {
  for (const command of maskCommands(values)) write(command);
}
