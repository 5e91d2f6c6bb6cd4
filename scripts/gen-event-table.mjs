#!/usr/bin/env node
// Generates src/scap/event-table.generated.ts from a falcosecurity/libs checkout: the event rows from
// driver/event_table.c (g_event_info), the event codes and the PT_/EF_/EC_ enums from
// driver/ppm_events_public.h, and the syscall names from its PPM_SC_FIELDS. The libs commit goes into
// the header, so the table says which driver it describes.
//
//   node scripts/gen-event-table.mjs LIBS_CHECKOUT [--commit SHA] [--out FILE | --check FILE]
//
// LIBS_CHECKOUT is a directory holding driver/; the commit is read with git when not given. --check
// compares FILE with the output and exits 1 when they differ. The parser reads only the C that these
// two files use (enum entries, designated initializers, `|` and `<<` of constants); anything else is an
// error naming the file and the token, never a guess.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

export const DEFAULT_OUTPUT = fileURLToPath(new URL('../src/scap/event-table.generated.ts', import.meta.url));

class GenerateError extends Error {}

/** C tokens: strings, identifiers, numbers and punctuation, without comments or preprocessor lines. */
function tokenize(text, file) {
  const tokens = [];
  const pattern = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|^[ \t]*#(?:[^\n\\]|\\[\s\S])*|"((?:[^"\\\n]|\\.)*)"|(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|->|[^\s\w\"])/my;
  let index = 0;
  while (index < text.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(text);
    if (match === null) throw new GenerateError(`${file}: cannot read the C at offset ${index}: ${JSON.stringify(text.slice(index, index + 40))}`);
    index = pattern.lastIndex;
    if (match[1] !== undefined) tokens.push({ kind: 'string', value: JSON.parse(`"${match[1]}"`) });
    else if (match[2] !== undefined) tokens.push({ kind: 'number', value: Number(match[2]) });
    else if (match[3] !== undefined) tokens.push({ kind: 'ident', value: match[3] });
    else if (match[4] !== undefined) tokens.push({ kind: 'punct', value: match[4] });
  }
  return tokens;
}

/** Evaluates `a | b`, `1 << n`, `a + b`, parentheses, numbers and known constants. */
function evaluate(tokens, constants, where) {
  let position = 0;
  const fail = (what) => {
    throw new GenerateError(`${where}: ${what} in ${tokens.map((token) => token.value).join(' ')}`);
  };
  const primary = () => {
    const token = tokens[position++];
    if (token === undefined) fail('expression ends early');
    if (token.kind === 'number') return token.value;
    if (token.kind === 'ident') {
      const value = constants.get(token.value);
      if (value === undefined) fail(`unknown constant ${token.value}`);
      return value;
    }
    if (token.value === '(') {
      const value = or();
      if (tokens[position++]?.value !== ')') fail('unbalanced parentheses');
      return value;
    }
    return fail(`unexpected '${token.value}'`);
  };
  const sum = () => {
    let value = primary();
    while (tokens[position]?.value === '+') {
      position++;
      value += primary();
    }
    return value;
  };
  const shift = () => {
    let value = sum();
    while (tokens[position]?.value === '<<') {
      position++;
      value = value * 2 ** sum();
    }
    return value;
  };
  const or = () => {
    let value = shift();
    while (tokens[position]?.value === '|') {
      position++;
      value = Number(BigInt(value) | BigInt(shift()));
    }
    return value;
  };
  const value = or();
  if (position !== tokens.length) fail('trailing tokens');
  return value;
}

/** Splits tokens[start..end) at top-level commas. */
function splitTopLevel(tokens, start, end) {
  const parts = [];
  let depth = 0;
  let partStart = start;
  for (let index = start; index < end; index++) {
    const value = tokens[index].kind === 'punct' ? tokens[index].value : '';
    if (value === '{' || value === '(' || value === '[') depth++;
    else if (value === '}' || value === ')' || value === ']') depth--;
    else if (value === ',' && depth === 0) {
      parts.push(tokens.slice(partStart, index));
      partStart = index + 1;
    }
  }
  const last = tokens.slice(partStart, end);
  if (last.length > 0) parts.push(last);
  return parts;
}

