// The lines of a text that GitHub's runner would take as workflow commands, whatever the command name:
// a line whose start, after .NET's whitespace trim, is `::` (actions/runner ActionCommand.TryParseV2), or
// that contains `##[` anywhere (ActionCommand.TryParse). Stricter than parseRunnerCommand, which also
// needs a registered name: output must not come close.
import { splitRunnerLines } from './runner-commands.ts';

const DOTNET_LEADING_WHITESPACE = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

export function workflowCommandLines(text: string): string[] {
  return splitRunnerLines(text).filter((line) => line.replace(DOTNET_LEADING_WHITESPACE, '').startsWith('::') || line.includes('##['));
}
