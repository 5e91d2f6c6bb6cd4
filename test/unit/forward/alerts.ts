// Forwarding alerts for the forward tests, built through the production adapters from the shapes the
// two modes produce (a Falco JSON line as live mode reads it; the typical analyze report fixture).
import { readFileSync } from 'node:fs';
import { toFalcoAlert } from '../../../src/falco/alert.ts';
import { fromAnalyzeReport, fromFalcoAlert, type ForwardAlert, type JobContext } from '../../../src/forward/alert.ts';
import { parseReport } from '../../../src/report/json-report.ts';
import { falcoLine, type LineSpec } from '../falco/falco-lines.ts';

export const JOB: JobContext = {
  repository: 'octo-org/octo-repo',
  workflow: 'CI',
  job: 'build',
  runNumber: '42',
  runUrl: 'https://github.com/octo-org/octo-repo/actions/runs/1300000001',
};

export function liveAlert(spec: Partial<LineSpec> = {}, attribution?: Parameters<typeof fromFalcoAlert>[2], job: JobContext = JOB): ForwardAlert {
  const line = falcoLine({
    rule: 'Read sensitive file untrusted',
    priority: 'Warning',
    time: '2026-11-23T04:00:21.123456789Z',
    message: 'Sensitive file opened (file=/etc/shadow)',
    fields: { 'fd.name': '/etc/shadow', 'proc.name': 'cat' },
    chain: [4242, 4200],
    ...spec,
  });
  const parsed = toFalcoAlert(JSON.parse(line), 1);
  if (!parsed.ok) throw new Error(parsed.reason);
  return fromFalcoAlert(parsed.alert, job, attribution);
}

export function typicalReportAlerts(): ForwardAlert[] {
  const text = readFileSync(new URL('../../fixtures/reports/typical.json', import.meta.url), 'utf8');
  return fromAnalyzeReport(parseReport(text));
}
