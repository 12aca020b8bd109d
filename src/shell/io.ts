// Where bytes go and come from while a line runs: sinks for file descriptors 1 and 2, inputs for
// descriptor 0, and the step budget. Everything is bounded so that no line can grow without end.

import type { VirtualFs } from './fs';
import type { Budget, Input, Process, ProcessStep } from './types';

export class StepBudget implements Budget {
	private used = 0;
	constructor(private readonly max: number) {}
	spend(n = 1): boolean {
		this.used += n;
		return this.used <= this.max;
	}
	get exhausted(): boolean {
		return this.used > this.max;
	}
}

export interface Sink {
	write(text: string): void;
	/** Set on the terminal's own stdout, so commands know when they write to a screen. */
	readonly terminal?: boolean;
}

/** One chunk of what the terminal shows, in the order it was written. */
export interface OutputEvent {
	readonly fd: 1 | 2;
	readonly text: string;
}

/** The terminal's side of a line: every write is kept in order, up to `max` bytes in all. */
export class Screen {
	readonly events: OutputEvent[] = [];
	private size = 0;
	truncated = false;
	constructor(private readonly max: number) {}
	sink(fd: 1 | 2): Sink {
		return fd === 1 ? { write: (text) => this.push(fd, text), terminal: true } : { write: (text) => this.push(fd, text) };
	}
	private push(fd: 1 | 2, text: string): void {
		if (text === '' || this.truncated) return;
		const room = this.max - this.size;
		const kept = text.length > room ? text.slice(0, room) : text;
		if (kept !== '') this.events.push({ fd, text: kept });
		this.size += kept.length;
		if (kept.length < text.length) this.truncated = true;
	}
	/** Our own notes (limits reached) get past the bound: they say why the output stopped. */
	notice(text: string): void {
		this.events.push({ fd: 2, text });
	}
	/** Removes and returns what was written since the last call. */
	drain(): OutputEvent[] {
		return this.events.splice(0, this.events.length);
	}
}

/** A pipe or a command substitution: text kept in memory, cut at `max` bytes. */
export class BufferSink implements Sink {
	text = '';
	full = false;
	constructor(private readonly max: number) {}
	write(text: string): void {
		if (this.full) return;
		const room = this.max - this.text.length;
		this.text += text.length > room ? text.slice(0, room) : text;
		if (text.length > room) this.full = true;
	}
}

export const NULL_SINK: Sink = { write: () => undefined };

/** A file opened by a redirection; it was created or truncated when opened, as by open(2). */
export class FileSink implements Sink {
	constructor(
		private readonly fs: VirtualFs,
		private readonly path: string,
	) {}
	write(text: string): void {
		if (text !== '') this.fs.write(this.path, text, true);
	}
}

function lineFrom(buffer: string): [string, string] | undefined {
	const nl = buffer.indexOf('\n');
	return nl < 0 ? undefined : [buffer.slice(0, nl + 1), buffer.slice(nl + 1)];
}

export function stringInput(text: string): Input {
	let rest = text;
	return {
		isTerminal: false,
		readAll() {
			const all = rest;
			rest = '';
			return all;
		},
		readLine() {
			if (rest === '') return undefined;
			const split = lineFrom(rest);
			const line = split?.[0] ?? rest;
			rest = split?.[1] ?? '';
			return line;
		},
	};
}

export const TERMINAL_INPUT: Input = { isTerminal: true, readAll: () => '', readLine: () => undefined };

/**
 * Reads what a running process writes, pulling chunks on demand (so `yes | head -n 3` stops after
 * one chunk). Simulated time passes instantly inside a pipeline.
 */
export class ProcessInput implements Input {
	readonly isTerminal = false;
	private buffer = '';
	private total = 0;
	/** The process's last step once it has ended. */
	ended: ProcessStep | undefined;

	constructor(
		private readonly proc: Process,
		private readonly budget: Budget,
		private readonly max: number,
		private readonly stderr: Sink,
	) {}

	private pull(): boolean {
		if (this.ended !== undefined || this.total >= this.max || !this.budget.spend()) return false;
		const step = this.proc.advance(Number.POSITIVE_INFINITY);
		this.buffer += step.stdout;
		this.total += step.stdout.length;
		this.stderr.write(step.stderr);
		if (step.exitCode !== undefined) this.ended = step;
		return true;
	}

	readAll(): string {
		while (this.pull());
		const all = this.buffer;
		this.buffer = '';
		return all;
	}

	readLine(): string | undefined {
		for (;;) {
			const split = lineFrom(this.buffer);
			if (split !== undefined) {
				this.buffer = split[1];
				return split[0];
			}
			if (!this.pull()) break;
		}
		if (this.buffer === '') return undefined;
		const last = this.buffer;
		this.buffer = '';
		return last;
	}
}
