// DNS messages from the payload of a packet sent to or received from port 53, decoded with dns-packet
// (never by pattern matching): the questions of a query, the questions and answers of a response.
// Captures cut buffers at their snaplen, so a message may be incomplete: the records are decoded one by
// one and every record that fits whole is kept (the question comes first, then the answers).
import dnsPacket from 'dns-packet';

export interface DnsQuestion {
  name: string;
  type: string;
}

/** One answer record the inventory reports: an address (A, AAAA) or an alias (CNAME). */
export interface DnsAnswer {
  name: string;
  type: 'A' | 'AAAA' | 'CNAME';
  data: string;
}

export interface DecodedDnsMessage {
  /** Whether the message is a query (QR bit clear) rather than a response. */
  isQuery: boolean;
  questions: DnsQuestion[];
  answers: DnsAnswer[];
  /** Some records announced by the header did not fit in the captured bytes. */
  incomplete: boolean;
}

/** dns-packet's record decoders (exported by the package, not by its type declarations). */
interface RecordDecoder<T> {
  decode: ((buf: Buffer, offset: number) => T) & { bytes: number };
}
const records = dnsPacket as unknown as {
  question: RecordDecoder<{ name: string; type: string }>;
  answer: RecordDecoder<{ name: string; type: string; data?: unknown }>;
};

const HEADER_SIZE = 12;
const REPORTED_ANSWER_TYPES: ReadonlySet<string> = new Set(['A', 'AAAA', 'CNAME']);

/** Decodes up to `count` records from `offset`; stops at the first that does not fit. */
function decodeRecords<T>(decoder: RecordDecoder<T>, bytes: Buffer, offset: number, count: number): { records: T[]; offset: number; complete: boolean } {
  const decoded: T[] = [];
  let position = offset;
  for (let index = 0; index < count; index++) {
    let record: T;
    try {
      record = decoder.decode(bytes, position);
    } catch {
      return { records: decoded, offset: position, complete: false };
    }
    // dns-packet reads some record data past the end of the buffer without throwing ("140.82.undefined"):
    // a record whose end lies beyond the captured bytes is not kept.
    if (position + decoder.decode.bytes > bytes.length) return { records: decoded, offset: position, complete: false };
    decoded.push(record);
    position += decoder.decode.bytes;
  }
  return { records: decoded, offset: position, complete: true };
}

/** Decodes a DNS message (UDP payload, or TCP payload with its 2-byte length prefix when `tcp`). */
export function decodeDnsMessage(payload: Uint8Array, tcp: boolean): DecodedDnsMessage | undefined {
  const message = tcp ? payload.subarray(2) : payload;
  if (message.length < HEADER_SIZE) return undefined;
  const bytes = Buffer.from(message.buffer, message.byteOffset, message.length);
  const isQuery = (bytes[2]! & 0x80) === 0;
  const questionCount = bytes.readUInt16BE(4);
  const answerCount = bytes.readUInt16BE(6);
  const questions = decodeRecords(records.question, bytes, HEADER_SIZE, questionCount);
  if (questions.records.length === 0 && questionCount > 0) return undefined;
  const answers = questions.complete ? decodeRecords(records.answer, bytes, questions.offset, answerCount) : { records: [], complete: answerCount === 0 };
  return {
    isQuery,
    questions: questions.records.map((question) => ({ name: question.name, type: String(question.type) })),
    answers: answers.records.flatMap((answer) =>
      REPORTED_ANSWER_TYPES.has(answer.type) && typeof answer.data === 'string' ? [{ name: answer.name, type: answer.type as DnsAnswer['type'], data: answer.data }] : [],
    ),
    incomplete: !questions.complete || !answers.complete,
  };
}
