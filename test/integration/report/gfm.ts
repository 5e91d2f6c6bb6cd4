// The real GitHub Flavored Markdown renderer and the readers of its HTML that the Markdown surfaces'
// tests share. cmark-gfm runs with the extensions and options GitHub uses for user content (table,
// autolink, strikethrough, tagfilter; raw HTML allowed, which is what --unsafe means). github.com then
// links @mentions, #123 / owner/repo#123 / GH-123 references and commit SHAs in the HTML's text outside
// <code>, <pre> and <a>, which cmark-gfm does not do: textOutsideCode is the text those filters read.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { TestContext } from 'node:test';
import { isCi } from '../../support/env.ts';
import { parseRunnerCommand, splitRunnerLines } from '../../support/runner-commands.ts';

const CMARK_ARGS = ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '-e', 'tagfilter'];

export function runCmark(markdown: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('cmark-gfm', CMARK_ARGS, { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`cmark-gfm failed: ${error.message} ${stderr}`));
      else resolve(stdout);
    });
    child.stdin?.end(markdown);
  });
}

let cmarkAvailable: Promise<boolean> | undefined;
/** Same contract as test/support/env.ts guards: fails under CI=true, skips elsewhere. */
export async function requireCmarkGfm(t: TestContext): Promise<boolean> {
  cmarkAvailable ??= new Promise((resolve) => execFile('cmark-gfm', ['--version'], { timeout: 10_000 }, (error) => resolve(error === null)));
  if (await cmarkAvailable) return true;
  const reason = 'cmark-gfm is not installed (Debian package cmark-gfm; `bash .ci/setup.sh` (as root) provides it)';
  if (isCi()) throw new Error(`CI=true but ${reason}`);
  t.skip(reason);
  return false;
}

export function tagsOf(html: string): Array<{ name: string; attributes: string }> {
  return Array.from(html.matchAll(/<\/?([A-Za-z][A-Za-z0-9-]*)([^>]*)>/g), (match) => ({ name: (match[1] as string).toLowerCase(), attributes: (match[2] as string).trim() }));
}

export function decode(text: string): string {
  return text
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&amp;', '&');
}

/** The page's text outside <code> and <pre> elements: what GitHub's mention/reference/emoji filters read. */
export function textOutsideCode(html: string): string {
  return decode(html.replace(/<pre>[\s\S]*?<\/pre>/g, ' ').replace(/<code(?: [^>]*)?>[\s\S]*?<\/code>/g, ' ').replace(/<[^>]*>/g, ' '));
}

export interface HtmlTable {
  header: string[];
  rows: string[][];
}

/** Tables in document order, each cell's inner HTML. cmark-gfm writes one element per line. */
export function tablesOf(html: string): HtmlTable[] {
  return Array.from(html.matchAll(/<table>\n([\s\S]*?)<\/table>/g), (match) => {
    const body = match[1] as string;
    const rowsHtml = Array.from(body.matchAll(/<tr>\n([\s\S]*?)<\/tr>/g), (row) => row[1] as string);
    const cells = (rowHtml: string) => Array.from(rowHtml.matchAll(/<t[hd](?: align="(?:left|right|center)")?>(.*?)<\/t[hd]>\n/g), (cell) => cell[1] as string);
    const [head, ...rest] = rowsHtml.map(cells);
    // Every line of the row is a cell: nothing was smuggled between them.
    for (const rowHtml of rowsHtml) assert.equal(rowHtml.replace(/<t[hd](?: align="(?:left|right|center)")?>.*?<\/t[hd]>\n/g, ''), '', `row holds only cells: ${rowHtml.slice(0, 300)}`);
    return { header: (head ?? []).map(decode), rows: rest };
  });
}

/** A cell's text as a reader sees it: code elements joined, entities decoded. */
export function cellText(cellHtml: string): string {
  return decode(cellHtml.replace(/<\/?code>/g, ''));
}

/** What the escaping module shows for text: control and invisible format characters as escapes. */
export const visible = (text: string): string =>
  text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Cs}]/gu, (char) =>
    ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[char] ?? `\\u{${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}}`);

// Invisible and control characters: bidi embeddings/overrides/isolates/marks, zero-width characters, BOM.
const INVISIBLE_IN_HTML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\p{Cf}]/u;
// What github.com or cmark-gfm would turn into a link or mention in text outside code.
const LINKABLE_IN_TEXT: ReadonlyArray<readonly [string, RegExp]> = [
  ['a URL', /[a-z][a-z0-9+.-]*:\/\/|\bwww\./i],
  ['an e-mail address', /[\w.+-]@[\w-]+\./],
  ['an @mention', /(?:^|[^\w`])@[A-Za-z0-9]/],
  ['an issue reference', /(?:^|[^\w&])#\d|[\w.-]+\/[\w.-]+#\d|\bGH-\d/i],
  ['a commit SHA', /\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b/],
  ['an emoji code', /:[a-z+][a-z0-9_+-]*:/i],
];

/**
 * The rendered HTML holds no link, image, script, attribute, HTML of the hostile text's, no invisible
 * or bidi character, and no text outside code that GitHub would link: every hostile value is in code.
 * `allowedTags` are the elements the surface itself writes.
 */
export function assertInertHtml(html: string, allowedTags: ReadonlySet<string>, hostileMarker = 'PWN'): void {
  for (const tag of tagsOf(html)) {
    assert.ok(allowedTags.has(tag.name), `tag <${tag.name}> in the rendered Markdown`);
    assert.match(tag.attributes, /^(?:align="(?:left|right|center)"|class="language-(?:text|mermaid)")?$/, `attributes on <${tag.name}>: ${tag.attributes}`);
  }
  assert.doesNotMatch(html, /<(?:a|img|script|svg|iframe)\b/i);
  assert.doesNotMatch(html, /<[^>]*\b(?:href|src|on[a-z]+)=/i);
  // cmark-gfm's tagfilter would turn a raw <script> into "&lt;script>"; that must never be needed.
  assert.doesNotMatch(html, /&lt;script>/);
  assert.doesNotMatch(html, INVISIBLE_IN_HTML, 'an invisible or bidi character passed through');
  const outside = textOutsideCode(html);
  assert.ok(!outside.includes(hostileMarker), `hostile text outside code: ${outside.slice(Math.max(0, outside.indexOf(hostileMarker) - 200), outside.indexOf(hostileMarker) + 300)}`);
  assert.ok(!outside.includes('<'), 'no markup of the text outside code');
  for (const [what, pattern] of LINKABLE_IN_TEXT) {
    const match = pattern.exec(outside);
    assert.equal(match, null, `${what} outside code: ${match === null ? '' : outside.slice(Math.max(0, match.index - 80), match.index + 80)}`);
  }
}

/** No line of the Markdown is a workflow command to the runner (a `::` start or `##[` anywhere). */
export function assertNoRunnerCommandLines(markdown: string): void {
  for (const line of splitRunnerLines(markdown)) {
    assert.equal(parseRunnerCommand(line), undefined, `a runner command: ${line.slice(0, 300)}`);
    assert.ok(!line.includes('##['), `a legacy command opener: ${line.slice(0, 300)}`);
    assert.ok(!line.replace(/^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '').startsWith('::'), `a line starting with '::': ${line.slice(0, 300)}`);
  }
}
