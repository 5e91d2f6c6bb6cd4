// The falco-actions command line. Each sub-command lives in its own module; this file only dispatches.
// Errors the user can fix end as one line on stderr and a non-zero exit, never a stack trace.
import { commands } from './commands.ts';

async function printUsage(stream: NodeJS.WriteStream): Promise<void> {
  const loaded = await Promise.all(commands.map((entry) => entry.load()));
  stream.write(`usage:\n${loaded.map((command) => `  falco-actions ${command.usage}`).join('\n')}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    await printUsage(process.stdout);
    return name === undefined ? 2 : 0;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (entry === undefined) {
    process.stderr.write(`falco-actions: unknown command '${name}'\n`);
    await printUsage(process.stderr);
    return 2;
  }
  return (await entry.load()).run(rest);
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
