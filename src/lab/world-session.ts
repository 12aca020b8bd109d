// The terminal of the pod world: a stack of shells, one per place the learner has entered. The
// bottom one is where the lesson starts; `nsenter -t PID -n` and `kubectl exec -it POD -- sh`
// push a shell (opened when the line that asked for it ends), `exit` pops it and the learner is
// back where they were, with that shell's variables and directory. Each shell has the registry
// and prompt of its place; sh shells speak their own dialect for a command that is not there.

import { Shell, type Control, type Job, type JobStep, type Lang, type LineResult, type OutputEvent } from '../shell';
import { exitProcess } from '../world';
import type { Location, World } from '../world/types';
import type { EnteredBy, ExecResult, LabControl } from './lab-control';
import { hostnameAt, identityAt, promptFor, type ShellDialect } from './location-info';
import { endShell, spawnJob, spawnShell } from './session-processes';
import type { Registries } from './world-registry';
import { completeLine, type WorldCompletion } from './world-complete';
import { containerEnv, execAt, hasProgram, type ExecDeps } from './world-exec';
import type { LocationFs } from './world-fs';
import type { WorldHandle } from './world-handle';

interface Frame {
	readonly shell: Shell;
	readonly location: Location;
	readonly dialect: ShellDialect;
	readonly by: EnteredBy | 'start';
	/** Host PID of the shell's process. */
	readonly pid: number;
	/** Lines read so far: dash numbers its messages with it. */
	lines: number;
}

/** Where a session starts: the bottom shell, and optionally one entered from it. */
export interface StartPlan {
	readonly node: Location;
	readonly enter?: { readonly location: Location; readonly dialect: ShellDialect; readonly by: EnteredBy; readonly argv: readonly string[] };
}

export interface SessionOptions {
	readonly handle: WorldHandle;
	readonly initial: World;
	readonly plan: (world: World) => StartPlan;
	readonly fs: LocationFs;
	readonly registries: Registries;
	readonly lang: Lang;
	readonly tty: boolean;
	readonly columns: number;
	/** Called when the lab goes back to the scenario's start (the capture feeds start afresh). */
	readonly onReset?: () => void;
}

/** bash's words for a missing command, in the dialect of the shell that printed them. */
function dialectOutput(events: readonly OutputEvent[], frame: Frame, exiting: boolean): OutputEvent[] {
	if (frame.dialect === 'bash') return [...events];
	const out = events.map((e) => {
		if (e.fd !== 2) return e;
		const text = e.text.replace(/^bash: (.+): command not found$/gm, (_, name: string) => (frame.dialect === 'dash' ? `sh: ${frame.lines}: ${name}: not found` : `sh: ${name}: not found`));
		return text === e.text ? e : { fd: e.fd, text };
	});
	// dash and ash leave without a word; only bash says `exit`.
	const last = out.at(-1);
	if (exiting && last?.fd === 2 && last.text === 'exit\n') out.pop();
	return out;
}

export class WorldShell implements LabControl {
	private frames: Frame[] = [];
	private pendingEnter: { location: Location; dialect: ShellDialect; by: EnteredBy; argv: readonly string[] } | undefined;
	private pendingReset = false;
	private readonly deps: ExecDeps;

	constructor(private readonly o: SessionOptions) {
		this.deps = { handle: o.handle, fs: o.fs, registries: o.registries, shellOptions: () => ({ lang: this.lang, columns: o.columns }) };
		this.lang = o.lang;
		this.begin();
	}

	lang: Lang = 'en';

	get handle(): WorldHandle {
		return this.o.handle;
	}

	/** Where the learner is now. */
	get location(): Location {
		return this.top.location;
	}

	/** How many shells deep the learner is (1 at the start). */
	get depth(): number {
		return this.frames.length;
	}

	private get top(): Frame {
		const f = this.frames.at(-1);
		if (f === undefined) throw new Error('broken invariant: a session without a shell');
		return f;
	}

	/** The prompt of the shell the learner is in, as it prints it. */
	prompt(): string {
		const f = this.top;
		const world = this.o.handle.world;
		return promptFor(f.dialect, identityAt(world, f.location), hostnameAt(world, f.location), f.shell.cwd);
	}

	history(): readonly string[] {
		return this.top.shell.history();
	}

	/** Tab: candidates for the word that ends at `cursor` (a UTF-16 offset into `line`). */
	complete(line: string, cursor: number): WorldCompletion {
		const f = this.top;
		this.o.handle.location = f.location;
		return completeLine(line, cursor, f.shell.registry, this.o.fs, f.shell.cwd, this.o.handle.world);
	}

	/** The Reset button: the scenario's world, and the place the lesson started. Jobs end unseen. */
	reset(): void {
		for (const f of this.frames) f.shell.hangUp();
		this.o.onReset?.();
		this.o.fs.clear();
		this.begin();
	}

	/**
	 * The terminal goes away (the CLI's input has ended): every background job, in every shell,
	 * gets SIGHUP; returns what they wrote last (tcpdump's statistics).
	 */
	hangUp(): OutputEvent[] {
		const out: OutputEvent[] = [];
		for (const f of [...this.frames].reverse()) out.push(...f.shell.hangUp());
		return out;
	}

