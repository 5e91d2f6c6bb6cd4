// Command-line parsing for the sub-commands: node:util's parseArgs, with its errors turned into one line
// that names the option quoted (its own messages quote with '…' and keep line breaks raw).
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { showArgument } from './output.ts';

type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>>;

export type CommandLine<O extends Options> = ({ ok: true } & Parsed<O>) | { ok: false; problem: string };

function isParseArgsError(error: unknown): error is TypeError & { code: string } {
  return error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
}

/** ARGS parsed against OPTIONS (positionals allowed); a wrong command line is a problem in words. */
export function parseCommandLine<O extends Options>(args: string[], options: O): CommandLine<O> {
  try {
    return { ok: true, ...parseArgs({ args, options, allowPositionals: true, strict: true }) };
  } catch (error) {
    if (!isParseArgsError(error)) throw error;
    return { ok: false, problem: describeParseProblem(args, options) };
  }
}

/** Finds the first option parseArgs refused, from its tokens, and says what is wrong with it. */
function describeParseProblem(args: string[], options: Options): string {
  const { tokens } = parseArgs({ args, options, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const spec = options[token.name];
    if (spec === undefined) return `unknown option ${showArgument(token.rawName)}`;
    if (spec.type === 'boolean' && token.value !== undefined) return `option ${showArgument(token.rawName)} takes no value`;
    if (spec.type === 'string' && token.value === undefined) return `option ${showArgument(token.rawName)} needs a value`;
    if (spec.type === 'string' && !token.inlineValue && token.value?.startsWith('-') === true) {
      return `option ${showArgument(token.rawName)} needs a value, not the option ${showArgument(token.value)} (write --${token.name}=VALUE for a value starting with "-")`;
    }
  }
  return 'the command line is not valid';
}
