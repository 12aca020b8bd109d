// World commands that arrive later: the page's labs load each command group (./groups) the first
// time a line names one of its commands, so the lab's first load is the terminal, the shell and
// the world, not every tool (issue 5's budget). Until its group arrives a command stands in with
// what the catalog (./groups/catalog.ts, made from the real commands and checked by a test) says
// of it: its names, where it lives and its help, so `help`, `type`, `which`, the registries of
// each place and Tab on command names behave as with the real command.
//
// A line waits for its groups before it starts (src/components/lab/world-session.ts); `needed`
// finds them in the line's words, generously (a name anywhere, in quotes or after `--`, counts),
// and takes every group when the line could make a command's name at run time (`$CMD`, `eval`).
// Should a stand-in still run unloaded (a name made by a script file), it says so and the learner
// runs the line again; a group that failed to load (offline) is tried again on the next line.
//
//   const lazy = new LazyCommands(CATALOG, GROUP_LOADERS);
//   worldLabFrom(scenario, opts, [...CORE_COMMANDS, ...lazy.commands()]);
//   await lazy.load(lazy.needed('iptables -t nat -S'));

import type { Lang } from '../shell';
import type { CommandHelp, CommandSpec, Outcome } from '../shell/types';
import type { GroupId } from './groups/ids';
import { specsOf, type Where, type WorldCommand } from './world-registry';

/** What a command is called, where it lives and its help: a CommandSpec without its code. */
export interface SpecInfo {
	readonly name: string;
	readonly aliases?: readonly string[];
	readonly path?: string;
	readonly builtin?: boolean;
	readonly help: CommandHelp;
}

/** One WorldCommand of a group: where it runs and the specs its factory makes. */
export interface CatalogEntry {
	readonly where: Where;
	readonly specs: readonly SpecInfo[];
}

/** Every group's commands, in the order of the group's COMMANDS. */
export type CommandCatalog = Readonly<Record<GroupId, readonly CatalogEntry[]>>;

export type GroupLoaders = Readonly<Record<GroupId, () => Promise<readonly WorldCommand[]>>>;

/** The catalog entry of a spec: its names, path and help. */
export function specInfo(spec: CommandSpec): SpecInfo {
	return {
		name: spec.name,
		...(spec.aliases !== undefined && spec.aliases.length > 0 ? { aliases: [...spec.aliases] } : {}),
		...(spec.path !== undefined ? { path: spec.path } : {}),
		...(spec.builtin === true ? { builtin: true } : {}),
		help: spec.help,
	};
}

const MESSAGES: Readonly<Record<'loading' | 'failed', Readonly<Record<Lang, string>>>> = {
	loading: {
		en: 'sidecar-lab: {name} is still loading; run the line again in a moment.\n',
		zh: 'sidecar-lab：{name} 还在加载，请稍后重新运行这一行。\n',
	},
	failed: {
		en: 'sidecar-lab: {name} could not be loaded (is the network down?); run the line again to retry.\n',
		zh: 'sidecar-lab：无法加载 {name}（网络断开了吗？），重新运行这一行即可重试。\n',
	},
};

/**
 * A line that may make a command's name as it runs: a parameter expansion or command substitution
 * outside single quotes, or `eval`/`source`/`.` as a word.
 */
