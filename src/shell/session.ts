// One interactive shell: variables, working directory and history that last from line to line.
// `run(line)` runs a line to its end at once (tests, the CLI); `start(line)` returns a Job the
// terminal drives with the wall-clock time between frames and with Ctrl-C.

import type { Grant, Run } from './expand';
import type { VirtualFs } from './fs';
import { type LineEnv, runList, type ShellState } from './interpreter';
import { type OutputEvent, Screen, StepBudget, TERMINAL_INPUT } from './io';
import { DEFAULT_LIMITS } from './limits';
import { t, unsupportedMessage } from './messages';
import { parse } from './parse';
import type { Registry } from './registry';
import type { CommandResult, Lang, Limits } from './types';

export interface ShellOptions {
	readonly registry: Registry;
	readonly fs: VirtualFs;
	readonly lang?: Lang;
	/** Default: $HOME. */
	readonly cwd?: string;
	/** Exported variables at start; HOME, PATH and PWD get defaults when missing. */
	readonly env?: Readonly<Record<string, string>>;
	readonly limits?: Partial<Limits>;
	/** Terminal width, for `ls` columns. */
	readonly columns?: number;
	/** Whether stdout is a terminal (default true); false mimics `bash -c '...' | cat`, as recorded. */
	readonly tty?: boolean;
	/** $$, fixed so that output stays deterministic. */
	readonly pid?: number;
}

/** What the terminal does once the line has ended: nothing, clear the screen, or end the session. */
export type Control = 'clear' | 'exit';

export interface LineResult extends CommandResult {
	/** stdout and stderr chunks in the order they were written. */
	readonly output: readonly OutputEvent[];
	readonly control?: Control;
}

export interface JobStep {
	/** What was written since the previous step. */
	readonly output: readonly OutputEvent[];
	readonly done: boolean;
	/** Set once done. */
	readonly exitCode?: number;
	readonly control?: Control;
}

/** A line in progress. Nothing in it waits for real time: the caller says how much time passed. */
export interface Job {
	readonly done: boolean;
	/** Lets `ms` of simulated time pass (Infinity: run to the end unless a command never ends). */
	advance(ms: number): JobStep;
	/** Ctrl-C: the running command gets SIGINT and the rest of the line is skipped. */
	interrupt(): JobStep;
}

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export class Shell {
	lang: Lang;
	readonly registry: Registry;
	readonly fs: VirtualFs;
	private readonly limits: Limits;
	private readonly columns: number;
	private readonly tty: boolean;
	private readonly pid: number;
	private readonly state: ShellState;
	private readonly lines: string[] = [];

	constructor(opts: ShellOptions) {
		this.registry = opts.registry;
		this.fs = opts.fs;
		this.lang = opts.lang ?? 'en';
		this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
		this.columns = opts.columns ?? 80;
		this.tty = opts.tty ?? true;
		this.pid = opts.pid ?? 4242;
		const env: Record<string, string> = { HOME: '/root', PATH: DEFAULT_PATH, ...opts.env };
		const cwd = opts.cwd ?? env.HOME ?? '/';
		env.PWD = cwd;
		const vars = new Map(Object.entries(env).map(([k, v]) => [k, { value: v, exported: true }]));
		this.state = { vars, cwd, status: 0, exitRequested: undefined, subshell: false };
	}

	get cwd(): string {
		return this.state.cwd;
	}

	get lastStatus(): number {
		return this.state.status;
	}

	getVar(name: string): string | undefined {
		return this.state.vars.get(name)?.value;
	}

	/** Lines entered so far, oldest first (the `history` builtin and the terminal's arrow keys). */
	history(): readonly string[] {
		return this.lines;
	}

	/** Runs a line to its end; long-running commands get all the time they ask for, at once. */
	run(line: string): LineResult {
		const job = this.start(line);
		const output: OutputEvent[] = [];
		let step = job.advance(0);
		output.push(...step.output);
		for (let i = 0; !step.done && i <= this.limits.maxSteps; i++) {
			step = job.advance(Number.POSITIVE_INFINITY);
			output.push(...step.output);
		}
		if (!step.done) {
			step = job.interrupt();
			output.push(...step.output);
		}
		const text = (fd: 1 | 2): string => output.filter((e) => e.fd === fd).map((e) => e.text).join('');
		const result = { stdout: text(1), stderr: text(2), exitCode: step.exitCode ?? 130, output };
		return step.control === undefined ? result : { ...result, control: step.control };
	}

	start(src: string): Job {
		if (src.trim() !== '') this.lines.push(src);
		const screen = new Screen(this.limits.maxOutput);
		const parsed = parse(src, this.limits);
		if (parsed.kind !== 'ok') {
			const message = parsed.kind === 'unsupported' ? unsupportedMessage(this.lang, parsed.feature) : `bash: ${parsed.message}`;
			this.state.status = 2;
			return finished([{ fd: 2, text: `${message}\n` }], 2);
		}
		const line: LineEnv = {
			registry: this.registry,
			fs: this.fs,
			lang: this.lang,
			limits: this.limits,
			budget: new StepBudget(this.limits.maxSteps),
			screen,
			columns: this.columns,
			pid: this.pid,
			history: () => this.lines,
			clearHistory: () => void this.lines.splice(0, this.lines.length),
			clear: false,
			interrupted: false,
			substDepth: 0,
		};
		const out = screen.sink(1);
		const fds = { in: TERMINAL_INPUT, out: this.tty ? out : { write: out.write }, err: screen.sink(2) };
		const gen: Run<number> = runList(parsed.list, this.state, fds, line);
		let done = false;
		let exitCode: number | undefined;
		let control: Control | undefined;
		const step = (grant: Grant | undefined): JobStep => {
			if (done) return { output: [], done, ...(exitCode === undefined ? {} : { exitCode }) };
			const r = grant === undefined ? gen.next() : gen.next(grant);
			if (r.done) {
				done = true;
				exitCode = this.finishLine(r.value, line, screen);
				if (this.state.exitRequested !== undefined) control = 'exit';
				else if (line.clear) control = 'clear';
			}
			const out = screen.drain();
			return { output: out, done, ...(exitCode === undefined ? {} : { exitCode }), ...(control === undefined ? {} : { control }) };
		};
		let started = false;
		return {
			get done() {
				return done;
			},
			advance: (ms) => {
				if (!started) {
					started = true;
					const first = step(undefined);
					if (first.done) return first;
					const next = step({ ms });
					return { ...next, output: [...first.output, ...next.output] };
				}
				return step({ ms });
			},
			interrupt: () => {
				if (!started) {
					started = true;
					step(undefined);
				}
				return step({ interrupt: true });
			},
		};
	}

	private finishLine(status: number, line: LineEnv, screen: Screen): number {
		let code = status;
		if (screen.truncated) screen.notice(`\n${t(this.lang, 'limit.output', { bytes: String(this.limits.maxOutput) })}\n`);
		if (line.budget.exhausted) screen.notice(`${t(this.lang, 'limit.steps')}\n`);
		if (line.interrupted) code = status === 0 ? 130 : status;
		if (this.state.exitRequested !== undefined) {
			code = this.state.exitRequested;
			screen.notice('exit\n');
		}
		this.state.status = code;
		return code;
	}
}

function finished(output: OutputEvent[], exitCode: number): Job {
	let sent = false;
	const step = (): JobStep => {
		const out = sent ? [] : output;
		sent = true;
		return { output: out, done: true, exitCode };
	};
	return { done: true, advance: step, interrupt: step };
}
