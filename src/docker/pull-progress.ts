// Turns the Docker engine's pull progress events into a few log lines: one per layer state change
// ("Pulling fs layer", "Download complete", "Pull complete"...) and at most one byte-progress summary
// every `intervalMs`, instead of one line per chunk.
import { z } from 'zod';

export const pullEventSchema = z.object({
  status: z.string().optional(),
  id: z.string().optional(),
  progressDetail: z.object({ current: z.number().optional(), total: z.number().optional() }).partial().optional(),
  error: z.string().optional(),
  errorDetail: z.object({ message: z.string().optional() }).partial().optional(),
});
export type PullEvent = z.infer<typeof pullEventSchema>;

const CHUNK_STATUSES = new Set(['Downloading', 'Extracting', 'Waiting']);

function megabytes(bytes: number): string {
  return `${(bytes / 1_000_000).toFixed(1)} MB`;
}

export class PullProgressReporter {
  private readonly layerStatus = new Map<string, string>();
  private readonly layerBytes = new Map<string, { current: number; total: number }>();
  private lastSummaryAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly log: (line: string) => void,
    private readonly intervalMs = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Feeds one engine event; returns the engine's error message when the event reports one. */
  handle(raw: unknown): string | undefined {
    const parsed = pullEventSchema.safeParse(raw);
    if (!parsed.success) return undefined;
    const event = parsed.data;
    if (event.error !== undefined) return event.errorDetail?.message ?? event.error;
    const status = event.status ?? '';
    const id = event.id;
    if (id === undefined) {
      // Whole-image lines: "Pulling from ...", "Digest: ...", "Status: Downloaded newer image ...".
      if (status !== '') this.log(status);
      return undefined;
    }
    if (CHUNK_STATUSES.has(status)) {
      const detail = event.progressDetail;
      if (detail?.current !== undefined && detail.total !== undefined && detail.total > 0) {
        this.layerBytes.set(id, { current: detail.current, total: detail.total });
      }
      if (this.layerStatus.get(id) !== status) {
        this.layerStatus.set(id, status);
        this.log(`${id}: ${status}`);
      }
      this.maybeSummarize();
      return undefined;
    }
    if (this.layerStatus.get(id) !== status) {
      this.layerStatus.set(id, status);
      if (status === 'Download complete' || status === 'Pull complete') {
        const bytes = this.layerBytes.get(id);
        if (bytes) this.layerBytes.set(id, { current: bytes.total, total: bytes.total });
      }
      this.log(`${id}: ${status}`);
    }
    return undefined;
  }

  private maybeSummarize(): void {
    const now = this.now();
    if (now - this.lastSummaryAt < this.intervalMs) return;
    this.lastSummaryAt = now;
    let current = 0;
    let total = 0;
    for (const bytes of this.layerBytes.values()) {
      current += bytes.current;
      total += bytes.total;
    }
    if (total > 0) this.log(`progress: ${megabytes(current)} of ${megabytes(total)} (${this.layerBytes.size} layers)`);
  }
}
