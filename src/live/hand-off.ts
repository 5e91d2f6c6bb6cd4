// Where start leaves its state for later steps: names only, so that a step can look before it loads
// the state's schema.

/** Exported by start so later steps (stop) find the state file. */
export const STATE_FILE_VARIABLE = 'FALCO_ACTIONS_STATE_FILE';
/** Name of start's saveState entry read by its post step. */
export const POST_STATE_KEY = 'state-file';
