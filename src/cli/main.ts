// The falco-actions command line. Each sub-command lives in its own module; this file only dispatches.
// Errors the user can fix end as one line on stderr and a non-zero exit, never a stack trace. Exit codes:
// src/cli/exit-codes.ts (0 ok, 1 failure or unusable input, 2 usage, 3 completed with damage).
import { commands } from './commands.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';

async function printUsage(stream: NodeJS.WriteStream): Promise<void> {
  const loaded = await Promise.all(commands.map((entry) => entry.load()));
  stream.write(`usage:\n${loaded.map((command) => `  falco-actions ${command.usage}`).join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printUsage(process.stdout);
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (entry === undefined) {
    process.stderr.write(`falco-actions: unknown command '${name}'\n`);
    await printUsage(process.stderr);
    return EXIT_USAGE;
  }
  return (await entry.load()).run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`falco-actions: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