/** The index just past the bracket that closes the one at `open`. */
function closing(tokens, open, file) {
  let depth = 0;
  for (let index = open; index < tokens.length; index++) {
    const value = tokens[index].kind === 'punct' ? tokens[index].value : '';
    if (value === '{' || value === '(' || value === '[') depth++;
    else if (value === '}' || value === ')' || value === ']') {
      depth--;
      if (depth === 0) return index + 1;
    }
  }
  throw new GenerateError(`${file}: unbalanced braces`);
}

function findSequence(tokens, values, file, what) {
  outer: for (let index = 0; index + values.length <= tokens.length; index++) {
    for (let offset = 0; offset < values.length; offset++) if (tokens[index + offset].value !== values[offset]) continue outer;
    return index;
  }
  throw new GenerateError(`${file}: ${what} not found`);
}

/** Entries `NAME [= expr]` of the enum whose body starts at the `{` at `open`, into `constants`. */
function readEnum(tokens, open, constants, file) {
  const end = closing(tokens, open, file) - 1;
  const entries = [];
  let next = 0;
  for (const part of splitTopLevel(tokens, open + 1, end)) {
    const name = part[0];
    if (name?.kind !== 'ident') throw new GenerateError(`${file}: enum entry without a name`);
    const value = part.length === 1 ? next : part[1]?.value === '=' ? evaluate(part.slice(2), constants, `${file} ${name.value}`) : undefined;
    if (value === undefined) throw new GenerateError(`${file}: cannot read enum entry ${name.value}`);
    constants.set(name.value, value);
    entries.push([name.value, value]);
    next = value + 1;
  }
  return entries;
}

/** The enums, event codes and syscall names of ppm_events_public.h. */
export function readPublicHeader(text, file = 'driver/ppm_events_public.h') {
  const tokens = tokenize(text, file);
  const constants = new Map();
  const enumBody = (name) => findSequence(tokens, ['enum', name, '{'], file, `enum ${name}`) + 2;
  const categories = readEnum(tokens, enumBody('ppm_event_category'), constants, file);
  const flags = readEnum(tokens, enumBody('ppm_event_flags'), constants, file);
  const paramTypes = readEnum(tokens, enumBody('ppm_param_type'), constants, file);
  const codeOpen = findSequence(tokens, ['typedef', 'enum', '{', 'PPME_GENERIC_E'], file, 'the ppm_event_code enum') + 2;
  const codes = readEnum(tokens, codeOpen, constants, file).filter(([name]) => name.startsWith('PPME_'));
  const eventMax = constants.get('PPM_EVENT_MAX');
  if (eventMax === undefined) throw new GenerateError(`${file}: PPM_EVENT_MAX not found`);
  // PPM_SC_FIELDS is a macro list (PPM_SC_X(NAME, value) \ ...): read from the raw text.
  const syscallNames = [];
  for (const match of text.matchAll(/PPM_SC_X\((\w+),\s*(\d+)\)/g)) {
    const code = Number(match[2]);
    if (syscallNames[code] !== undefined && syscallNames[code] !== match[1].toLowerCase()) throw new GenerateError(`${file}: PPM_SC code ${code} named twice`);
    syscallNames[code] = match[1].toLowerCase();
  }
  if (syscallNames.length === 0 || syscallNames.includes(undefined)) throw new GenerateError(`${file}: PPM_SC_FIELDS missing or with gaps`);
  return { constants, categories, flags, paramTypes, codes, eventMax, syscallNames };
}

