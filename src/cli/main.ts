// The falco-actions command line. Each sub-command lives in its own module; this file dispatches, answers
// --help/-h for every command and sub-command and --version, and guards both streams against workflow
// commands (src/cli/output.ts). Errors the user can fix end as one line on stderr and a non-zero exit,
// never a stack trace. Exit codes: src/cli/exit-codes.ts (0 ok, 1 failure or unusable input, 2 usage, 3
// completed with damage).
import { commands, type CliCommand } from './commands.ts';
import { isSystemError, systemErrorProblem } from './errors.ts';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { guardWorkflowCommands, showArgument } from './output.ts';

guardWorkflowCommands(process.stdout);
guardWorkflowCommands(process.stderr);

const HELP_FLAGS: ReadonlySet<string> = new Set(['--help', '-h']);

async function usage(): Promise<string> {
  const loaded = await Promise.all(commands.map((entry) => entry.load()));
  return [
    'usage:',
    ...loaded.map((command) => `  falco-actions ${command.usage}`),
    '  falco-actions --version',
    'falco-actions COMMAND --help shows the usage of one command.',
    '',
  ].join('\n');
}

/** --help or -h among ARGS, before a `--` (after it, everything is a positional argument). */
function asksForHelp(args: readonly string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((arg) => HELP_FLAGS.has(arg));
}

/** The usage of COMMAND, or of its sub-command when ARGS start with one. */
function commandUsage(command: CliCommand, args: readonly string[]): string {
  const sub = command.subcommands?.find((candidate) => candidate.name === args[0]);
  return `usage: falco-actions ${sub?.usage ?? command.usage}\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(await usage());
    return EXIT_USAGE;
  }
  if (name === '--version') {
    process.stdout.write(`${await (await import('./version.ts')).packageVersion()}\n`);
    return EXIT_OK;
  }
  if (name === 'help' && rest.length > 0) return main([...rest, '--help']);
  if (HELP_FLAGS.has(name) || name === 'help') {
    process.stdout.write(await usage());
    return EXIT_OK;
  }
  const entry = commands.find((candidate) => candidate.name === name);
  if (entry === undefined) {
    process.stderr.write(`falco-actions: unknown ${name.startsWith('-') ? 'option' : 'command'} ${showArgument(name)}\n${await usage()}`);
    return EXIT_USAGE;
  }
  const command = await entry.load();
  if (asksForHelp(rest)) {
    process.stdout.write(commandUsage(command, rest));
    return EXIT_OK;
  }
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // A system error a command did not expect (a write to a full disk): the problem in words.
    const message = isSystemError(error) ? systemErrorProblem(error) : error instanceof Error ? error.message : String(error);
    process.stderr.write(`falco-actions: ${message.replace(/[\r\n]+/g, ' ')}\n`);
    process.exitCode = EXIT_FAILURE;
  },
);
