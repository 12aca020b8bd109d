// A LabSession over one of our Shells: what the terminal drives today (the rules lab) and the
// shape `createLab({ scenario, at, lang })` will have. `create` builds the lab as it starts, and
// is called again by reset(); the prompt is bash's, from the shell's USER, HOSTNAME and HOME.

import type { Job, LineResult, Shell } from '../shell';
import { bashPrompt } from './prompt';
import { completeShellLine } from './shell-complete';
import type { Completion, LabSession } from './types';

export interface ShellLab {
	readonly shell: Shell;
}

export interface ShellSessionOptions {
	readonly create: () => ShellLab;
	/** Replaces the default prompt, e.g. for a lab that knows its location (node, pod, container). */
	readonly prompt?: (shell: Shell) => string;
	readonly colour?: boolean;
}

export function defaultPrompt(shell: Shell, colour = false): string {
	const user = shell.getVar('USER') ?? 'root';
	return bashPrompt({
		user,
		host: shell.getVar('HOSTNAME') ?? 'localhost',
		cwd: shell.cwd,
		home: shell.getVar('HOME'),
		uid: user === 'root' ? 0 : 1000,
		colour,
	});
}

export class ShellSession implements LabSession {
	private lab: ShellLab;

	constructor(private readonly opts: ShellSessionOptions) {
		this.lab = opts.create();
	}

	get shell(): Shell {
		return this.lab.shell;
	}

	run(line: string): LineResult {
		return this.lab.shell.run(line);
	}

	start(line: string): Job {
		return this.lab.shell.start(line);
	}

	complete(line: string, cursor: number): Completion {
		return completeShellLine(this.lab.shell, line, cursor);
	}

	prompt(): string {
		return this.opts.prompt?.(this.lab.shell) ?? defaultPrompt(this.lab.shell, this.opts.colour);
	}

	reset(): void {
		this.lab = this.opts.create();
	}
}
