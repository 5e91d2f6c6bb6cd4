// The file commands of a step (outputs, exported variables, state for the post step, the job
// summary), through @actions/core. Loaded by the mains only once they have something to write.
import * as core from '@actions/core';
import type { ActionSink } from './publish.ts';
import type { StepLog } from './step.ts';

export interface FileCommands {
  setOutput(name: string, value: string): void;
  exportVariable(name: string, value: string): void;
  saveState(name: string, value: string): void;
  appendSummary(markdown: string): Promise<void>;
}

export const fileCommands: FileCommands = {
  setOutput: (name, value) => core.setOutput(name, value),
  exportVariable: (name, value) => core.exportVariable(name, value),
  saveState: (name, value) => core.saveState(name, value),
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
};

/** What stop publishes to: the step log and these file commands. */
export function actionSink(log: StepLog): ActionSink {
  return {
    info: (message) => log.info(message),
    warning: (message, properties) => log.warning(message, properties),
    error: (message, properties) => log.error(message, properties),
    notice: (message, properties) => log.notice(message, properties),
    setFailed: (message) => log.setFailed(message),
    setOutput: fileCommands.setOutput,
    appendSummary: fileCommands.appendSummary,
  };
}
