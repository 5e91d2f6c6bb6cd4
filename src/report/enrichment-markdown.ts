// The enrichment parts of analyze's Markdown (job summary, pull-request comment, CLI), in the order a
// reader needs them: what is new since the baseline first, then VirusTotal's verdicts, then the AI's
// advisory triage. Each part is rendered by its own module (escaping hostile text there); this one
// only orders them and normalises their spacing, so both surfaces fit them the same way.
import type { AnalyzeReport } from '../analyze/report.ts';
import { renderDriftSection } from './drift-markdown.ts';
import { renderReputationSection } from './reputation-markdown.ts';
import { renderTriageSection } from './triage-markdown.ts';

export interface EnrichmentPart {
  /** Our words, for the "left out to fit" line. */
  title: string;
  markdown: string;
}

export interface EnrichmentPartsOptions {
  maxRows: number;
  /** The heading level of the surface ('###' in the summary, '####' in the comment). */
  level?: '###' | '####';
}

function normalised(markdown: string, level: string): string {
  const body = markdown.replace(/^\n+/, '').replace(/^### /, `${level} `);
  return `\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

export function enrichmentParts(report: AnalyzeReport, options: EnrichmentPartsOptions): EnrichmentPart[] {
  const enrichment = report.enrichment;
  if (enrichment === undefined) return [];
  const level = options.level ?? '###';
  const parts: EnrichmentPart[] = [];
  if (enrichment.drift !== undefined) parts.push({ title: 'what is new since the baseline', markdown: normalised(renderDriftSection(enrichment.drift, { maxRows: options.maxRows, level }), level) });
  if (enrichment.virustotal !== undefined) parts.push({ title: 'the VirusTotal verdicts', markdown: normalised(renderReputationSection(enrichment.virustotal, { maxRows: options.maxRows }), level) });
  if (enrichment.triage !== undefined) parts.push({ title: 'the AI triage', markdown: normalised(renderTriageSection(enrichment.triage, { maxFindings: options.maxRows }), level) });
  return parts;
}

/** The parts that fit in `room` bytes, in order; a part that does not fit is left out and named. */
export function fitEnrichment(parts: readonly EnrichmentPart[], room: number): { markdown: string; size: number; left: string[] } {
  let markdown = '';
  let size = 0;
  const left: string[] = [];
  for (const part of parts) {
    const partSize = Buffer.byteLength(part.markdown, 'utf8');
    if (size + partSize > room) {
      left.push(part.title);
      continue;
    }
    markdown += part.markdown;
    size += partSize;
  }
  return { markdown, size, left };
}
