// Everything Falco reports comes from the monitored job (process names, command lines, paths), so it
// is hostile. It is rendered inside <code> (GitHub's mention, issue-reference, emoji and commit
// autolinkers skip code elements), and every ASCII punctuation character is written as a numeric
// HTML entity so no Markdown construct (table pipe, link, image, emphasis, heading, autolink, HTML tag)
// can form. Control and invisible formatting characters are shown as visible escapes.

const SAFE = /[A-Za-z0-9 ]/;
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/;
// C0/C1 controls, DEL, and Unicode format characters (bidi overrides, zero-width joiners…), plus the
// line/paragraph separators.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;

const NAMED_CONTROLS: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function entities(text: string): string {
  let out = '';
  for (const char of text) {
    out += SAFE.test(char) ? char : ASCII_PUNCTUATION.test(char) ? `&#${char.charCodeAt(0)};` : char;
  }
  return out;
}

/** Text made inert for Markdown and HTML, without the <code> wrapper. */
export function escapeMarkdownText(text: string): string {
  let out = '';
  for (const char of text) {
    if (SAFE.test(char)) out += char;
    else if (INVISIBLE.test(char)) {
      const codePoint = char.codePointAt(0) ?? 0;
      out += entities(NAMED_CONTROLS[char] ?? `\\u{${codePoint.toString(16).padStart(4, '0')}}`);
    } else out += entities(char);
  }
  return out;
}

/**
 * A hostile value as inline code, cut to `maxChars` characters (the cut is said in plain words).
 */
export function hostileCode(text: string, maxChars = 2000): string {
  const chars = Array.from(text);
  if (chars.length === 0) return '<code></code>';
  const shown = chars.length > maxChars ? chars.slice(0, maxChars).join('') : text;
  const cut = chars.length > maxChars ? ` … (${chars.length - maxChars} more characters)` : '';
  return `<code>${escapeMarkdownText(shown)}</code>${cut}`;
}

/** Plain text for annotations and logs: one line, no control characters, bounded. */
export function plainLine(text: string, maxChars = 300): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/gu, ' ');
  const chars = Array.from(flat);
  return chars.length > maxChars ? `${chars.slice(0, maxChars).join('')}…` : flat;
}
