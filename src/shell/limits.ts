// Default bounds of one line. They are far above anything a lesson needs and low enough that a
// runaway line (yes, nested $(...), a giant paste) ends in milliseconds in the browser.

import type { Limits } from './types';

export const DEFAULT_LIMITS: Limits = {
	/** Bash has no limit; a pasted megabyte of text is still not a command anyone meant. */
	maxLineLength: 64 * 1024,
	maxPipeline: 64,
	/** Depth of ( ), { } and $( ) while parsing. */
	maxNesting: 32,
	/** Depth of command substitutions while running (each one runs a nested line). */
	maxSubstitutionDepth: 16,
	/** Commands, expansions and chunks of work per line. */
	maxSteps: 100_000,
	/** Bytes shown in the terminal per line; the rest is cut with a note. */
	maxOutput: 1024 * 1024,
	/** Bytes one command may read from a pipe. */
	maxInput: 4 * 1024 * 1024,
	/** Bytes in one file of the virtual filesystem. */
	maxFileSize: 4 * 1024 * 1024,
	/** Words after expansion in one command (globs, $(seq ...)). */
	maxFields: 100_000,
};
