// Everything Falco reports comes from the monitored job (process names, command lines, paths), so it
// is hostile: it is rendered as code spans (hostileCode). Our own words go through
// escapeMarkdownText, which writes every ASCII punctuation character as a numeric HTML entity so
// no Markdown construct can form. Control and invisible formatting characters are shown as escapes.

const SAFE = /[A-Za-z0-9 ]/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
// C0/C1 controls, DEL, and Unicode format characters (bidi overrides, zero-width joiners…), plus the
// line/paragraph separators.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;

const NAMED_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

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

/** A hostile value made one line: control and invisible formatting characters become visible escapes. */
export function visibleLine(text: string): string {
  let out = '';
  for (const char of text) {
    if (INVISIBLE.test(char)) {
      out += NAMED_CONTROLS[char] ?? `\\u{${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}}`;
    } else out += char;
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

/**
 * A hostile value as Markdown code spans, cut to `maxChars` characters (the cut is said in plain
 * words). Inside a code span nothing is Markdown or HTML: no emphasis, link, image, tag, entity or
 * autolink, and GitHub's mention and reference filters skip code. Each fence is longer than any
 * backtick run inside. GFM splits table rows on pipes before anything else, even inside code spans,
 * so the value is cut at its pipes and each pipe written between the spans as `\|`.
 */
export function hostileCode(text: string, maxChars = 2000): string {
  const chars = Array.from(text);
  const shown = chars.length > maxChars ? chars.slice(0, maxChars).join('') : text;
  const cut = chars.length > maxChars ? ` … (${chars.length - maxChars} more characters)` : '';
  const spans = visibleLine(shown).split('|').map(codeSpan).join('\\|');
  return `${spans === '' ? '<code></code>' : spans}${cut}`;
}

/** Plain text for annotations and logs: one line, no control characters, bounded. */
export function plainLine(text: string, maxChars = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu, ' ');
  const chars = Array.from(flat);
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : flat;
}
