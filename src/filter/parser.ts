// A recursive-descent parser for Falco/libsinsp filter conditions.
//
// The grammar and lexing rules follow libsinsp's own parser (falcosecurity/libs,
// userspace/libsinsp/filter/parser.h + parser.cpp, escaping.cpp), so that a condition Falco accepts
// parses here to the same tree and a condition Falco refuses is refused here:
//   Expr ::= OrExpr;  OrExpr ::= AndExpr ('or' (blank AndExpr | '(' Expr ')'))*
//   AndExpr ::= NotExpr ('and' (blank NotExpr | '(' Expr ')'))*
//   NotExpr ::= ('not' blank)* ('not(' Expr ')' | Check)
//   Check ::= '(' Expr ')' | Field Condition | Transformer Condition | Identifier
// `not` binds tighter than `and`, which binds tighter than `or`; and/or are n-ary.
// Word operators (contains, startswith, glob, ...) need a blank after them; `in`, `intersects`,
// `pmatch`, `exists` and the symbol operators do not. Recursion is capped at depth 100 like libsinsp.
import type {
  BinaryOperator,
  CheckValue,
  Expr,
  FieldRef,
  ListValue,
  Operand,
  OperatorModifier,
  Position,
  ScalarValue,
  TransformerArg,
  TransformerRef,
} from './ast.ts';

export class FilterSyntaxError extends Error {
  readonly position: Position;
  /** What the parser expected at the position (libsinsp's wording where it has one). */
  readonly expected: string;
  constructor(expected: string, position: Position, input: string) {
    const near = input.slice(position.offset, position.offset + 20);
    super(
      `${expected} at ${position.line}:${position.col} (offset ${position.offset})` +
        (near.length > 0 ? ` near '${near}'` : ' at the end of the condition'),
    );
    this.name = 'FilterSyntaxError';
    this.position = position;
    this.expected = expected;
  }
}

const MAX_DEPTH = 100;

const UNARY_OPS = ['exists'] as const;
const NUM_OPS = ['<=', '<', '>=', '>'] as const;
// A trailing space marks an operator that needs a blank after it (libsinsp's convention).
const STR_OPS = [
  '==', '=', '!=', 'glob ', 'iglob ', 'contains ', 'icontains ', 'bcontains ', 'startswith ', 'bstartswith ',
  'endswith ', 'regex ',
] as const;
const STR_MODIFIERS = ['oneof ', 'anyof ', 'allof '] as const;
const LIST_OPS = ['intersects', 'in', 'pmatch'] as const;
const TRANSFORMERS = ['tolower(', 'toupper(', 'b64(', 'basename(', 'len(', 'join(', 'concat(', 'getopt('] as const;

export const SUPPORTED_OPERATORS: readonly string[] = [
  ...UNARY_OPS, ...NUM_OPS, ...STR_OPS.map((op) => op.trim()), ...LIST_OPS,
];

