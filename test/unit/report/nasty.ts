// Hostile values the report's unit tests share (the full corpus is test/fixtures/hostile/strings.json).
export const NASTY = [
  'a | b || c \\| d',
  '`code` ``` fence',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script></code></td></tr></table>',
  '[click](http://evil.example/x) and ![img](http://evil.example/i.png)',
  '@octocat please look, cc @github/security-team',
  '# heading\n## another\r\n---\n| x | y |',
  '&lt;b&gt; &amp; &#124; &#x40;',
  'https://evil.example www.evil.example user@evil.example',
  '*bold* _em_ ~~strike~~ :shipit: #123 owner/repo#1',
  '\u202Eevil\u200B\u0007\u0000end',
];
