// What of a report may go to VirusTotal (public addresses, public names, sha256 hashes), what never
// does (counted per reason), and the order the quota is spent in.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addressNotSentReason, collectIndicators, domainNotSentReason, normalizeDomain, virusTotalLink } from '../../../../src/enrich/virustotal/indicators.ts';
import { verdictOf } from '../../../../src/enrich/virustotal/verdict.ts';
import { HASH_A, HASH_B, vtReport } from './report-builder.ts';

test('addresses: only public unicast ones may be sent; every special range is refused with its reason', () => {
  const refused: Record<string, string> = {
    '10.1.2.3': 'private address',
    '172.16.0.1': 'private address',
    '192.168.1.1': 'private address',
    '127.0.0.53': 'loopback address',
    '::1': 'loopback address',
    '169.254.169.254': 'link-local address',
    'fe80::1': 'link-local address',
    'fe80::1%eth0': 'link-local address',
    '100.64.0.1': 'carrier-grade NAT address',
    '100.127.255.254': 'carrier-grade NAT address',
    '192.0.2.10': 'reserved or documentation address',
    '198.51.100.7': 'reserved or documentation address',
    '203.0.113.5': 'reserved or documentation address',
    '2001:db8::1': 'reserved or documentation address',
    'fd00::1': 'unique-local address',
    '224.0.0.251': 'multicast address',
    'ff02::fb': 'multicast address',
    '0.0.0.0': 'unspecified address',
    '::': 'unspecified address',
    '255.255.255.255': 'broadcast address',
    '::ffff:10.0.0.1': 'private address',
    '2002:c000:0204::1': 'special-purpose address (6to4)',
    'localhost': 'not an IP address',
    '127.1': 'not an IP address',
    '': 'not an IP address',
  };
  for (const [address, reason] of Object.entries(refused)) assert.equal(addressNotSentReason(address), reason, address);
  for (const address of ['8.8.8.8', '140.82.112.3', '2606:4700:4700::1111', '::ffff:8.8.4.4', '100.128.0.1']) assert.equal(addressNotSentReason(address), null, address);
});

test('DNS names: valid public names only; local, internal, single-label, reverse and malformed names are refused', () => {
  const refused: Record<string, string> = {
    localhost: 'local name',
    'foo.localhost': 'local name',
    'printer.local': 'local name',
    'kubernetes.default.svc.cluster.local': 'local name',
    'metadata.google.internal': 'local name',
    'router.home.arpa': 'local name',
    '4.3.2.1.in-addr.arpa': 'reverse lookup name',
    'b.a.9.8.ip6.arpa': 'reverse lookup name',
    'example': 'special-use name',
    'www.example': 'special-use name',
    runner: 'single-label name',
    'bad name.com': 'not a valid DNS name',
    'evil\u0000.com': 'not a valid DNS name',
    'a\nb.com': 'not a valid DNS name',
    '-lead.com': 'not a valid DNS name',
    'a..b.com': 'not a valid DNS name',
    '1.2.3.4': 'not a valid DNS name',
    'ünicode.de': 'not a valid DNS name',
    [`${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}.com`]: 'not a valid DNS name',
    [`${'a'.repeat(64)}.com`]: 'not a valid DNS name',
    '': 'not a valid DNS name',
  };
  for (const [name, reason] of Object.entries(refused)) assert.equal(domainNotSentReason(normalizeDomain(name)), reason, JSON.stringify(name));
  for (const name of ['github.com', 'objects.githubusercontent.com', '_dmarc.example.org', 'xn--nicode-2ya.de', 'registry-1.docker.io', `${'a'.repeat(63)}.com`]) {
    assert.equal(domainNotSentReason(normalizeDomain(name)), null, name);
  }
  assert.equal(normalizeDomain('GitHub.COM.'), 'github.com');
});

