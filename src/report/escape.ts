// The one escaping module of every Markdown surface (the job summary, `inventory --format markdown`,
// `rules test --format markdown`) and of plain one-line text (annotations, log warnings).
//
// Everything the monitored job or a pull request controls is hostile: process names, command lines,
// paths, DNS names, container images, rule names and outputs, step/job/runner names, API messages.
// Hostile values are written as Markdown code spans (hostileCode), never as escaped prose, because
// escaping prose cannot close every door:
// - cmark-gfm's autolink extension links e-mail addresses in text after backslash escapes and entities
//   are decoded (`a\@b.example` and `a&#64;b.example` both become mailto: links);
// - github.com links `@mentions`, `#123`, `owner/repo#123`, `GH-123`, commit SHAs (any 7+ hex digits,
//   e.g. a container id) and a repository's own autolink prefixes in the rendered HTML's text; no
//   Markdown escape reaches that step. It skips text inside <code> and <pre>, as does cmark-gfm's
//   autolinker, and inside a code span no emphasis, link, image, HTML tag or entity forms.
// A zero-width joiner in `@​name` would also stop a mention, but it corrupts a copied path and is an
// invisible character of the kind this module shows as an escape; code spans keep the text exact.
//
// What code spans do not close is closed here:
// - control, line and invisible format characters (bidi embeddings, overrides and isolates U+202A–E,
//   U+2066–9, marks U+200E/F and U+061C, zero-width characters, U+FEFF) are shown as \u{…} escapes, so
//   the value stays one line and cannot visually reorder itself;
// - GFM splits a table row on every unescaped `|`, even inside a code span: the value is cut at its
//   pipes and each one written between the spans as `\|`;
// - the runner reads every line a step prints as a possible workflow command (actions/runner,
//   ActionCommand.cs): `::name::` at the line's trimmed start, and the legacy `##[name]` ANYWHERE in a
//   line. The CLI's Markdown goes to stdout, often in a CI step, so no line we write may hold `##[`:
//   the value is cut into spans after `##` and the `[` written between them as `&#91;`, as a pipe is
//   (rendered `<code>…##</code>[<code>…</code>`, the same text). Two spans cannot simply touch: their
//   fences would run together into one longer backtick string. Hostile text never starts a line
//   (newlines are escaped), so `::` cannot be at a line start.
//
// Our own words go through escapeMarkdownText (every ASCII punctuation as a numeric entity): it makes
// Markdown and HTML inert but not GitHub's text filters, so it is for our words only.

const SAFE = /[A-Za-z0-9 ]/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
// C0/C1 controls, DEL, Unicode format characters (\p{Cf}: bidi embeddings, overrides, isolates and
// marks, zero-width joiners, the BOM…), the line/paragraph separators, and lone surrogates (\p{Cs}),
// which UTF-8 output would turn into U+FFFD.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Cs}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, 'gu');

const NAMED_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The runner's legacy command opener, found anywhere in a line. */
const LEGACY_COMMAND_OPENER = '##[';

/** Our own words made inert for Markdown and HTML: punctuation as entities, controls made visible. */
export function escapeMarkdownText(text: string): string {
  return entities(visibleLine(text));
}

function entities(text: string): string {
  let out = '';
  for (const char of text) {
    out += SAFE.test(char) ? char : ASCII_PUNCTUATION.test(char) ? `&#${char.charCodeAt(0)};` : char;
  }
  return out;
}

function codePointEscape(char: string): string {
  return `\\u{${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}}`;
}

/** A hostile value made one line: control and invisible formatting characters become visible escapes. */
export function visibleLine(text: string): string {
  let out = '';
  for (const char of text) {
    out += INVISIBLE.test(char) ? (NAMED_CONTROLS[char] ?? codePointEscape(char)) : char;
  }
  return out;
}

function codeSpan(segment: string): string {
  if (segment === '') return '';
  if (segment.trim() === '') return '&#32;'.repeat(segment.length);
  const longestRun = Math.max(0, ...Array.from(segment.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(longestRun + 1);
  return `${fence} ${segment} ${fence}`;
}

/** Code spans for one pipe-free segment, the `[` of every `##[` written between them as an entity. */
function commandSafeSpans(segment: string): string {
  return segment.split(/(?<=##)\[/).map(codeSpan).join('&#91;');
}

/**
 * A hostile value as Markdown code spans, cut to `maxChars` characters when given (the cut is said in
 * plain words; the job summary bounds every value, the CLI shows them whole). Safe in a paragraph, list
 * item, heading, blockquote or table cell; see the module comment. Each fence is longer than any
 * backtick run inside. The empty value is an empty <code> element.
 */
export function hostileCode(text: string, maxChars = Number.POSITIVE_INFINITY): string {
  const chars = Array.from(text);
  const shown = chars.length > maxChars ? chars.slice(0, maxChars).join('') : text;
  const cut = chars.length > maxChars ? ` … (${chars.length - maxChars} more characters)` : '';
  const spans = visibleLine(shown).split('|').map(commandSafeSpans).join('\\|');
  return `${spans === '' ? '<code></code>' : spans}${cut}`;
}

/**
 * Hostile multi-line text (Falco's log lines, an engine's message) as a fenced code block, which no
 * text can close (the fence is longer than any backtick run inside) and in which nothing is Markdown,
 * HTML, a link or a mention. Nothing can be escaped inside a code block, so what must not reach the
 * page or the runner is shown in the \u{…} notation of visibleLine: invisible and control characters
 * (tabs kept), the second `#` of `##[`, and the first `:` of a line whose trimmed start is `::`.
 */
export function hostileBlock(text: string): string {
  const lines = text.split(/\r\n|[\r\n\u2028\u2029\u0085\v\f]/).map(blockLine);
  const body = lines.join('\n');
  const longest = Math.max(0, ...Array.from(body.matchAll(/`+/g), (match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}text\n${body}\n${fence}`;
}

function blockLine(line: string): string {
  const visible = line.replace(INVISIBLE_ALL, (char) => (char === '\t' ? char : (NAMED_CONTROLS[char] ?? codePointEscape(char))));
  return visible
    .replaceAll(LEGACY_COMMAND_OPENER, `#${codePointEscape('#')}[`)
    .replace(/^(\s*):(?=:)/u, (_, indent: string) => `${indent}${codePointEscape(':')}`);
}

/** Plain text for annotations and logs: one line, no control characters, bounded. */
export function plainLine(text: string, maxChars = 300): string {
  const flat = text.replace(INVISIBLE_ALL, ' ');
  const chars = Array.from(flat);
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : flat;
}
