// Secrets the step holds (API keys, webhook URLs, passwords) are registered with the runner before
// anything could print them (StepLog.setSecret: `::add-mask::VALUE`), so that the runner replaces them
// with *** in every later line of the job's log. The runner masks a line at a time, so a multi-line value
// is registered line by line; short fragments are skipped (masking "a" would blank every "a" of the log).

const MIN_MASK_LENGTH = 4;

/** The distinct lines of the values to register, each at least MIN_MASK_LENGTH characters. */
export function maskLines(values: Iterable<string | undefined>): string[] {
  const lines = new Set<string>();
  for (const value of values) {
    if (value === undefined) continue;
    for (const line of value.split(/\r?\n/)) {
      const trimmed = line.trim();
      if (trimmed.length >= MIN_MASK_LENGTH) lines.add(trimmed);
    }
  }
  return [...lines];
}

/**
 * `text` with every secret replaced, longest first (a secret may contain a shorter one): for messages a
 * service may echo a key, token or URL in, before they reach a log, a note or a report.
 */
export function withoutSecrets(text: string, secrets: Iterable<string | undefined>, replacement = '***'): string {
  const present = [...secrets].filter((secret): secret is string => secret !== undefined && secret !== '');
  let out = text;
  for (const secret of present.sort((a, b) => b.length - a.length)) out = out.split(secret).join(replacement);
  return out;
}
