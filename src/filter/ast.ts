// The syntax tree of a Falco/libsinsp filter condition, as our parser produces it.
// Shapes follow libsinsp's own AST (and/or are n-ary, `not` wraps one child, checks name a field or a
// field transformer on the left and a value, a list or a list/macro identifier on the right).

/** A position in the condition text: 0-based character offset, 1-based line and column. */
export interface Position {
  offset: number;
  line: number;
  col: number;
}

export interface FieldRef {
  kind: 'field';
  /** e.g. 'proc.aname', 'evt.arg.flags'. */
  name: string;
  /** The text inside `[...]`, e.g. '2' for proc.aname[2]; undefined when absent. */
  arg: string | undefined;
  pos: Position;
}

export interface TransformerRef {
  kind: 'transformer';
  /** 'tolower' | 'toupper' | 'b64' | 'basename' | 'len' | 'join' | 'concat' | 'getopt' | 'val'. */
  name: string;
  args: TransformerArg[];
  arg: string | undefined;
  pos: Position;
}

export type TransformerArg = FieldRef | TransformerRef | ScalarValue | { kind: 'transformer-list'; items: TransformerArg[]; pos: Position };

export type Operand = FieldRef | TransformerRef;

/** A single value: a quoted string (already unescaped), a bare string, or a number as written. */
export interface ScalarValue {
  kind: 'value';
  value: string;
  /** True when the value was written quoted. */
  quoted: boolean;
  pos: Position;
}

/** A literal list `(a, b, "c d")`. */
export interface ListValue {
  kind: 'list';
  values: ScalarValue[];
  pos: Position;
}

/** A bare identifier on the right of a list operator: the name of a Falco list. */
export interface ListReference {
  kind: 'list-ref';
  name: string;
  pos: Position;
}

export type CheckValue = ScalarValue | ListValue | ListReference | TransformerRef;

export type UnaryOperator = 'exists';
export type NumericOperator = '<' | '<=' | '>' | '>=';
export type StringOperator =
  | '=' | '==' | '!=' | 'contains' | 'icontains' | 'bcontains' | 'startswith' | 'bstartswith' | 'endswith'
  | 'glob' | 'iglob' | 'regex';
export type ListOperator = 'in' | 'intersects' | 'pmatch';
export type BinaryOperator = NumericOperator | StringOperator | ListOperator;
export type OperatorModifier = 'oneof' | 'anyof' | 'allof';

export type Expr =
  | { kind: 'and'; children: Expr[]; pos: Position }
  | { kind: 'or'; children: Expr[]; pos: Position }
  | { kind: 'not'; child: Expr; pos: Position }
  /** A bare identifier standing for a condition: a macro reference. */
  | { kind: 'macro-ref'; name: string; pos: Position }
  | { kind: 'unary'; operand: Operand; op: UnaryOperator; pos: Position }
  | { kind: 'binary'; operand: Operand; op: BinaryOperator; modifier: OperatorModifier | undefined; value: CheckValue; pos: Position };

/** Visits every node of the tree, depth first. */
export function walkExpr(expr: Expr, visit: (node: Expr) => void): void {
  visit(expr);
  switch (expr.kind) {
    case 'and':
    case 'or':
      for (const child of expr.children) walkExpr(child, visit);
      break;
    case 'not':
      walkExpr(expr.child, visit);
      break;
    default:
      break;
  }
}

/** Every field a check names (including fields inside transformers and val()). */
export function fieldsOfOperand(operand: Operand | TransformerArg): FieldRef[] {
  switch (operand.kind) {
    case 'field':
      return [operand];
    case 'transformer':
      return operand.args.flatMap(fieldsOfOperand);
    case 'transformer-list':
      return operand.items.flatMap(fieldsOfOperand);
    default:
      return [];
  }
}

/**
 * Visits every node of the conditions and of every macro they reach, each macro once however many
 * conditions or macros use it (a walk over the macro DAG; iterative over macros, so a long chain of
 * macros cannot exhaust the stack). Stops as soon as `visit` returns true, and then returns true.
 */
export function walkThroughMacros(roots: readonly Expr[], macros: ReadonlyMap<string, Expr>, visit: (node: Expr) => boolean | void): boolean {
  const pending = [...roots];
  const reached = new Set<string>();
  let stopped = false;
  while (pending.length > 0 && !stopped) {
    walkExpr(pending.pop() as Expr, (node) => {
      if (stopped) return;
      if (visit(node) === true) {
        stopped = true;
        return;
      }
      if (node.kind === 'macro-ref' && !reached.has(node.name)) {
        reached.add(node.name);
        const macro = macros.get(node.name);
        if (macro !== undefined) pending.push(macro);
      }
    });
  }
  return stopped;
}