const RE_NOT_BLANK = /^not[\t\n\v\f\r ]+/;
const RE_IDENTIFIER = /^[a-zA-Z]+[a-zA-Z0-9_]*/;
const RE_FIELD_NAME = /^[a-zA-Z]+[a-zA-Z0-9_]*(\.[a-zA-Z]+[a-zA-Z0-9_]*)+/;
const RE_FIELD_ARG_BARE = /^[^\][\"'\t\n\v\f\r ]+/;
const RE_HEX = /^0[xX][0-9a-fA-F]+/;
const RE_NUMBER = /^[+-]?[0-9]+\.?[0-9]*([eE][+-][0-9]+)?/;
const RE_BARE_STR = /^[^()\"'\t\n\v\f\r =,]+/;

function quoteList(values: readonly string[]): string {
  return values.map((value) => `'${value.trim()}'`).join(', ');
}

/** Unescapes a quoted token (delimiters included) the way libsinsp's unescape_str does. */
export function unescapeQuoted(token: string): string {
  const delimiter = token[0];
  let result = '';
  let escaped = false;
  const end = token.length - 1;
  for (let index = 1; index < end; index++) {
    const char = token[index] as string;
    if (!escaped) {
      if (char === '\\') escaped = true;
      else result += char;
      continue;
    }
    switch (char) {
      case 'b': result += '\b'; break;
      case 'f': result += '\f'; break;
      case 'n': result += '\n'; break;
      case 'r': result += '\r'; break;
      case 't': result += '\t'; break;
      // libsinsp keeps a backslash for "\ " (a legacy escape found in old rules) and for "\\".
      case ' ':
      case '\\': result += '\\'; break;
      case '/': result += '/'; break;
      case '"':
        if (delimiter !== '"') throw new Error(`invalid \\" escape in '-quoted string`);
        result += '"';
        break;
      case "'":
        if (delimiter !== "'") throw new Error(`invalid \\' escape in "-quoted string`);
        result += "'";
        break;
      case 'x': {
        if (index + 2 >= end) throw new Error('truncated hex char escape sequence');
        const hex = token.slice(index + 1, index + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`invalid hex char escape sequence: ${hex}`);
        result += String.fromCharCode(Number.parseInt(hex, 16));
        index += 2;
        break;
      }
      default:
        throw new Error(`unsupported string escape sequence: \\${char}`);
    }
    escaped = false;
  }
  return result;
}

class Parser {
  private offset = 0;
  private line = 1;
  private col = 1;
  private depth = 0;
  private lastToken = '';

  constructor(private readonly input: string) {}

  parse(): Expr {
    if (this.input.length === 0) throw new FilterSyntaxError('filter input string is empty: expected a condition', this.pos(), this.input);
    const result = this.parseOr();
    if (this.offset !== this.input.length) {
      throw this.error(`unexpected token after '${this.lastToken}', expecting 'or', 'and'`);
    }
    return result;
  }

  private pos(): Position {
    return { offset: this.offset, line: this.line, col: this.col };
  }

  private setPos(position: Position): void {
    this.offset = position.offset;
    this.line = position.line;
    this.col = position.col;
  }

  private error(expected: string, at: Position = this.pos()): FilterSyntaxError {
    return new FilterSyntaxError(expected, at, this.input);
  }

  private advance(text: string): void {
    for (const char of text) {
      this.col++;
      if (char === '\r' || char === '\n') {
        this.col = 1;
        this.line++;
      }
      // Offsets count UTF-16 units so they index the JavaScript string.
      this.offset += char.length;
    }
  }

  private enter<T>(body: () => T): T {
    this.depth++;
    if (this.depth >= MAX_DEPTH) {
      throw this.error(`exceeded max depth limit of ${MAX_DEPTH}: expected a less nested condition`);
    }
    try {
      return body();
    } finally {
      this.depth--;
    }
  }

  private rest(): string {
    return this.input.slice(this.offset);
  }

  private lexBlank(): boolean {
    let found = false;
    for (;;) {
      const char = this.input[this.offset];
      if (char === ' ' || char === '\t' || char === '\b' || char === '\r' || char === '\n') {
        found = true;
        this.advance(char);
      } else {
        return found;
      }
    }
  }

  private lexString(text: string): boolean {
    if (this.input.startsWith(text, this.offset)) {
      this.lastToken = text;
      this.advance(text);
      return true;
    }
    return false;
  }

  private lexRegex(regex: RegExp): boolean {
    const match = regex.exec(this.rest());
    if (match === null || match[0].length === 0) return false;
    this.lastToken = match[0];
    this.advance(match[0]);
    return true;
  }

  private lexOperator(list: readonly string[]): boolean {
    for (const op of list) {
      if (!op.endsWith(' ')) {
        if (this.lexString(op)) return true;
        continue;
      }
      const saved = this.pos();
      const savedToken = this.lastToken;
      if (this.lexString(op.trim())) {
        if (this.lexBlank()) {
          this.lastToken = op.trim();
          return true;
        }
        this.setPos(saved);
        this.lastToken = savedToken;
      }
    }
    return false;
  }

  private lexQuoted(): boolean {
    const delimiter = this.input[this.offset];
    if (delimiter !== '"' && delimiter !== "'") return false;
    // As libsinsp: the closing delimiter is the first one not preceded by a backslash.
    let prev = '\\';
    for (let index = this.offset; index < this.input.length; index++) {
      const char = this.input[index] as string;
      if (char === delimiter && prev !== '\\') {
        const token = this.input.slice(this.offset, index + 1);
        const start = this.pos();
        let value: string;
        try {
          value = unescapeQuoted(token);
        } catch (error) {
          throw this.error((error as Error).message, start);
        }
        this.advance(token);
        this.lastToken = value;
        return true;
      }
      prev = char;
    }
    return false;
  }

  private lexTransformer(): boolean {
    for (const name of TRANSFORMERS) if (this.lexString(name)) return true;
    return false;
  }

  private parseOr(): Expr {
    return this.enter(() => {
      const pos = this.pos();
      this.lexBlank();
      const children = [this.parseAnd()];
      this.lexBlank();
      while (this.lexString('or')) {
        if (!this.lexBlank()) {
          if (this.lexString('(')) children.push(this.parseEmbeddedRemainder());
          else throw this.error("expected blank or '(' after 'or'");
        } else {
          children.push(this.parseAnd());
        }
        this.lexBlank();
      }
      return children.length > 1 ? { kind: 'or', children, pos } : (children[0] as Expr);
    });
  }

  private parseAnd(): Expr {
    return this.enter(() => {
      const pos = this.pos();
      this.lexBlank();
      const children = [this.parseNot()];
      this.lexBlank();
      while (this.lexString('and')) {
        if (!this.lexBlank()) {
          if (this.lexString('(')) children.push(this.parseEmbeddedRemainder());
          else throw this.error("expected blank or '(' after 'and'");
        } else {
          children.push(this.parseNot());
        }
        this.lexBlank();
      }
      return children.length > 1 ? { kind: 'and', children, pos } : (children[0] as Expr);
    });
  }

  private parseNot(): Expr {
    return this.enter(() => {
      const pos = this.pos();
      this.lexBlank();
      let negated = false;
      while (this.lexRegex(RE_NOT_BLANK)) negated = !negated;
      let child: Expr;
      if (this.lexString('not(')) {
        negated = !negated;
        child = this.parseEmbeddedRemainder();
      } else {
        child = this.parseCheck();
      }
      return negated ? { kind: 'not', child, pos } : child;
    });
  }

  private parseEmbeddedRemainder(): Expr {
    return this.enter(() => {
      this.lexBlank();
      const child = this.parseOr();
      this.lexBlank();
      if (!this.lexString(')')) throw this.error("expected a ')' token");
      return child;
    });
  }

  private parseCheck(): Expr {
    return this.enter((): Expr => {
      this.lexBlank();
      const pos = this.pos();
      if (this.lexString('(')) return this.parseEmbeddedRemainder();
      if (this.lexRegex(RE_FIELD_NAME)) {
        const operand = this.parseFieldRemainder(this.lastToken, pos);
        return this.parseCondition(operand, pos);
      }
      if (this.lexTransformer()) {
        this.lexBlank();
        const operand = this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
        return this.parseCondition(operand, pos);
      }
      if (this.lexRegex(RE_IDENTIFIER)) return { kind: 'macro-ref', name: this.lastToken, pos };
      throw this.error("expected a '(' token, a field check, or an identifier");
    });
  }

  private parseFieldRemainder(name: string, pos: Position): FieldRef {
    return { kind: 'field', name, arg: this.parseOptionalFieldArg(), pos };
  }

  private parseOptionalFieldArg(): string | undefined {
    if (!this.lexString('[')) return undefined;
    if (!this.lexQuoted() && !this.lexRegex(RE_FIELD_ARG_BARE)) {
      throw this.error('expected a valid field argument: a quoted string or a bare string');
    }
    const arg = this.lastToken;
    if (!this.lexString(']')) throw this.error("expected a ']' token");
    return arg;
  }

  private parseTransformerRemainder(name: string, pos: Position): TransformerRef {
    return this.enter(() => {
      this.lexBlank();
      const args: TransformerArg[] = [];
      do {
        args.push(this.parseTransformerArg());
        this.lexBlank();
      } while (this.lexString(','));
      this.lexBlank();
      if (!this.lexString(')')) throw this.error("expected a ')' token closing the transformer");
      return { kind: 'transformer', name, args, arg: this.parseOptionalFieldArg(), pos };
    });
  }

  private parseTransformerArg(): TransformerArg {
    return this.enter((): TransformerArg => {
      this.lexBlank();
      const pos = this.pos();
      if (this.lexRegex(RE_HEX) || this.lexRegex(RE_NUMBER)) return { kind: 'value', value: this.lastToken, quoted: false, pos };
      if (this.lexQuoted()) return { kind: 'value', value: this.lastToken, quoted: true, pos };
      if (this.lexString('(')) return this.parseTransformerList(pos);
      if (this.lexTransformer()) return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
      if (this.lexRegex(RE_FIELD_NAME)) return this.parseFieldRemainder(this.lastToken, pos);
      throw this.error('expected field transformer argument: field, transformer, quoted string, number, or transformer list');
    });
  }

  private parseTransformerList(pos: Position): TransformerArg {
    const items: TransformerArg[] = [];
    this.lexBlank();
    if (this.lexString(')')) return { kind: 'transformer-list', items, pos };
    items.push(this.parseTransformerListArg());
    this.lexBlank();
    while (this.lexString(',')) {
      this.lexBlank();
      items.push(this.parseTransformerListArg());
      this.lexBlank();
    }
    if (!this.lexString(')')) throw this.error("expected ')'");
    return { kind: 'transformer-list', items, pos };
  }

  private parseTransformerListArg(): TransformerArg {
    const pos = this.pos();
    if (this.lexRegex(RE_FIELD_NAME)) return this.parseFieldRemainder(this.lastToken, pos);
    if (this.lexTransformer()) {
      this.lexBlank();
      return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
    }
    if (this.lexQuoted()) return { kind: 'value', value: this.lastToken, quoted: true, pos };
    if (this.lexRegex(RE_HEX) || this.lexRegex(RE_NUMBER)) return { kind: 'value', value: this.lastToken, quoted: false, pos };
    throw this.error('expected transformer list argument: field, transformer, quoted string, or number');
  }

  private parseCondition(operand: Operand, pos: Position): Expr {
    return this.enter((): Expr => {
      this.lexBlank();
      if (this.lexOperator(UNARY_OPS)) return { kind: 'unary', operand, op: 'exists', pos };
      this.lexBlank();
      let op: BinaryOperator;
      let modifier: OperatorModifier | undefined;
      let value: CheckValue;
      if (this.lexOperator(NUM_OPS)) {
        op = this.lastToken as BinaryOperator;
        value = this.parseNumValueOrTransformer();
      } else if (this.lexOperator(STR_OPS)) {
        op = this.lastToken.trim() as BinaryOperator;
        const hadBlank = /^[a-z]/.test(op) || this.lexBlank();
        const saved = this.pos();
        const savedToken = this.lastToken;
        if (hadBlank && this.lexOperator(STR_MODIFIERS) && this.listValueFollows() && !this.boolKeywordFollows()) {
          modifier = this.lastToken.trim() as OperatorModifier;
          value = this.parseListValue();
        } else {
          this.setPos(saved);
          this.lastToken = savedToken;
          value = this.parseStrValueOrTransformer();
        }
      } else if (this.lexOperator(LIST_OPS)) {
        op = this.lastToken as BinaryOperator;
        value = this.parseListValueOrTransformer();
      } else {
        throw this.error(`expected a valid check operator: one of ${quoteList(SUPPORTED_OPERATORS)}`);
      }
      return { kind: 'binary', operand, op, modifier, value, pos };
    });
  }

  private listValueFollows(): boolean {
    if (this.input[this.offset] === '(') return true;
    return RE_IDENTIFIER.test(this.rest());
  }

  private boolKeywordFollows(): boolean {
    const rest = this.rest();
    return ['and', 'or', 'not'].some((keyword) => rest.startsWith(keyword) && !/^[a-zA-Z0-9]/.test(rest.slice(keyword.length)));
  }

  private tryParseTransformerOrVal(): TransformerRef | undefined {
    this.lexBlank();
    const pos = this.pos();
    if (this.lexString('val(')) {
      this.lexBlank();
      const fieldPos = this.pos();
      if (!this.lexRegex(RE_FIELD_NAME)) throw this.error("expected a field within 'val' transformer");
      const field = this.parseFieldRemainder(this.lastToken, fieldPos);
      this.lexBlank();
      if (!this.lexString(')')) throw this.error("expected a ')' token closing the transformer");
      return { kind: 'transformer', name: 'val', args: [field], arg: this.parseOptionalFieldArg(), pos };
    }
    if (this.lexTransformer()) {
      this.lexBlank();
      return this.parseTransformerRemainder(this.lastToken.slice(0, -1), pos);
    }
    return undefined;
  }

  private parseNumValueOrTransformer(): CheckValue {
    return this.enter((): CheckValue => {
      this.lexBlank();
      const pos = this.pos();
      const transformer = this.tryParseTransformerOrVal();
      if (transformer !== undefined) return transformer;
      if (this.lexRegex(RE_HEX) || this.lexRegex(RE_NUMBER)) return { kind: 'value', value: this.lastToken, quoted: false, pos };
      throw this.error('expected a number value or a field with a valid transformer');
    });
  }

  private parseStrValue(): ScalarValue | undefined {
    this.lexBlank();
    const pos = this.pos();
    if (this.lexQuoted()) return { kind: 'value', value: this.lastToken, quoted: true, pos };
    if (this.lexRegex(RE_BARE_STR)) return { kind: 'value', value: this.lastToken, quoted: false, pos };
    return undefined;
  }

  private parseStrValueOrTransformer(): CheckValue {
    return this.enter((): CheckValue => {
      this.lexBlank();
      const transformer = this.tryParseTransformerOrVal();
      if (transformer !== undefined) return transformer;
      const value = this.parseStrValue();
      if (value !== undefined) return value;
      throw this.error('expected a string value or a field with a valid transformer');
    });
  }

  private tryParseList(): ListValue | undefined {
    const pos = this.pos();
    if (!this.lexString('(')) return undefined;
    const values: ScalarValue[] = [];
    this.lexBlank();
    const first = this.parseStrValue();
    if (first !== undefined) {
      values.push(first);
      this.lexBlank();
      while (this.lexString(',')) {
        const next = this.parseStrValue();
        if (next === undefined) throw this.error('expected a string value');
        values.push(next);
        this.lexBlank();
      }
    }
    if (!this.lexString(')')) throw this.error(first === undefined ? "expected a string value or a ')' token" : "expected a ',' or a ')' token");
    return { kind: 'list', values, pos };
  }

  private parseListValue(): CheckValue {
    return this.enter((): CheckValue => {
      this.lexBlank();
      const pos = this.pos();
      const list = this.tryParseList();
      if (list !== undefined) return list;
      if (this.lexRegex(RE_IDENTIFIER)) return { kind: 'list-ref', name: this.lastToken, pos };
      throw this.error('expected a list or an identifier');
    });
  }

  private parseListValueOrTransformer(): CheckValue {
    return this.enter((): CheckValue => {
      this.lexBlank();
      const pos = this.pos();
      const list = this.tryParseList();
      if (list !== undefined) return list;
      const transformer = this.tryParseTransformerOrVal();
      if (transformer !== undefined) return transformer;
      if (this.lexRegex(RE_IDENTIFIER)) return { kind: 'list-ref', name: this.lastToken, pos };
      throw this.error('expected a list, an identifier, or a field with a valid transformer');
    });
  }
}

/** Parses a Falco condition. Throws FilterSyntaxError with the position and what was expected. */
export function parseFilter(input: string): Expr {
  return new Parser(input).parse();
}
