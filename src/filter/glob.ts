// fnmatch(3) without flags, as libsinsp's glob/iglob use it (sinsp_utils::glob_match): '*' and '?' also
// match '/', a leading '.' is not special, '[...]' is a bracket expression ('!' or '^' negates), '\'
// quotes the next character. An unterminated '[' is an ordinary character.
import { RE2JS } from 're2js';

const CLASS_RANGES: Record<string, string> = {
  alnum: 'a-zA-Z0-9', alpha: 'a-zA-Z', digit: '0-9', lower: 'a-z', upper: 'A-Z', space: ' \\t\\n\\r\\f\\v',
  xdigit: '0-9a-fA-F', punct: '!-\\/:-@\\[-`{-~', blank: ' \\t', cntrl: '\\x00-\\x1f\\x7f', print: '\\x20-\\x7e',
  graph: '\\x21-\\x7e',
};

function escapeForClass(char: string): string {
  return /[\\\]\[^-]/.test(char) ? `\\${char}` : char;
}

function escapeForRegex(char: string): string {
  return /[.*+?^${}()|[\]\\]/.test(char) ? `\\${char}` : char;
}

/** Translates a bracket expression starting at pattern[start] === '['; undefined when unterminated. */
function bracket(pattern: string, start: number): { source: string; end: number } | undefined {
  let index = start + 1;
  let negate = false;
  if (pattern[index] === '!' || pattern[index] === '^') {
    negate = true;
    index++;
  }
  let body = '';
  let first = true;
  while (index < pattern.length) {
    const char = pattern[index] as string;
    if (char === ']' && !first) {
      return { source: `[${negate ? '^' : ''}${body}]`, end: index + 1 };
    }
    first = false;
    if (char === '[' && pattern[index + 1] === ':') {
      const close = pattern.indexOf(':]', index + 2);
      const name = close < 0 ? undefined : pattern.slice(index + 2, close);
      if (name !== undefined && CLASS_RANGES[name] !== undefined) {
        body += CLASS_RANGES[name];
        index = close + 2;
        continue;
      }
    }
    if (char === '\\' && index + 1 < pattern.length) {
      body += escapeForClass(pattern[index + 1] as string);
      index += 2;
      continue;
    }
    if (pattern[index + 1] === '-' && pattern[index + 2] !== undefined && pattern[index + 2] !== ']') {
      body += `${escapeForClass(char)}-${escapeForClass(pattern[index + 2] as string)}`;
      index += 3;
      continue;
    }
    body += escapeForClass(char);
    index++;
  }
  return undefined;
}

/** A compiled glob: whether a whole value matches. */
export interface GlobMatcher {
  test(value: string): boolean;
}

/**
 * Compiles an fnmatch pattern to a whole-value matcher. The translation runs on RE2 (re2js), as the
 * `regex` operator does: a pattern such as `*a*a*a*b`, which a backtracking engine pays for
 * polynomially on a long value, costs linear time here.
 */
export function globToRegExp(pattern: string, caseInsensitive = false): GlobMatcher {
  let source = '';
  for (let index = 0; index < pattern.length; ) {
    const char = pattern[index] as string;
    if (char === '*') {
      source += '.*';
      index++;
    } else if (char === '?') {
      source += '.';
      index++;
    } else if (char === '[') {
      const translated = bracket(pattern, index);
      if (translated === undefined) {
        source += '\\[';
        index++;
      } else {
        source += translated.source;
        index = translated.end;
      }
    } else if (char === '\\' && index + 1 < pattern.length) {
      source += escapeForRegex(pattern[index + 1] as string);
      index += 2;
    } else {
      source += escapeForRegex(char);
      index++;
    }
  }
  const compiled = RE2JS.compile(source, RE2JS.DOTALL | (caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0));
  return { test: (value) => compiled.matches(value) };
}

export function hasGlobCharacters(text: string): boolean {
  return /[*?[]/.test(text);
}

/**
 * libsinsp's pmatch (path_prefix_search): the value matches when one of the paths is a prefix of it
 * component by component; a path component holding wildcards is matched with fnmatch.
 */
export function compilePathPrefixes(paths: readonly string[]): (value: string) => boolean {
  const patterns = paths.map((path) =>
    path.split('/').filter((part) => part.length > 0).map((part) => (hasGlobCharacters(part) ? globToRegExp(part) : part)),
  );
  return (value) => {
    const parts = value.split('/').filter((part) => part.length > 0);
    return patterns.some(
      (pattern) =>
        pattern.length <= parts.length &&
        pattern.every((component, index) => {
          const part = parts[index] as string;
          return typeof component === 'string' ? component === part : component.test(part);
        }),
    );
  };
}
