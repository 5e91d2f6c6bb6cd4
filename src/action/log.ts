// The step log as the orchestrators see it: @actions/core in production (core-sink.ts), a recording
// object in tests.
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
}
