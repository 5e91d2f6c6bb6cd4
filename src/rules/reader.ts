// The reader of Falco's rule loader (falcosecurity/falco userspace/engine/rule_loader_reader.cpp): a
// rules file's YAML text to its items, each with the positions of the item and of its keys. What it
// cannot read (YAML errors, a document that is not a sequence of mappings) is a problem, not an item.
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode, type Pair } from 'yaml';
import type { Location, ProblemSink } from './problems.ts';

export interface RuleSource {
  file: string;
  text: string;
}

/** One item of a rules file (`- rule:`, `- macro:`, `- list:`, ...), as plain data with its positions. */
export interface RuleFileItem {
  value: Record<string, unknown>;
  location: Location;
  /** Where the item's key (its value, for block scalars the text on the next line) is; the item's start if absent. */
  keyLocation: (key: string) => Location;
}

export function readRuleItems(source: RuleSource, sink: ProblemSink): RuleFileItem[] {
  const items: RuleFileItem[] = [];
    const lineCounter = new LineCounter();
    const document = parseDocument(source.text, { lineCounter, prettyErrors: false, uniqueKeys: true });
    const at = (offset: number | undefined): Location => {
      const position = lineCounter.linePos(offset ?? 0);
      return { file: source.file, line: position.line, col: position.col };
    };
    for (const error of document.errors) {
      sink.add('LOAD_ERR_YAML_PARSE', at(error.pos[0]), `YAML: ${error.message.split('\n')[0]}`);
    }
    if (document.errors.length > 0) return items;
    const contents = document.contents;
    if (contents === null || (isScalar(contents) && (contents.value === null || contents.value === ''))) return items;
    if (!isSeq(contents)) {
      sink.add('LOAD_ERR_YAML_VALIDATE', at(contents.range?.[0]), 'a rules file must be a YAML sequence of items (- rule:, - macro:, - list:)');
      return items;
    }
    for (const node of contents.items) {
      const itemNode = node as YamlNode;
      const location = at(itemNode.range?.[0]);
      if (!isMap(itemNode)) {
        sink.add('LOAD_ERR_YAML_VALIDATE', location, 'each item must be a mapping (rule, macro, list or required_engine_version)');
        continue;
      }
      const keyLocation = (key: string): Location => {
        const pair = itemNode.items.find((candidate: Pair) => isScalar(candidate.key) && candidate.key.value === key);
        const valueNode = pair?.value as YamlNode | undefined;
        let offset = valueNode?.range?.[0] ?? (pair?.key as YamlNode | undefined)?.range?.[0] ?? itemNode.range?.[0];
        // Block scalars (> or |) start with their indicator; point at the text on the next line.
        if (isScalar(valueNode) && (valueNode.type === 'BLOCK_FOLDED' || valueNode.type === 'BLOCK_LITERAL')) {
          const nextLine = source.text.indexOf('\n', offset ?? 0);
          if (nextLine >= 0) {
            offset = nextLine + 1;
            while (source.text[offset] === ' ') offset++;
          }
        }
        return at(offset);
      };
      const value: unknown = itemNode.toJSON();
      items.push({ value: value as Record<string, unknown>, location, keyLocation });
    }
  return items;
}
