// Analyze reports holding just what the VirusTotal stage reads (connections, DNS, processes, hashes,
// the steps of alerts), valid per analyzeReportSchema. Shared with test/integration/enrich/virustotal/.
import { analyzeReportSchema, type AnalyzeReport, type Attribution } from '../../../../src/analyze/report.ts';

const TIME = '2026-11-23T04:00:00.000000001Z';
const attribution = (step: number | undefined): Attribution => ({ step: step === undefined ? null : { number: step, name: `Step ${step}` }, action: null });

export interface ReportParts {
  connections?: { address: string; step?: number }[];
  dns?: { name: string; answers?: string[]; step?: number }[];
  processes?: { exepath: string; sha256: string | null; step?: number }[];
  hashes?: { path: string; sha256: string | null }[];
  /** Steps in which an alert fired. */
  alertSteps?: number[];
}

export function vtReport(parts: ReportParts): AnalyzeReport {
  return analyzeReportSchema.parse({
    schema: 1,
    tool: { name: 'falco-actions', version: '0.3.0' },
    job: null,
    capture: { file: 'capture.scap', events: 10, firstEventTime: TIME, lastEventTime: TIME, redacted: true, truncated: false, damage: null },
    engine: { kind: 'native', falcoVersion: '0.44.1', image: null, rulesFiles: [] },
    alerts: (parts.alertSteps ?? []).map((step) => ({ rule: 'Outbound connection', priority: 'warning', time: TIME, output: 'x', source: 'syscall', tags: [], pid: 1, attribution: attribution(step) })),
    sections: ['connections', 'dns', 'processes', 'hashes'],
    connections: (parts.connections ?? []).map((entry) => ({
      remote: { address: entry.address, port: 443 },
      protocol: 'tcp',
      scope: 'public',
      process: 'curl',
      exepath: '/usr/bin/curl',
      count: 1,
      bytesSent: 10,
      bytesReceived: 20,
      firstTime: TIME,
      attribution: attribution(entry.step),
    })),
    dns: (parts.dns ?? []).map((entry) => ({ name: entry.name, types: ['A'], queries: 1, answers: entry.answers ?? [], processes: ['curl'], firstTime: TIME, attribution: attribution(entry.step) })),
    processes: (parts.processes ?? []).map((entry) => ({
      exepath: entry.exepath,
      name: entry.exepath.split('/').pop() ?? '',
      args: [],
      parent: null,
      user: 'runner',
      containerId: 'host',
      count: 1,
      firstTime: TIME,
      sha256: entry.sha256,
      attribution: attribution(entry.step),
    })),
    hashes: (parts.hashes ?? []).map((entry) => ({ path: entry.path, sha256: entry.sha256, executions: 1 })),
    exceptions: { file: null, removed: {} },
    steps: [],
    notes: [],
  });
}

export const HASH_A = 'a'.repeat(64);
export const HASH_B = '0123456789abcdef'.repeat(4);
