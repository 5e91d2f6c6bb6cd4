// Falco rule outputs: text with %field references (e.g. "%proc.name %proc.aname[2] %evt.arg.flags").
// We validate every reference with the same field table as conditions and fill them in per event,
// printing "<NA>" for a missing value as Falco does.
import type { Position } from './ast.ts';
import { EMPTY_CONTEXT, resolveField, UnknownFieldError, type EvalContext, type FieldValue } from './fields.ts';
import type { ScapEvent } from '../scap/model.ts';

export class OutputFormatError extends Error {
  constructor(
    message: string,
    readonly position: Position,
    readonly field: string,
    /** The field name itself is not in our table (rather than a bad argument). */
    readonly unsupportedName = false,
  ) {
    super(`${message} at ${position.line}:${position.col} (offset ${position.offset})`);
    this.name = 'OutputFormatError';
  }
}

export type OutputFormatter = (event: ScapEvent, context?: EvalContext) => string;

const FIELD_REFERENCE = /%(?:\(([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z0-9_]+)+)(?:\[([^\]]*)\])?\)|([a-zA-Z][a-zA-Z0-9_]*(?:\.[a-zA-Z][a-zA-Z0-9_]*)+)(?:\[([^\]]*)\])?)/g;

function positionAt(text: string, offset: number): Position {
  let line = 1;
  let col = 1;
  for (let index = 0; index < offset; index++) {
    if (text[index] === '\n' || text[index] === '\r') {
      line++;
      col = 1;
    } else {
      col++;
    }
  }
  return { offset, line, col };
}

export function formatValue(value: FieldValue | undefined): string {
  if (value === undefined) return '<NA>';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('latin1');
  return String(value);
}

/** The field names (with [arg] when given) an output refers to. */
export function outputFields(output: string): string[] {
  return [...output.matchAll(FIELD_REFERENCE)].map((match) => {
    const name = (match[1] ?? match[3]) as string;
    const arg = match[2] ?? match[4];
    return arg === undefined ? name : `${name}[${arg}]`;
  });
}

/**
 * Compiles an output; throws OutputFormatError naming the first field we cannot fill in, unless
 * the field is in `lenientFields`: then it prints '<NA>' (for Falco fields we cannot evaluate).
 */
export function compileOutput(output: string, options: { lenientFields?: ReadonlySet<string> } = {}): OutputFormatter {
  const parts: Array<string | ((event: ScapEvent, context: EvalContext) => string)> = [];
  let last = 0;
  for (const match of output.matchAll(FIELD_REFERENCE)) {
    const name = (match[1] ?? match[3]) as string;
    const arg = match[2] ?? match[4];
    const offset = match.index ?? 0;
    if (name === 'container.info' && arg === undefined) {
      // Falco's legacy placeholder: it expands to nothing now that the container plugin supplies
      // container fields (falco rule_loader_compiler.cpp s_default_extra_fmt).
      parts.push(output.slice(last, offset));
      last = offset + match[0].length;
      continue;
    }
    let extract;
    try {
      const resolved = resolveField(name, arg);
      extract = resolved.definition.build(resolved.arg);
      if (resolved.arg === undefined && resolved.definition.argument === 'optional-index') {
        throw new UnknownFieldError(name, `needs an index in an output, e.g. %${name}[1]`);
      }
    } catch (error) {
      if (!(error instanceof UnknownFieldError)) throw error;
      if (error.unsupportedName && options.lenientFields?.has(name) === true) {
        parts.push(output.slice(last, offset), () => '<NA>');
        last = offset + match[0].length;
        continue;
      }
      throw new OutputFormatError(error.message, positionAt(output, offset), name, error.unsupportedName);
    }
    parts.push(output.slice(last, offset));
    parts.push((event, context) => formatValue(extract(event, context)));
    last = offset + match[0].length;
  }
  parts.push(output.slice(last));
  return (event, context = EMPTY_CONTEXT) => parts.map((part) => (typeof part === 'string' ? part : part(event, context))).join('');
}
