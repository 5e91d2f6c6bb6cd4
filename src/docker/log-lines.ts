// Splits the Docker engine's multiplexed log stream (8-byte frame headers: stream type, 0, 0, 0,
// big-endian length) into text lines per stream. Containers without a TTY are always multiplexed.
import { StringDecoder } from 'node:string_decoder';

export type LogStreamName = 'stdout' | 'stderr';

export class MultiplexedLogSplitter {
  private pending: Buffer = Buffer.alloc(0);
  private readonly partial: Record<LogStreamName, string> = { stdout: '', stderr: '' };
  // Frames may split a multi-byte character; each stream decodes its own bytes.
  private readonly decoders: Record<LogStreamName, StringDecoder> = { stdout: new StringDecoder('utf8'), stderr: new StringDecoder('utf8') };

  constructor(private readonly onLine: (line: string, stream: LogStreamName) => void) {}

  push(chunk: Buffer): void {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    while (this.pending.length >= 8) {
      const type = this.pending[0];
      const length = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + length) break;
      const stream: LogStreamName = type === 2 ? 'stderr' : 'stdout';
      const payload = this.decoders[stream].write(this.pending.subarray(8, 8 + length));
      this.pending = this.pending.subarray(8 + length);
      this.text(stream, payload);
    }
  }

  /** Hands over what is left without a trailing newline (the stream ended). */
  end(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.partial[stream] !== '') {
        const rest = this.partial[stream];
        this.partial[stream] = '';
        this.onLine(rest, stream);
      }
    }
  }

  private text(stream: LogStreamName, payload: string): void {
    const lines = (this.partial[stream] + payload).split('\n');
    this.partial[stream] = lines.pop() ?? '';
    for (const line of lines) this.onLine(line.replace(/\r$/, ''), stream);
  }
}
