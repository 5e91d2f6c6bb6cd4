import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import dnsPacket from 'dns-packet';
import { decodeDnsMessage } from '../../../src/inventory/dns.ts';
import { classifyAddress } from '../../../src/inventory/scope.ts';

function query(names: Array<[string, string]>, withEdns = false): Buffer {
  return dnsPacket.encode({
    type: 'query',
    id: 4242,
    flags: dnsPacket.RECURSION_DESIRED,
    questions: names.map(([name, type]) => ({ name, type: type as never })),
    additionals: withEdns ? [{ type: 'OPT', name: '.', udpPayloadSize: 4096 } as never] : [],
  });
}

describe('DNS decoding', () => {
  it('decodes the questions of a UDP query', () => {
    const decoded = decodeDnsMessage(query([['exfil.attacker.example', 'TXT'], ['github.com', 'A']]), false);
    assert.deepEqual(decoded, { isQuery: true, questions: [{ name: 'exfil.attacker.example', type: 'TXT' }, { name: 'github.com', type: 'A' }], answers: [], incomplete: false });
  });

  it('decodes a TCP query after its length prefix', () => {
    const message = query([['registry.npmjs.org', 'AAAA']]);
    const framed = Buffer.concat([Buffer.from([message.length >> 8, message.length & 0xff]), message]);
    assert.deepEqual(decodeDnsMessage(framed, true)?.questions, [{ name: 'registry.npmjs.org', type: 'AAAA' }]);
  });

  it('still reads the question when the capture cut the message short', () => {
    const full = query([['pypi.org', 'A']], true);
    const cut = full.subarray(0, full.length - 5); // the OPT record is incomplete
    assert.deepEqual(decodeDnsMessage(cut, false)?.questions, [{ name: 'pypi.org', type: 'A' }]);
  });

  it('tells responses from queries and rejects what is not DNS', () => {
    const response = dnsPacket.encode({ type: 'response', id: 1, flags: dnsPacket.RECURSION_AVAILABLE, questions: [{ name: 'a.example', type: 'A' }], answers: [] });
    assert.equal(decodeDnsMessage(response, false)?.isQuery, false);
    assert.equal(decodeDnsMessage(Buffer.from('GET / HTTP/1.1\r\n'), false), undefined);
    assert.equal(decodeDnsMessage(Buffer.from([1, 2, 3]), false), undefined);
  });
});

describe('address scope', () => {
  it('classifies addresses with ipaddr.js', () => {
    assert.equal(classifyAddress('140.82.112.3'), 'public');
    assert.equal(classifyAddress('2607:f8b0:4004:802::2004'), 'public');
    assert.equal(classifyAddress('10.1.2.3'), 'private');
    assert.equal(classifyAddress('172.16.0.1'), 'private');
    assert.equal(classifyAddress('192.168.1.1'), 'private');
    assert.equal(classifyAddress('100.64.0.1'), 'private');
    assert.equal(classifyAddress('fd00::1'), 'private');
    assert.equal(classifyAddress('127.0.0.53'), 'loopback');
    assert.equal(classifyAddress('::1'), 'loopback');
    assert.equal(classifyAddress('169.254.169.254'), 'link-local');
    assert.equal(classifyAddress('fe80::1'), 'link-local');
    assert.equal(classifyAddress('0.0.0.0'), 'unspecified');
    assert.equal(classifyAddress('::'), 'unspecified');
    assert.equal(classifyAddress('::ffff:10.0.0.1'), 'private');
    assert.equal(classifyAddress('not an ip'), 'unspecified');
  });
});

describe('container-info JSON', () => {
  it('takes id, name and image, and ignores events that are not container info', async () => {
    const { containerFromJson } = await import('../../../src/scap/container.ts');
    assert.deepEqual(containerFromJson('{"container":{"id":"abc","name":"n","image":"i:1","type":0,"privileged":true,"extra":[1]}}'), {
      id: 'abc',
      name: 'n',
      image: 'i:1',
      type: 'docker',
      privileged: true,
    });
    assert.equal(containerFromJson('{"container":{"name":"no id"}}'), undefined);
    assert.equal(containerFromJson('{"container":{"id":5}}'), undefined);
    assert.equal(containerFromJson('not json'), undefined);
    assert.equal(containerFromJson('null'), undefined);
  });
});
