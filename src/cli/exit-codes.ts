// The command line's exit codes, one meaning each (README "Exit codes").
export const EXIT_OK = 0;
/** The input is unusable (not a capture, a pcapng network capture, bad rules or filters) or the command failed. */
export const EXIT_FAILURE = 1;
/** The command line is wrong (unknown command or option, missing argument). */
export const EXIT_USAGE = 2;
/** The command completed, but the capture is damaged: the report holds everything outside the damage. */
export const EXIT_DAMAGED = 3;
