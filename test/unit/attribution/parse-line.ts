// One events-file line as the report reads it, numbered in the order the tests make them.
import { toFalcoAlert, type FalcoAlert } from '../../../src/falco/alert.ts';

let lineNumber = 0;

export function parseLine(line: string): FalcoAlert {
  lineNumber += 1;
  const result = toFalcoAlert(JSON.parse(line), lineNumber);
  if (!result.ok) throw new Error(result.reason);
  return result.alert;
}
