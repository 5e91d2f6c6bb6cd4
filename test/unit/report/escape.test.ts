// The one escaping module's exact output for each class of hostile text. Rendering by the real
// cmark-gfm is tested in test/integration/report/; these pin the Markdown written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { NASTY } from './nasty.ts';
import { escapeMarkdownText, hostileBlock, hostileCode, plainLine, visibleLine } from '../../../src/report/escape.ts';

test('mentions and references sit in one code span, where github.com links nothing', () => {
  assert.equal(hostileCode('@mallory #123 octo-org/octo-repo#9 GH-7 deadbeef1'), '` @mallory #123 octo-org/octo-repo#9 GH-7 deadbeef1 `');
  assert.equal(hostileCode('https://evil.example www.evil.example a@evil.example'), '` https://evil.example www.evil.example a@evil.example `');
});

test('bidi controls and invisible characters are shown as escapes, so a path cannot reorder itself', () => {
  assert.equal(hostileCode('/tmp/\u202Egnp.exe\u202C'), '` /tmp/\\u{202e}gnp.exe\\u{202c} `');
  const bidi = '\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C';
  assert.equal(visibleLine(bidi), '\\u{202a}\\u{202b}\\u{202c}\\u{202d}\\u{202e}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200e}\\u{200f}\\u{061c}');
  assert.equal(visibleLine('a\u200Bb\uFEFFc\u0085d\u2028e\uD800f'), 'a\\u{200b}b\\u{feff}c\\u{0085}d\\u{2028}e\\u{d800}f');
  assert.equal(plainLine('a\u202Eb\nc'), 'a b c');
});

test("a legacy workflow command opener is cut after '##', its '[' written between the spans", () => {
  assert.equal(hostileCode('x ##[add-mask]y'), '` x ## `&#91;` add-mask]y `');
  assert.equal(hostileCode('###[a|##['), '` ### `&#91;` a `\\|` ## `&#91;');
  assert.equal(hostileCode('##['), '` ## `&#91;');
});

test('hostile blocks: fenced, one fence longer than any backtick run, runner command openers shown escaped', () => {
  assert.equal(hostileBlock('a\n  ::error::x\n##[add-mask]y ::ok\n```'), '````text\na\n  \\u{003a}:error::x\n#\\u{0023}[add-mask]y ::ok\n```\n````');
  assert.equal(hostileBlock('\u202Eabc\tq\r\nz'), '```text\n\\u{202e}abc\tq\nz\n```');
});

function decodeEntities(text: string): string {
  return text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}


const visible = visibleLine;

/** Reads hostileCode's output back as CommonMark does: spans, with `\|` and `&#91;` between them. */
function readBack(markdown: string): string {
  if (markdown === '<code></code>') return '';
  return markdown
    .split('\\|')
    .map((segment) =>
      segment
        .split('&#91;')
        .map((piece) => {
          if (piece === '' || /^(&#32;)+$/.test(piece)) return piece.replaceAll('&#32;', ' ');
          const match = /^(`+) ([\s\S]*) (`+)$/.exec(piece);
          assert.ok(match, `not a single code span: ${piece}`);
          const [, open, content, close] = match as unknown as [string, string, string, string];
          assert.equal(open, close);
          assert.ok(!content.includes(open), 'the fence is longer than any backtick run inside');
          assert.ok(!content.includes('|'), 'no bare pipe can split a table cell');
          assert.doesNotMatch(content, /[\n\r]/);
          return content;
        })
        .join('['),
    )
    .join('|');
}

test('property: any string reads back from its spans; no line break, pipe or ##[ is left to split or command', () => {
  const alphabet = fc.constantFrom('#', '[', '|', '`', ':', ' ', 'a', '\n', '\u202e', '@', '\\');
  fc.assert(
    fc.property(fc.array(alphabet, { maxLength: 60 }).map((chars) => chars.join('')), (text) => {
      const markdown = hostileCode(text);
      assert.equal(readBack(markdown), visibleLine(text));
      assert.ok(!markdown.includes('##['));
      assert.doesNotMatch(markdown, /[\n\r\u202e]/);
      assert.doesNotMatch(markdown.replaceAll('\\|', ''), /\|/);
      const block = hostileBlock(text);
      assert.ok(!block.includes('##['));
      for (const line of block.split('\n')) assert.ok(!line.trimStart().startsWith('::'), line);
    }),
    { numRuns: 500 },
  );
});

test('hostile text becomes code spans that read back to the text, controls made visible', () => {
  for (const nasty of NASTY) {
    const markdown = hostileCode(nasty);
    assert.doesNotMatch(markdown, /[\u0000-\u001f\u007f\u202e\u200b]/u);
    assert.equal(readBack(markdown), visible(nasty), JSON.stringify(nasty));
  }
  assert.equal(hostileCode(''), '<code></code>');
  assert.equal(hostileCode('a\nb\u202e'), '` a\\nb\\u{202e} `');
  assert.equal(hostileCode('x``y'), '``` x``y ```');
  assert.equal(hostileCode('a|b'), '` a `\\|` b `');
});

test('property: any string reads back from its code spans; our own text escapes every punctuation', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-ascii', maxLength: 200 }), (text) => {
      assert.equal(readBack(hostileCode(text)), visible(text));
      const escaped = escapeMarkdownText(text);
      assert.doesNotMatch(escaped, /[\u0000-\u001f\u007f]/);
      assert.doesNotMatch(escaped.replace(/&#\d+;/g, ''), /[!-/:-@[-`{-~]/);
      if (!/[\u0000-\u001f\u007f]/.test(text)) assert.equal(decodeEntities(escaped), text);
    }),
    { numRuns: 300 },
  );
});