/** g_event_info of event_table.c: per event code its name, category, flags and parameters. */
export function readEventTable(text, header, file = 'driver/event_table.c') {
  const tokens = tokenize(text, file);
  const open = findSequence(tokens, ['g_event_info', '[', ']', '=', '{'], file, 'g_event_info') + 4;
  const end = closing(tokens, open, file) - 1;
  const paramTypeNames = new Map(header.paramTypes.map(([name, value]) => [name, value]));
  const rows = new Array(header.eventMax);
  for (const entry of splitTopLevel(tokens, open + 1, end)) {
    // [PPME_X] = { "name", category, flags, nparams, { {"param", PT_X, PF_X, ...}, ... } }
    if (entry[0]?.value !== '[' || entry[1]?.kind !== 'ident' || entry[2]?.value !== ']' || entry[3]?.value !== '=' || entry[4]?.value !== '{') {
      throw new GenerateError(`${file}: an entry is not [PPME_...] = {...}: ${entry.slice(0, 6).map((token) => token.value).join(' ')}`);
    }
    const symbol = entry[1].value;
    const code = header.constants.get(symbol);
    if (code === undefined || !symbol.startsWith('PPME_')) throw new GenerateError(`${file}: unknown event ${symbol}`);
    const fields = splitTopLevel(entry, 5, closing(entry, 4, file) - 1);
    const where = `${file} ${symbol}`;
    const name = fields[0]?.[0];
    if (name?.kind !== 'string' || fields[0].length !== 1) throw new GenerateError(`${where}: the first field is not the event name`);
    const category = evaluate(fields[1] ?? [], header.constants, where);
    const flags = evaluate(fields[2] ?? [], header.constants, where);
    const paramCount = fields.length > 3 ? evaluate(fields[3], header.constants, where) : 0;
    const params = [];
    if (fields.length > 4) {
      const list = fields[4];
      if (list[0]?.value !== '{') throw new GenerateError(`${where}: the parameter list is not {...}`);
      for (const param of splitTopLevel(list, 1, closing(list, 0, file) - 1)) {
        const [paramName, paramType] = splitTopLevel(param, 1, closing(param, 0, file) - 1);
        if (paramName?.[0]?.kind !== 'string' || paramType?.[0]?.kind !== 'ident' || !paramTypeNames.has(paramType[0].value)) {
          throw new GenerateError(`${where}: a parameter is not {"name", PT_..., ...}`);
        }
        if (!/^[^\s:]+$/.test(paramName[0].value)) throw new GenerateError(`${where}: parameter name ${JSON.stringify(paramName[0].value)} has a space or colon`);
        params.push([paramName[0].value, paramType[0].value.slice('PT_'.length)]);
      }
    }
    if (fields.length > 5) throw new GenerateError(`${where}: more fields than name, category, flags, count, parameters`);
    if (params.length !== paramCount) throw new GenerateError(`${where}: says ${paramCount} parameters, lists ${params.length}`);
    if (rows[code] !== undefined) throw new GenerateError(`${where}: code ${code} given twice`);
    rows[code] = { symbol: symbol.slice('PPME_'.length), name: name.value, category, flags, params };
  }
  const missing = [...rows.keys()].filter((code) => rows[code] === undefined);
  if (missing.length > 0) throw new GenerateError(`${file}: no entry for event codes ${missing.join(', ')}`);
  return rows;
}

function constantsObject(name, doc, entries, prefix, omit = []) {
  const lines = entries.filter(([entry]) => !omit.includes(entry)).map(([entry, value]) => `  ${entry.slice(prefix.length)}: ${value},`);
  return `/** ${doc} */\nexport const ${name} = {\n${lines.join('\n')}\n} as const;\n`;
}

