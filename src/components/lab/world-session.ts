// A world lab in the page: the scenario's world built from its lab data (lab-data.ts, checked at
// build time), its shell (src/lab/world-session.ts WorldShell, every world command bound to one
// WorldHandle) and the terminal's LabSession around it, which adds what only the page needs: lazy
// config dumps (lazy-files.ts), command groups loaded on first use (src/lab/lazy-commands.ts),
// completion that knows where the shell stands (world-complete.ts) and `where()` for the
// `sidecar-lab:ran` event. A line waits, silently and interruptibly, for the dumps and the
// command groups it may need before it starts.
//
// The lab itself is src/lab/world-lab-core.ts worldLabFrom, createWorldLab's assembly from an
// already loaded Scenario (the raw files' YAML loader and schemas stay out of the page), given the
// core commands and stand-ins for every group.

import type { RequestPath } from '../../mesh/types';
import type { Job, JobStep, LineResult } from '../../shell';
import type { Completion, LabSession, Lang } from '../../terminal';
import type { Scenario } from '../../world';
import type { Location, World } from '../../world/types';
import { CATALOG } from '../../lab/groups/catalog';
import { COMMANDS as CORE_COMMANDS } from '../../lab/groups/core';
import { GROUP_LOADERS } from '../../lab/groups/lazy';
import { type GroupLoaders, LazyCommands } from '../../lab/lazy-commands';
import { completeAt } from '../../lab/world-complete';
import type { WorldHandle } from '../../lab/world-handle';
import { worldLabFrom, type WorldLab } from '../../lab/world-lab-core';
import { replayPrograms, type RecordedPrograms } from '../../world/build/program';
import { buildWorldWith } from '../../world/build/world';
import type { LazyFile } from './lab-data';
import { type Fetcher, LazyFiles } from './lazy-files';

export interface WorldSessionOptions {
	readonly scenario: Scenario;
	/** What the build's programming left in each namespace (the lab's data), replayed here. */
	readonly programs: RecordedPrograms;
	readonly lazy: Readonly<Record<string, LazyFile>>;
	readonly fetcher: Fetcher;
	readonly at: string | undefined;
	readonly lang: Lang;
	readonly seed?: number;
	readonly columns?: number;
	/** How the command groups load (default: the bundle's dynamic imports, src/lab/groups/lazy.ts). */
	readonly loaders?: GroupLoaders;
}

/** The world lab of a loaded scenario, its commands arriving through `lazy`: createWorldLab's otherwise, capture and reset included. */
function worldLabOf(scenario: Scenario, programs: RecordedPrograms, lazy: LazyCommands, opts: { at: string | undefined; lang: Lang; seed?: number; columns?: number }): { ok: true; lab: WorldLab } | { ok: false; error: string } {
	const options = { at: opts.at, lang: opts.lang, tty: true, ...(opts.seed !== undefined ? { seed: opts.seed } : {}), ...(opts.columns !== undefined ? { columns: opts.columns } : {}) };
	const programmer = replayPrograms(programs);
	return worldLabFrom(scenario, options, [...CORE_COMMANDS, ...lazy.commands()], (s, o) => buildWorldWith(s, o, programmer));
}

/** Where the shell stands, as the `sidecar-lab:ran` event says it: `node`, `POD` (its netns) or `POD/CONTAINER`. */
export function whereOf(world: World, at: Location): string {
	const name = (key: string | undefined): string | undefined => world.pods.find((p) => p.key === key)?.name;
	if (at.kind === 'exec') return `${name(at.pod) ?? at.pod}/${at.container}`;
	if (at.kind === 'nsenter') return name(at.pod) ?? 'node';
	return 'node';
}

/** The pod (`namespace/name`) the shell stands in, if any. */
function podAt(at: Location): string | undefined {
	return at.kind === 'node' ? undefined : at.pod;
}

/**
 * Whether a line may read a config dump, and whose: commands that talk to Envoy's admin port
 * (15000, `config_dump`) or istioctl's proxy-config, about the pod the shell stands in and the
 * pods the line names (by name, name prefix or IP). Cheap, and generous: a false "maybe" costs a
 * fetch the learner would likely need soon; a false "no" costs the command its dump until the
 * learner enters the pod (which fetches it).
 */
