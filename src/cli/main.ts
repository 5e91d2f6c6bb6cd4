// The falco-actions command line. Each sub-command lives in its own module; this file only dispatches.
// Errors the user can fix end as one line on stderr and a non-zero exit, never a stack trace.
import { commands } from './commands.ts';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  const command = name === undefined ? undefined : commands.find((candidate) => candidate.name === name);
  if (command === undefined) {
    const names = commands.map((candidate) => `  falco-actions ${candidate.usage}`).join('\n');
    process.stderr.write(`${name === undefined ? '' : `falco-actions: unknown command '${name}'\n`}usage:\n${names}\n`);
    return name === undefined || name === '--help' || name === 'help' ? 0 : 2;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`falco-actions: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
