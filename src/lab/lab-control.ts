// What the commands that move the learner (nsenter, kubectl exec) and `reset` ask of the lab
// around them. A world command is `(handle: WorldHandle) => CommandSpec`; these few also get a
// LabControl, because they start programs somewhere else or a new interactive shell.

import type { CommandContext, Outcome } from '../shell';
import type { Location } from '../world/types';
import type { ShellDialect } from './location-info';

/** How a shell was entered: `kubectl` reports a non-zero exit as `command terminated with exit code N`. */
export type EnteredBy = 'nsenter' | 'kubectl';

export type ExecResult =
	| { readonly kind: 'ran'; readonly outcome: Outcome }
	/** No such program at that place: the caller words the error as its tool does. */
	| { readonly kind: 'missing' }
	/** A shell with nothing to read but the terminal: the caller opens it interactively. */
	| { readonly kind: 'interactive'; readonly dialect: ShellDialect };

export interface LabControl {
	/**
	 * Runs `argv` at `at` as nsenter or the container runtime execs it: programs only (no shell
	 * builtins), the place's programs, user, files and namespace. `sh -c '…'` and `bash -c '…'`
	 * run their script there; a shell with piped input runs that input as its script.
	 */
	exec(at: Location, argv: readonly string[], ctx: CommandContext, opts: { readonly env: 'inherit' | 'container' }): ExecResult;
	/** Opens an interactive shell at `at` when the current line has ended; `exit` comes back here. */
	enterShell(at: Location, dialect: ShellDialect, by: EnteredBy, argv: readonly string[]): void;
	/** Whether `name` (a bare name or a path) is a program at `at`. */
	hasProgram(at: Location, name: string): boolean;
	/** Restores the scenario's world and the starting place once the current line has ended. */
	requestReset(): void;
}
