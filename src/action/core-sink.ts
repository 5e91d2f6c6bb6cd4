// Adapts @actions/core to the small interfaces the live module uses.
import * as core from '@actions/core';
import type { ActionSink } from './publish.ts';
import type { Logger } from '../live/start.ts';

export const coreLogger: Logger = {
  info: (message) => core.info(message),
  debug: (message) => core.debug(message),
  warning: (message) => core.warning(message),
};

export const coreSink: ActionSink = {
  info: (message) => core.info(message),
  warning: (message, properties) => core.warning(message, properties),
  error: (message, properties) => core.error(message, properties),
  notice: (message, properties) => core.notice(message, properties),
  setOutput: (name, value) => core.setOutput(name, value),
  setFailed: (message) => core.setFailed(message),
  appendSummary: async (markdown) => {
    await core.summary.addRaw(markdown, true).write();
  },
};
