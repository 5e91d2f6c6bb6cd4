// DNS queries from the payload of a packet sent to port 53, decoded as a DNS message with dns-packet
// (never by pattern matching). Captures cut buffers at their snaplen, so a message may be incomplete:
// when the whole message does not decode, the header and question section alone are decoded (the
// question comes first, and for queries it is all that matters).
import dnsPacket from 'dns-packet';

export interface DnsQuestion {
  name: string;
  type: string;
}

export interface DecodedDnsQuery {
  /** Whether the message is a query (QR bit clear) rather than a response. */
  isQuery: boolean;
  questions: DnsQuestion[];
}

const HEADER_SIZE = 12;

function questionsOf(packet: dnsPacket.DecodedPacket): DnsQuestion[] {
  return (packet.questions ?? []).map((question) => ({ name: question.name, type: String(question.type) }));
}

function isQueryFlags(bytes: Uint8Array): boolean {
  return (bytes[2]! & 0x80) === 0;
}

/** Decodes a DNS message (UDP payload, or TCP payload with its 2-byte length prefix when `tcp`). */
export function decodeDnsMessage(payload: Uint8Array, tcp: boolean): DecodedDnsQuery | undefined {
  const message = tcp ? payload.subarray(2) : payload;
  if (message.length < HEADER_SIZE) return undefined;
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.length);
  try {
    return { isQuery: isQueryFlags(bytes), questions: questionsOf(dnsPacket.decode(bytes)) };
  } catch {
    // Keep only the question section: zero the answer, authority and additional counts.
    const headerAndQuestions = Buffer.from(bytes);
    headerAndQuestions.fill(0, 6, HEADER_SIZE);
    try {
      return { isQuery: isQueryFlags(bytes), questions: questionsOf(dnsPacket.decode(headerAndQuestions)) };
    } catch {
      return undefined;
    }
  }
}
