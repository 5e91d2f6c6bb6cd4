// The one error a reader throws for input that is not a usable capture. Its message names the file and
// the problem, so that the CLI can print it as one line.
export class ScapFormatError extends Error {
  readonly path: string;
  readonly problem: string;

  constructor(path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'ScapFormatError';
    this.path = path;
    this.problem = problem;
  }
}