	run(line: string): LineResult {
		const job = this.start(line);
		const output: OutputEvent[] = [];
		let step = job.advance(Number.POSITIVE_INFINITY);
		output.push(...step.output);
		// A line that waits for what no later line can bring (a capture) ends as Ctrl-C would end it.
		for (let i = 0; !step.done && step.idle !== true && i < 100_000; i++) {
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

	start(line: string): Job {
		const frame = this.top;
		this.o.handle.location = frame.location;
		frame.shell.lang = this.lang;
		if (line.trim() !== '') frame.lines++;
		const job = frame.shell.start(line);
		// The shells below the one in use keep their jobs running: they get the same time.
		const below = (ms: number): OutputEvent[] => this.frames.filter((f) => f !== frame).flatMap((f) => f.shell.pollJobs(ms));
		const finish = (step: JobStep, ms: number): JobStep => {
			const others = below(ms);
			if (!step.done) return { ...step, output: [...dialectOutput(step.output, frame, false), ...others], ...(others.length > 0 ? { idle: false } : {}) };
			const exiting = step.control === 'exit';
			const output = [...dialectOutput(step.output, frame, exiting), ...others];
			const control = this.afterLine(step, output);
			return { output, done: true, ...(step.exitCode !== undefined ? { exitCode: step.exitCode } : {}), ...(control !== undefined ? { control } : {}) };
		};
		return {
			get done() {
				return job.done;
			},
			advance: (ms) => finish(job.advance(ms), ms),
			interrupt: () => finish(job.interrupt(), 0),
		};
	}

	// -- LabControl -------------------------------------------------------------------------------

	exec(at: Location, argv: readonly string[], ctx: Parameters<LabControl['exec']>[2], opts: { readonly env: 'inherit' | 'container' }): ExecResult {
		return execAt(this.deps, at, argv, ctx, opts.env);
	}

	enterShell(at: Location, dialect: ShellDialect, by: EnteredBy, argv: readonly string[]): void {
		this.pendingEnter = { location: at, dialect, by, argv };
	}

	hasProgram(at: Location, name: string): boolean {
		return hasProgram(this.deps, at, name);
	}

	requestReset(): void {
		this.pendingReset = true;
	}

	// -- frames -----------------------------------------------------------------------------------

	/** What happens once a line has ended: a reset, leaving a shell, entering one. */
	private afterLine(step: JobStep, output: OutputEvent[]): Control | undefined {
		const enter = this.pendingEnter;
		this.pendingEnter = undefined;
		if (this.pendingReset) {
			this.pendingReset = false;
			this.reset();
			return step.control === 'clear' ? 'clear' : undefined;
		}
		if (step.control === 'exit') {
			if (this.frames.length === 1) return 'exit';
			const gone = this.frames.pop() as Frame;
			// bash sends SIGHUP to its jobs when it exits; their last words still reach the terminal.
			output.push(...gone.shell.hangUp());
			this.o.handle.world = endShell(this.o.handle.world, gone.pid);
			this.o.handle.location = this.top.location;
			const code = step.exitCode ?? 0;
			if (gone.by === 'kubectl' && code !== 0) output.push({ fd: 2, text: `command terminated with exit code ${code}\n` });
			return undefined;
		}
		if (enter !== undefined) this.push(enter.location, enter.dialect, enter.by, enter.argv);
		return step.control;
	}

	private push(location: Location, dialect: ShellDialect, by: EnteredBy | 'start', argv: readonly string[]): void {
		const h = this.o.handle;
		const parent = this.frames.at(-1);
		const spawned = spawnShell(h.world, location, argv, by === 'kubectl' || parent === undefined ? 0 : parent.pid, h.now());
		h.world = spawned.world;
		const env = location.kind === 'exec' ? containerEnv(h.world, location, true) : { HOME: identityAt(h.world, location).home, SHELL: '/bin/bash', TERM: 'xterm', USER: 'root', HOSTNAME: location.hostname };
		const registry = this.o.registries.at(h.world, location);
		// A job is a process of the world while it runs (ps shows it), a child of this shell.
		const hostPids = new Map<number, number>();
		const jobProcesses = {
			start: (text: string): number => {
				const job = spawnJob(h.world, location, text, spawned.pid, h.now());
				h.world = job.world;
				hostPids.set(job.seenPid, job.pid);
				return job.seenPid;
			},
			end: (seen: number): void => {
				const pid = hostPids.get(seen);
				hostPids.delete(seen);
				if (pid !== undefined) h.world = exitProcess(h.world, pid);
			},
		};
		const shell = new Shell({ registry, fs: this.o.fs, lang: this.lang, cwd: location.cwd, env, tty: this.o.tty, columns: this.o.columns, pid: spawned.pid, jobProcesses });
		this.frames.push({ shell, location, dialect, by, pid: spawned.pid, lines: 0 });
		h.location = location;
	}

	private begin(): void {
		const h = this.o.handle;
		h.world = this.o.initial;
		this.frames = [];
		this.pendingEnter = undefined;
		this.pendingReset = false;
		const plan = this.o.plan(h.world);
		h.location = plan.node;
		this.push(plan.node, 'bash', 'start', ['bash']);
		if (plan.enter !== undefined) this.push(plan.enter.location, plan.enter.dialect, plan.enter.by, plan.enter.argv);
	}
}
