// Why an indicator the report names was not looked up this run (the enrichment's `skipped[].reason`),
// in the words the report shows. An error's reason is "error: " and its plain-text message.
export const SKIP_REASONS = {
  cap: 'per-run cap (vt-max-lookups)',
  daily: 'daily limit (vt-daily-limit)',
  quota: 'quota',
  refused: 'API key refused',
  noKey: 'no API key (VT_API_KEY)',
  unreachable: 'VirusTotal unreachable',
} as const;
