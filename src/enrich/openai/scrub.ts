// What looks like a secret is replaced by `[redacted]` before anything of the monitored job leaves for
// the model's endpoint. The capture holds command lines, and CI command lines carry credentials:
// `curl -H "Authorization: Bearer …"`, `git clone https://x-access-token:…@github.com/…`,
// `docker login -p …`, `FOO_TOKEN=… ./script`. The patterns err on the side of redacting: a triage
// without a value is still useful, a leaked token is not undone.

export const REDACTED = '[redacted]';

/** Token formats recognised by their shape wherever they are. */
const TOKEN_PATTERNS: readonly RegExp[] = [
  // GitHub: classic and fine-grained personal tokens, OAuth, user-to-server, server-to-server, refresh.
  /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g,
  /\bgithub_pat_[A-Za-z0-9_]{20,}/g,
  // AWS access key ids (long-lived AKIA, temporary ASIA).
  /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g,
  // JWTs: base64url header starting `{"` (eyJ), payload, signature.
  /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
  // OpenAI-style and Slack tokens; OpenAI's own error messages echo a masked key (sk-ab***yz).
  /\bsk-[A-Za-z0-9*_-]{8,}/g,
  /\bxox[abposr]-[A-Za-z0-9-]{10,}/g,
  // PEM private keys, whole.
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g,
];

/** `Authorization: Bearer x`, `authorization=basic x`, `Proxy-Authorization: x`: the credential goes. */
const AUTHORIZATION = /(\b(?:proxy-)?authorization\s*[:=]\s*)(?:(?:bearer|basic|token|digest)\s+)?[^\s'",;]+/gi;

/** `password=…`, `--api-key=…`, `GITHUB_TOKEN: …`: the value of a secret-sounding name. */
const SECRET_ASSIGNMENT = /(\b[\w.-]*?(?:password|passwd|pwd|passphrase|token|secret|key|credentials?|auth)[\w.-]*\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s'",;&]+)/gi;

/** `NAME=value` with an environment variable's name (`env FOO=bar cmd`, `FOO=bar ./x`): the value goes. */
const ENVIRONMENT_ASSIGNMENT = /(^|[\s'"])([A-Z_][A-Z0-9_]*=)("[^"]*"|'[^']*'|[^\s'"]+)/g;

/** `scheme://user:password@host`: the password goes (and a lone token before `@`). */
const URL_CREDENTIALS = /(\b[a-z][a-z0-9+.-]*:\/\/)([^\s/@:]+)(?::([^\s/@]*))?@/gi;

/** A flag whose next argument is a secret: `-p x`, `--password x`, `--token x`, `-H 'Authorization: …'` (the header is caught above). */
const SECRET_FLAG = /^(?:-p|-P|--?[\w-]*(?:password|passwd|passphrase|token|secret|key|credentials?)[\w-]*)$/i;

/** Runs of characters that may be a random credential, checked for entropy. */
const CANDIDATE = /[A-Za-z0-9+=_-]{24,}/g;

function entropyBitsPerChar(text: string): number {
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/**
 * Long high-entropy strings with upper case, lower case and digits mixed are taken for keys. Hex-only
 * strings are kept: sha256 sums and container ids are what a triage needs, and a hex secret is rare in
 * a command line (a hex one with a secret's name is caught by name).
 */
function looksRandom(text: string): boolean {
  if (/^[0-9a-f]+$/i.test(text)) return false;
  if (!/[A-Z]/.test(text) || !/[a-z]/.test(text) || !/[0-9]/.test(text)) return false;
  return entropyBitsPerChar(text) >= 3.5;
}

/** One value with every secret-looking part replaced by `[redacted]`. */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const pattern of TOKEN_PATTERNS) out = out.replace(pattern, REDACTED);
  out = out.replace(AUTHORIZATION, (_, prefix: string) => `${prefix}${REDACTED}`);
  out = out.replace(URL_CREDENTIALS, (_, scheme: string, user: string, password: string | undefined) =>
    password === undefined ? `${scheme}${REDACTED}@` : `${scheme}${user}:${REDACTED}@`,
  );
  out = out.replace(SECRET_ASSIGNMENT, (whole, prefix: string, value: string) => (value.startsWith(REDACTED) ? whole : `${prefix}${REDACTED}`));
  out = out.replace(ENVIRONMENT_ASSIGNMENT, (_, before: string, name: string) => `${before}${name}${REDACTED}`);
  out = out.replace(CANDIDATE, (run) => (looksRandom(run) ? REDACTED : run));
  return out;
}

/** A command line's arguments scrubbed one by one, and the argument after a secret flag replaced whole. */
export function scrubArguments(args: readonly string[]): string[] {
  return args.map((arg, index) => (index > 0 && SECRET_FLAG.test(args[index - 1] ?? '') ? REDACTED : scrubSecrets(arg)));
}
