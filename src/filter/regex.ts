// The condition language's `regex` operator as libsinsp runs it (falcosecurity/libs
// userspace/libsinsp/sinsp_filtercheck.cpp): the pattern is compiled once with RE2 in its POSIX mode
// (`re2::RE2::POSIX`: POSIX egrep syntax, leftmost-longest) and a value matches when the whole of it
// matches (`RE2::Match` with `ANCHOR_BOTH`), in linear time whatever the pattern. An invalid pattern
// fails the condition ("invalid regex pattern: ...").
//
// POSIX syntax is narrower than Perl's, and Falco 0.44.1 (checked with `falco -V`) refuses what it
// refuses: `(?i)CURL` and `(?=c)curl` ("no argument for repetition operator: ?"), `\d`, `\b`, `\pL`
// ("invalid escape sequence"), `[[:foo:]]`, repeat counts over 1000. POSIX classes (`[[:alpha:]]`) are
// accepted, `a**` stacks repetitions, and `^`/`$` also match at line breaks (no one-line mode).
//
// re2js is a linear-time port of RE2 (through Go's regexp); its RE2 class compiles in the same POSIX
// mode (`compilePOSIX`). The package exports that class only as the type of `RE2JS.re2Input`, so it is
// reached through an instance.
import { RE2JS, RE2JSException } from 're2js';

type Re2 = RE2JS['re2Input'];
interface Re2Class {
  compilePOSIX(pattern: string): Re2;
}

const RE2_CLASS = RE2JS.compile('').re2Input.constructor as unknown as Re2Class;
/** re2js's RE2Flags.ANCHOR_BOTH: the match spans the whole input. */
const ANCHOR_BOTH = 2;

export class RegexSyntaxError extends Error {
  constructor(
    readonly pattern: string,
    readonly reason: string,
  ) {
    super(`invalid regex pattern ${JSON.stringify(pattern)}: ${reason}`);
    this.name = 'RegexSyntaxError';
  }
}

/** Compiles a pattern as Falco does; the matcher answers whether the whole value matches. */
export function compileFalcoRegex(pattern: string): (value: string) => boolean {
  let compiled: Re2;
  try {
    compiled = RE2_CLASS.compilePOSIX(pattern);
  } catch (error) {
    if (!(error instanceof RE2JSException)) throw error;
    throw new RegexSyntaxError(pattern, error.message.replace(/^error parsing regexp: /, '').replace(/`/g, ''));
  }
  return (value) => (compiled.matchWithGroup(value, 0, value.length, ANCHOR_BOTH, 0) as [boolean, unknown])[0];
}
