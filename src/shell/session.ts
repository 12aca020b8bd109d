// One interactive shell: variables, working directory and history that last from line to line.
// `run(line)` runs a line to its end at once (tests, the CLI); `start(line)` returns a Job the
// terminal drives with the wall-clock time between frames and with Ctrl-C.

import type { Grant, Run } from './expand';
import type { VirtualFs } from './fs';
import { cloneState, type LineEnv, runAndOr, runList, type ShellState } from './interpreter';
import { type OutputEvent, Screen, type Sink, StepBudget, TERMINAL_INPUT } from './io';
import { generatorProcess, JobTable, RenewableBudget } from './jobs';
import type { Fds } from './redirect';
import { DEFAULT_LIMITS } from './limits';
import { t, unsupportedMessage } from './messages';
import { parse } from './parse';
import type { Registry } from './registry';
import type { AndOr, CommandResult, Lang, Limits } from './types';

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
	/**
	 * The processes of background jobs: `start` gives the PID bash prints (`[1] 4711`), `end` is
	 * told when the job is over. Default: PIDs after $$, nothing kept.
	 */
	readonly jobProcesses?: { start(text: string): number; end(pid: number): void };
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
	/**
	 * Not done, and no time will change that: the command waits for what only another line could
	 * bring (tcpdump with no packets coming). A script's driver ends it as Ctrl-C would.
	 */
	readonly idle?: boolean;
	/**
	 * Not done: the job waits for something that settles by itself (a command group's code, a
	 * config dump on its way). The terminal advances it as soon as that settles rather than at its
	 * next tick, so the wait costs no more than the fetch.
	 */
	readonly wake?: PromiseLike<unknown>;
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
	private readonly jobs: JobTable;
	private readonly jobProcesses: { start(text: string): number; end(pid: number): void };

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
		let nextPid = this.pid;
		this.jobProcesses = opts.jobProcesses ?? { start: () => ++nextPid, end: () => undefined };
		this.jobs = new JobTable(() => this.lang, (pid) => this.jobProcesses.end(pid));
	}

	/** Background jobs still in the table (running, or ended and not yet reported). */
	get jobCount(): number {
		return this.jobs.size;
	}

	/** Gives the background jobs `ms` of time; returns what they wrote. */
	pollJobs(ms: number): OutputEvent[] {
		return this.jobs.poll(ms).output;
	}

	/** The terminal goes away (reset, exit, end of a script): each job gets SIGHUP. Returns what they wrote. */
	hangUp(): OutputEvent[] {
		return this.jobs.hangUp();
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
		for (let i = 0; !step.done && step.idle !== true && i <= this.limits.maxSteps; i++) {
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
			return finished([{ fd: 2, text: `${message}\n` }, ...this.jobs.poll(0).output, ...this.jobs.notices()], 2);
		}
		let line: LineEnv = {
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
			blocked: false,
			jobs: this.jobs,
		};
		const out = screen.sink(1);
		const fds = { in: TERMINAL_INPUT, out: this.tty ? out : { write: out.write }, err: screen.sink(2) };
		line = { ...line, spawn: (item, state, at) => this.spawn(item, state, at, fds, line) };
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
			// The jobs get the same time; what they wrote follows the line's own output, and bash
			// reports the jobs that ended once the line is over, before the next prompt.
			const polled = this.jobs.poll(grant !== undefined && 'ms' in grant ? grant.ms : 0);
			const out = [...screen.drain(), ...polled.output, ...(done ? this.jobs.notices() : [])];
			const idle = !done && line.blocked && !polled.ended && polled.output.length === 0;
			return { output: out, done, ...(exitCode === undefined ? {} : { exitCode }), ...(control === undefined ? {} : { control }), ...(idle ? { idle } : {}) };
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

	/** `cmd &`: the and-or list as a job in a subshell; bash prints its number and PID at once. */
	private spawn(item: AndOr, state: ShellState, fds: Fds, terminal: Fds, line: LineEnv): void {
		const text = item.background?.text ?? '';
		const screen = new Screen(this.limits.maxOutput);
		const budget = new RenewableBudget(this.limits.maxSteps);
		const jobLine: LineEnv = { ...line, budget, screen, clear: false, interrupted: false, substDepth: 0, blocked: false };
		const own = screen.sink(1);
		// The job writes where the line writes, except that the terminal outlives the line.
		const to = (sink: Sink, term: Sink, mine: Sink): Sink => (sink === term ? mine : sink);
		const jobFds: Fds = { in: TERMINAL_INPUT, out: to(fds.out, terminal.out, this.tty ? own : { write: own.write }), err: to(fds.err, terminal.err, screen.sink(2)) };
		const { background: _, ...foreground } = item;
		const gen = runAndOr(foreground, cloneState(state), jobFds, { ...jobLine, spawn: (i, s, f) => this.spawn(i, s, f, jobFds, jobLine) });
		const proc = generatorProcess(gen, screen, budget);
		const pid = this.jobProcesses.start(text);
		const id = this.jobs.add(proc, text, pid);
		fds.err.write(`[${id}] ${pid}\n`);
		// It starts now, so that a capture listens before the next command of the line makes traffic.
		this.jobs.poll(0);
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