function makesNames(line: string): boolean {
	const unquoted = line.replace(/'[^']*'/g, "''");
	return /\$[A-Za-z_{(]|`/.test(unquoted) || /(^|[\s;&|(])(eval|source|\.)(\s|$)/.test(unquoted);
}

interface GroupState {
	commands?: readonly WorldCommand[];
	pending?: Promise<void>;
	failed: boolean;
}

export class LazyCommands {
	private readonly groups = new Map<GroupId, GroupState>();
	private readonly groupOf = new Map<string, GroupId>();

	constructor(
		private readonly catalog: CommandCatalog,
		private readonly loaders: GroupLoaders,
	) {
		for (const id of Object.keys(catalog) as GroupId[]) {
			this.groups.set(id, { failed: false });
			for (const entry of catalog[id]) for (const spec of entry.specs) for (const name of [spec.name, ...(spec.aliases ?? [])]) this.groupOf.set(name, id);
		}
	}

	/** The group a command name belongs to, if it is a lazy one. */
	group(name: string): GroupId | undefined {
		return this.groupOf.get(name);
	}

	loaded(id: GroupId): boolean {
		return this.state(id).commands !== undefined;
	}

	/** The groups not loaded yet that `line` may run. */
	needed(line: string): GroupId[] {
		const ids = new Set<GroupId>();
		if (makesNames(line)) for (const id of this.groups.keys()) ids.add(id);
		else {
			for (const word of line.split(/[^A-Za-z0-9_.+-]+/)) {
				const id = word === '' ? undefined : this.groupOf.get(word);
				if (id !== undefined) ids.add(id);
			}
		}
		return [...ids].filter((id) => !this.loaded(id));
	}

	/** Loads the groups; settles when each has arrived or failed (it never rejects). */
	load(ids: readonly GroupId[]): Promise<void> {
		return Promise.all(ids.map((id) => this.loadOne(id))).then(() => undefined);
	}

	/** Every group (tests, benchmarks, `run` at once). */
	loadAll(): Promise<void> {
		return this.load([...this.groups.keys()]);
	}

	/** Stand-ins for every group's commands, to bind with the lab's core commands. */
	commands(): WorldCommand[] {
		const out: WorldCommand[] = [];
		for (const id of Object.keys(this.catalog) as GroupId[]) {
			this.catalog[id].forEach((entry, index) => out.push({ where: entry.where, factory: (handle, lab) => this.standIns(id, entry, () => specsOf(this.realFactory(id, index)(handle, lab))) }));
		}
		return out;
	}

	private state(id: GroupId): GroupState {
		const s = this.groups.get(id);
		if (s === undefined) throw new Error(`broken invariant: no command group ${id}`);
		return s;
	}

	private loadOne(id: GroupId): Promise<void> {
		const s = this.state(id);
		if (s.commands !== undefined) return Promise.resolve();
		if (s.pending !== undefined) return s.pending;
		s.failed = false;
		s.pending = this.loaders[id]().then(
			(commands) => {
				s.commands = commands;
				s.pending = undefined;
			},
			() => {
				s.failed = true;
				s.pending = undefined;
			},
		);
		return s.pending;
	}

	private realFactory(id: GroupId, index: number): WorldCommand['factory'] {
		const command = this.state(id).commands?.[index];
		if (command === undefined) throw new Error(`broken invariant: command group ${id} has no command ${index} (the catalog is out of date)`);
		return command.factory;
	}

	/** The specs of one catalog entry, each running the real spec of its name once the group is in. */
	private standIns(id: GroupId, entry: CatalogEntry, bind: () => readonly CommandSpec[]): CommandSpec[] {
		let real: Map<string, CommandSpec> | undefined;
		const resolve = (name: string): CommandSpec | undefined => {
			if (real === undefined) {
				if (!this.loaded(id)) return undefined;
				real = new Map(bind().map((s) => [s.name, s]));
			}
			return real.get(name);
		};
		const unavailable = (name: string, lang: Lang): Outcome => {
			const failed = this.state(id).failed;
			void this.loadOne(id);
			return { stdout: '', stderr: MESSAGES[failed ? 'failed' : 'loading'][lang].replace('{name}', name), exitCode: 126 };
		};
		return entry.specs.map((info) => {
			const name = info.name;
			return {
				...info,
				run: (args, ctx) => {
					const spec = resolve(name);
					return spec === undefined ? unavailable(name, ctx.lang) : spec.run(args, ctx);
				},
				complete: (req) => {
					const spec = resolve(name);
					if (spec === undefined) {
						void this.loadOne(id);
						return [];
					}
					return spec.complete?.(req) ?? [];
				},
			};
		});
	}
}
