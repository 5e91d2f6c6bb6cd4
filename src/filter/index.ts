// Falco's condition language: parser, evaluator over ScapEvents, and rule-output formatting.
export type * from './ast.ts';
export { walkExpr, walkThroughMacros, fieldsOfOperand } from './ast.ts';
export { parseFilter, FilterSyntaxError, SUPPORTED_OPERATORS, unescapeQuoted } from './parser.ts';
export { compileFilter, FilterCompileError, FilterProgram, MAX_MACRO_DEPTH, type CompileOptions, type CompileStats, type FilterPredicate } from './evaluate.ts';
export { compileFalcoRegex, RegexSyntaxError } from './regex.ts';
export { FALCO_FIELD_NAMES } from './falco-fields.ts';
export { SUPPORTED_FIELDS, EMPTY_CONTEXT, isInternalEvent, resolveField, UnknownFieldError, type EvalContext, type FieldType, type FieldValue } from './fields.ts';
export { compileOutput, outputFields, formatValue, OutputFormatError, type OutputFormatter } from './output.ts';
export { globToRegExp, compilePathPrefixes } from './glob.ts';
export { printFilter, quoteValue } from './print.ts';
export { expandCondition, type ExpandOptions } from './expand.ts';
export { eventTypesOf } from './event-types.ts';
