// The model's answer: the structured-output schema it must follow and its mapping to the report's
// Triage (src/enrich/model.ts). The answer is untrusted text (the model read hostile data): only
// findings whose ref was sent are kept, each string is bounded, and a suggested exception is kept only
// when our condition parser and field table accept it (exception.ts).
import { z } from 'zod';
import { TRIAGE_VERDICTS, type Triage } from '../model.ts';
import { acceptedException } from './exception.ts';

export const ANSWER_LIMITS = { summaryChars: 2000, reasonChars: 500 } as const;

/**
 * What the model answers (structured output). No length keywords: strict structured output does not
 * accept every JSON Schema keyword on every endpoint; the bounds are applied after parsing instead.
 */
export const modelAnswerSchema = z.object({
  summary: z.string(),
  findings: z.array(
    z.object({
      ref: z.string(),
      triage: z.enum(TRIAGE_VERDICTS),
      reason: z.string(),
      suggested_exception: z.string().nullable(),
    }),
  ),
});
export type ModelAnswer = z.infer<typeof modelAnswerSchema>;

function bounded(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text;
}

/** The report's triage from the model's answer; `sent` are the refs that were sent. */
export function triageFromAnswer(answer: ModelAnswer, context: { model: string; sent: ReadonlySet<string>; cut: string[] }): Triage {
  let refusedExceptions = 0;
  const seen = new Set<string>();
  const findings: Triage['findings'] = [];
  for (const finding of answer.findings) {
    if (!context.sent.has(finding.ref) || seen.has(finding.ref)) continue;
    seen.add(finding.ref);
    let suggestedException: string | null = null;
    if (finding.suggested_exception !== null && finding.suggested_exception.trim() !== '') {
      const accepted = acceptedException(finding.suggested_exception);
      if (accepted === undefined) refusedExceptions += 1;
      else suggestedException = accepted;
    }
    findings.push({ ref: finding.ref, triage: finding.triage, reason: bounded(finding.reason, ANSWER_LIMITS.reasonChars), suggestedException });
  }
  return { model: context.model, summary: bounded(answer.summary, ANSWER_LIMITS.summaryChars), findings, refusedExceptions, cut: context.cut };
}