test('collect: each indicator once, canonical, with its label; what is left out is counted per reason, once per value', () => {
  const report = vtReport({
    processes: [
      { exepath: '/usr/bin/curl', sha256: HASH_A.toUpperCase() },
      { exepath: '/usr/bin/curl', sha256: HASH_A },
      { exepath: '/tmp/x', sha256: 'not-a-hash' },
      { exepath: '/tmp/y', sha256: null },
    ],
    hashes: [{ path: '/usr/local/bin/helper', sha256: HASH_B }, { path: '/usr/bin/curl', sha256: HASH_A }],
    connections: [{ address: '140.82.112.3' }, { address: '140.82.112.3' }, { address: '::ffff:140.82.112.3' }, { address: '10.0.0.1' }, { address: '10.0.0.1' }, { address: '192.0.2.1' }, { address: '127.0.0.1' }],
    dns: [
      { name: 'GitHub.com.', answers: ['140.82.112.3'] },
      { name: 'github.com', answers: [] },
      { name: 'metadata.google.internal', answers: ['169.254.169.254'] },
      { name: 'localhost' },
      { name: 'runner' },
    ],
  });
  const { indicators, notSent } = collectIndicators(report);
  assert.deepEqual(
    indicators.map(({ kind, indicator, label }) => [kind, indicator, label]),
    [
      ['file', HASH_A, '/usr/bin/curl'],
      ['file', HASH_B, '/usr/local/bin/helper'],
      ['ip', '140.82.112.3', 'GitHub.com.'],
      ['domain', 'github.com', null],
    ],
  );
  assert.deepEqual(notSent, { 'not a sha256': 1, 'private address': 1, 'reserved or documentation address': 1, 'loopback address': 1, 'local name': 2, 'single-label name': 1 });
});

test('order: what was seen in a step that raised an alert first, then files, IPs, domains', () => {
  const report = vtReport({
    alertSteps: [3],
    processes: [{ exepath: '/usr/bin/make', sha256: HASH_A, step: 2 }],
    connections: [{ address: '8.8.8.8', step: 2 }, { address: '1.1.1.1', step: 3 }],
    dns: [{ name: 'quiet.example.org', step: 2 }, { name: 'loud.example.org', step: 3 }, { name: 'c2.example.net', answers: ['1.1.1.1'], step: 2 }],
  });
  assert.deepEqual(
    collectIndicators(report).indicators.map((entry) => entry.indicator),
    ['1.1.1.1', 'loud.example.org', 'c2.example.net', HASH_A, '8.8.8.8', 'quiet.example.org'],
  );
});

test('verdict: threshold decides malicious, any flag below it is suspicious, no counts is unknown (not clean)', () => {
  const stats = (malicious: number, suspicious: number) => ({ malicious, suspicious, harmless: 60, undetected: 10, timeout: 0 });
  assert.equal(verdictOf(stats(3, 0), 3), 'malicious');
  assert.equal(verdictOf(stats(2, 0), 3), 'suspicious');
  assert.equal(verdictOf(stats(0, 1), 3), 'suspicious');
  assert.equal(verdictOf(stats(1, 0), 1), 'malicious');
  assert.equal(verdictOf(stats(0, 0), 3), 'clean');
  assert.equal(verdictOf(null, 3), 'unknown');
});

test('link: only www.virustotal.com/gui/, the indicator percent-encoded', () => {
  assert.equal(virusTotalLink('ip', '2606:4700::1111'), 'https://www.virustotal.com/gui/ip-address/2606%3A4700%3A%3A1111');
  assert.equal(virusTotalLink('domain', 'github.com'), 'https://www.virustotal.com/gui/domain/github.com');
  assert.equal(virusTotalLink('file', HASH_A), `https://www.virustotal.com/gui/file/${HASH_A}`);
  assert.equal(virusTotalLink('domain', "x)](http://evil.example/'*!~"), 'https://www.virustotal.com/gui/domain/x%29%5D%28http%3A%2F%2Fevil.example%2F%27%2A%21%7E');
});
