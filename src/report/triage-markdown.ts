// The AI triage (src/enrich/model.ts Triage) as a Markdown section of the job summary, the pull-request
// comment and the CLI's Markdown. Every string of it is model output, and the model read hostile data:
// it may echo an injected @mention, link, image, HTML or `::workflow-command`. So all of it goes
// through escape.ts: the summary as a fenced block (hostileBlock), refs, reasons and exceptions as
// code spans (hostileCode). Only the verdict labels and the counts are our words. The section is
// labelled AI-generated and advisory: it never changes a verdict, fail-on, a table or SARIF.
import type { Triage, TriageVerdict } from '../enrich/model.ts';
import { escapeMarkdownText, hostileBlock, hostileCode } from './escape.ts';

export const TRIAGE_HEADING = 'AI triage (AI-generated, advisory)';

const LABELS: Record<TriageVerdict, string> = { likely_malicious: 'Likely malicious', needs_a_look: 'Needs a look', likely_benign: 'Likely benign' };
const ORDER: Record<TriageVerdict, number> = { likely_malicious: 0, needs_a_look: 1, likely_benign: 2 };

const LIMITS = { refChars: 120, reasonChars: 500, exceptionChars: 500, modelChars: 100 } as const;

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function renderTriageSection(triage: Triage, options: { maxFindings: number }): string {
  const lines: string[] = [`### ${TRIAGE_HEADING}`, ''];
  lines.push(`By the model ${hostileCode(triage.model, LIMITS.modelChars)}. It read the findings as data and decides nothing: the verdict, fail-on and the tables above do not depend on it.`, '');
  lines.push(hostileBlock(triage.summary), '');
  const findings = [...triage.findings].sort((a, b) => ORDER[a.triage] - ORDER[b.triage]);
  const shown = findings.slice(0, Math.max(0, options.maxFindings));
  if (shown.length > 0) {
    lines.push('| Finding | AI triage | Reason | Suggested exception |', '| --- | --- | --- | --- |');
    for (const finding of shown) {
      const exception = finding.suggestedException === null ? '' : hostileCode(finding.suggestedException, LIMITS.exceptionChars);
      lines.push(`| ${hostileCode(finding.ref, LIMITS.refChars)} | ${LABELS[finding.triage]} | ${hostileCode(finding.reason, LIMITS.reasonChars)} | ${exception} |`);
    }
    lines.push('');
  }
  const remarks: string[] = [];
  if (findings.length > shown.length) remarks.push(`${plural(findings.length - shown.length, 'more finding')} in the JSON report.`);
  if (triage.refusedExceptions > 0) remarks.push(`${plural(triage.refusedExceptions, 'suggested exception')} not shown: not a Falco condition our parser and field table accept.`);
  for (const cut of triage.cut) remarks.push(`Not sent to the model: ${escapeMarkdownText(cut)}`);
  for (const remark of remarks) lines.push(`- ${remark}`);
  if (remarks.length > 0) lines.push('');
  return lines.join('\n');
}