/** Programs that open connections a sidecar may route. */
const TRAFFIC = /(^|[\s;&|(`$])(curl|wget|nc|ncat|hops|python3?|node|ruby)(\s|$)/;

export function dumpsNeeded(line: string, world: World, at: Location): string[] {
	// A request may cross any sidecar (the client's, the server's, and Bookinfo's fan-out behind
	// it): a line that can make traffic waits for every sidecar's dump (≈16 KB gzip each, cached).
	const admin = /config_dump|proxy-config|istioctl|\b15000\b/.test(line);
	if (!admin && TRAFFIC.test(line)) return world.pods.filter((p) => p.sidecar !== undefined).map((p) => p.key);
	if (!admin) return [];
	const pods = new Set<string>();
	const here = podAt(at);
	if (here !== undefined) pods.add(here);
	const words = line.split(/[\s/:@'"=]+/).filter((w) => w.length >= 3);
	for (const p of world.pods) {
		if (p.sidecar === undefined) continue;
		if (words.some((w) => w === p.ip || w === p.name || (p.name.startsWith(w) && /-/.test(w)))) pods.add(p.key);
	}
	return [...pods];
}

/** A line waiting for lazy files or command groups before it starts: silent, interruptible, advanced by the terminal as soon as they are in. */
class WaitingJob implements Job {
	private settled = false;
	private inner: Job | undefined;
	private cancelled = false;
	/** Settles once the wait is over, after `settled` is set: the terminal advances the job then. */
	private readonly ready: Promise<void>;

	constructor(
		wait: Promise<void>,
		private readonly begin: () => { job: Job; notes: string },
	) {
		// A failed wait still ends the wait: the line then runs and says what is missing.
		const over = (): void => {
			this.settled = true;
		};
		this.ready = wait.then(over, over);
	}

	get done(): boolean {
		return this.cancelled || (this.inner?.done ?? false);
	}

	advance(ms: number): JobStep {
		if (this.inner !== undefined) return this.inner.advance(ms);
		if (!this.settled) return { output: [], done: false, wake: this.ready };
		const { job, notes } = this.begin();
		this.inner = job;
		const step = job.advance(0);
		return notes === '' ? step : { ...step, output: [{ fd: 2, text: notes }, ...step.output] };
	}

	interrupt(): JobStep {
		if (this.inner !== undefined) return this.inner.interrupt();
		this.cancelled = true;
		return { output: [], done: true, exitCode: 130 };
	}
}

const FETCH_FAILED: Readonly<Record<Lang, string>> = {
	en: 'sidecar-lab: could not fetch {files}; the command runs without it.\n',
	zh: 'sidecar-lab：无法获取 {files}，命令将在缺少该文件的情况下运行。\n',
};

export class WorldLabSession implements LabSession {
	readonly lazy: LazyFiles;
	/** The command groups: loaded when a line (or Tab, or the page's run buttons) names one of their commands. */
	readonly commands: LazyCommands;

	private constructor(
		readonly lab: WorldLab,
		lazy: LazyFiles,
		commands: LazyCommands,
		private readonly lang: Lang,
	) {
		this.lazy = lazy;
		this.commands = commands;
		this.prefetchHere();
	}

	static create(opts: WorldSessionOptions): { ok: true; session: WorldLabSession } | { ok: false; error: string } {
		const commands = new LazyCommands(CATALOG, opts.loaders ?? GROUP_LOADERS);
		const made = worldLabOf(opts.scenario, opts.programs, commands, opts);
		if (!made.ok) return made;
		return { ok: true, session: new WorldLabSession(made.lab, new LazyFiles(opts.lazy, opts.fetcher), commands, opts.lang) };
	}

	private get handle(): WorldHandle {
		return this.lab.handle;
	}

	/** Where the shell stands now: `node`, `productpage-v1-…` or `productpage-v1-…/istio-proxy`. */
	where(): string {
		return whereOf(this.handle.world, this.lab.shell.location);
	}

	/** The world's last HTTP request (src/mesh), for the `sidecar-lab:ran` event's `request`. */
	lastRequest(): RequestPath | undefined {
		return this.handle.world.lastRequest;
	}

	/** Runs a line to its end at once, its lazy files and command groups assumed there (tests, benchmarks: see `prepare`). */
	run(line: string): LineResult {
		this.sync();
		const result = this.lab.shell.run(line);
		this.after();
		return result;
	}

	/** Fetches what `line` may need: its command groups and config dumps (resolves when each has arrived or failed). */
	prepare(line: string): Promise<void> {
		return this.waitFor(line, this.dumpsFor(line)) ?? Promise.resolve();
	}

	/** Loads, in the background, the command groups the lines name (a lesson's run buttons). */
	prefetch(lines: readonly string[]): void {
		void this.commands.load([...new Set(lines.flatMap((l) => this.commands.needed(l)))]);
	}

	private dumpsFor(line: string): string[] {
		return dumpsNeeded(line, this.handle.world, this.lab.shell.location);
	}

	/** What `line` waits for before it starts: its command groups and the config dumps of `pods`. */
	private waitFor(line: string, pods: readonly string[]): Promise<void> | undefined {
		const groups = this.commands.needed(line);
		const files = this.lazy.waitFor(pods);
		if (groups.length === 0) return files;
		const code = this.commands.load(groups);
		return files === undefined ? code : Promise.all([files, code]).then(() => undefined);
	}

	start(line: string): Job {
		this.sync();
		const pods = this.dumpsFor(line);
		const wait = this.waitFor(line, pods);
		if (wait === undefined) return this.track(this.lab.shell.start(line));
		return new WaitingJob(wait, () => {
			this.sync();
			const failed = this.lazy.takeFailures(pods);
			const notes = failed.length === 0 ? '' : FETCH_FAILED[this.lang].replace('{files}', failed.join(', '));
			return { job: this.track(this.lab.shell.start(line)), notes };
		});
	}

	complete(line: string, cursor: number): Completion {
		// The command's group, if it has not come yet, comes now: the next Tab offers its flags.
		void this.commands.load(this.commands.needed(line));
		return completeAt(line, cursor, this.handle.world, this.lab.shell.location) ?? this.lab.shell.complete(line, cursor);
	}

	prompt(): string {
		return this.lab.shell.prompt();
	}

	reset(): void {
		this.lab.shell.reset();
		this.after();
	}

	/** Lays the files that arrived since the last line into the world. */
	private sync(): void {
		this.handle.world = this.lazy.apply(this.handle.world);
	}

	/** After a line (or a reset, which brings back the world as built): files back in, and a prefetch where the shell now is. */
	private after(): void {
		this.sync();
		this.prefetchHere();
	}

	private prefetchHere(): void {
		const pod = podAt(this.lab.shell.location);
		if (pod !== undefined) this.lazy.fetch([pod]);
	}

	private track(job: Job): Job {
		return {
			get done() {
				return job.done;
			},
			advance: (ms) => this.settle(job.advance(ms)),
			interrupt: () => this.settle(job.interrupt()),
		};
	}

	private settle(step: JobStep): JobStep {
		if (step.done) this.after();
		return step;
	}
}