function wrapWords(words, width) {
  const lines = [];
  let line = '';
  for (const word of words) {
    if (line.length > 0 && line.length + word.length + 1 > width) {
      lines.push(line);
      line = '';
    }
    line += (line.length > 0 ? ' ' : '') + word;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

/** The TypeScript module for the given libs sources. */
export function generateEventTable({ eventTableC, publicHeader, commit }) {
  if (!/^[0-9a-f]{40}$/.test(commit)) throw new GenerateError(`the libs commit must be 40 hex digits, not ${JSON.stringify(commit)}`);
  const header = readPublicHeader(publicHeader);
  const rows = readEventTable(eventTableC, header);
  const rowLines = rows.map(({ symbol, name, category, flags, params }) => `  ${JSON.stringify([symbol, name, category, flags, params.map(([param, type]) => `${param}:${type}`).join(' ')]).replace(/","|",|,"|,/g, (separator) => separator.replace(',', ', '))},`);
  const syscallLines = wrapWords(header.syscallNames.map((name) => `'${name}',`), 104).map((line) => `  ${line}`);
  return `// GENERATED by scripts/gen-event-table.mjs from falcosecurity/libs ${commit}
// (driver/event_table.c and driver/ppm_events_public.h): do not edit, run the script on a libs checkout.
// src/scap/event-table.ts builds the lookup tables the reader and the writer use from these rows.

/** The libs commit these facts come from. */
export const LIBS_COMMIT = '${commit}';

${constantsObject('PT', 'Parameter types (enum ppm_param_type).', header.paramTypes, 'PT_', ['PT_MAX'])}
${constantsObject('EF', 'Event flags (enum ppm_event_flags).', header.flags, 'EF_', ['EF_NONE'])}
${constantsObject('EC', 'Event categories (enum ppm_event_category): low bits the syscall category, high bits the source.', header.categories, 'EC_', ['EC_IO_BASE'])}
/** [symbol without PPME_, evt.type, category, flags, "param:TYPE ..."], indexed by event code (PPM_EVENT_MAX = ${header.eventMax}). */
export const EVENT_ROWS: ReadonlyArray<readonly [string, string, number, number, string]> = [
${rowLines.join('\n')}
];

/** Syscall names by PPM_SC code (PPM_SC_FIELDS, lowercased). */
export const SYSCALL_NAMES: readonly string[] = [
${syscallLines.join('\n')}
];
`;
}

function libsCommit(checkout) {
  try {
    return execFileSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    throw new GenerateError(`${checkout} is not a git checkout: give the libs commit with --commit SHA`);
  }
}

/** Reads the two driver files of a libs checkout. */
export function readLibsCheckout(checkout) {
  const read = (relative) => {
    try {
      return readFileSync(join(checkout, relative), 'utf8');
    } catch (error) {
      throw new GenerateError(`${join(checkout, relative)}: cannot read it (${error.code ?? error.message}); LIBS_CHECKOUT must be a falcosecurity/libs checkout`);
    }
  };
  return { eventTableC: read('driver/event_table.c'), publicHeader: read('driver/ppm_events_public.h') };
}

function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { commit: { type: 'string' }, out: { type: 'string' }, check: { type: 'string' } } });
  if (positionals.length !== 1) {
    process.stderr.write('usage: node scripts/gen-event-table.mjs LIBS_CHECKOUT [--commit SHA] [--out FILE | --check FILE]\n');
    return 2;
  }
  const checkout = positionals[0];
  const output = generateEventTable({ ...readLibsCheckout(checkout), commit: values.commit ?? libsCommit(checkout) });
  if (values.check !== undefined) {
    if (readFileSync(values.check, 'utf8') === output) return 0;
    process.stderr.write(`${values.check} differs from the table generated from ${checkout}: run node scripts/gen-event-table.mjs ${checkout} --out ${values.check}\n`);
    return 1;
  }
  writeFileSync(values.out ?? DEFAULT_OUTPUT, output);
  return 0;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    process.exitCode = main();
  } catch (error) {
    if (!(error instanceof GenerateError)) throw error;
    process.stderr.write(`gen-event-table: ${error.message}\n`);
    process.exitCode = 1;
  }
}
