// This release of falco-actions, as the actions report it (the JSON report, the capture metadata). The
// actions run from dist/ without package.json beside them, so the version is a constant here; a unit
// test keeps it equal to package.json's.
export const FALCO_ACTIONS_VERSION = '0.1.0';
