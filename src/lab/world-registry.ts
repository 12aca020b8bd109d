// How a world lab finds its commands: which commands exist where (as data: a place's programs are
// the ones its image or the node ships; an app container has no iptables, the proxy image no ps),
// each command built once per lab and bound to its WorldHandle, and one registry per place. The
// shell's builtins and small text tools are everywhere (every image a lesson enters has a shell
// with coreutils or BusyBox); the learner's workstation tools (kubectl, docker) are on the node's
// shell, which the lab uses as the learner's machine too; the lab's own tools (trace, reset) are
// everywhere. The commands themselves are listed in ./world-commands.ts (Node: all at once) and
// ./groups (the page: each group on first use); this module imports none of them.

import { baseRegistry } from '../shell/commands/base';
import type { Registry } from '../shell/registry';
import type { CommandSpec } from '../shell/types';
import { TOOL_NAMES } from '../netfilter/tool-names';
import { containerOf, nodeByName } from '../world/lookup';
import type { Location, World } from '../world/types';
import type { LabControl } from './lab-control';
import { mountKey } from './location-info';
import type { WorldHandle } from './world-handle';

/** Where a command can be run. */
export type Where =
	/** Where the place has a program by one of the command's names. */
	| 'program'
	/** On the node's shell (and after nsenter, which keeps the node's programs). */
	| 'node'
	/** Everywhere: the lab's own tools, and the big text tools. */
	| 'everywhere';

export type WorldCommandFactory = (handle: WorldHandle, lab: LabControl) => CommandSpec | readonly CommandSpec[];

export interface WorldCommand {
	readonly factory: WorldCommandFactory;
	readonly where: Where;
}

/** The programs of a place: the container's image, or the node's. */
export function programsAt(world: World, at: Location): ReadonlySet<string> {
	const list = at.kind === 'exec' ? (containerOf(world, { pod: at.pod, container: at.container })?.binaries ?? []) : (nodeByName(world, at.node)?.binaries ?? []);
	const set = new Set(list);
	// The iptables package installs the whole family (-save, -restore, -nft, -legacy, ip6tables).
	if (set.has('iptables')) for (const t of TOOL_NAMES) set.add(t);
	return set;
}

/** A copy of `spec` answering only to the names in `names` (undefined if none is left). */
function restricted(spec: CommandSpec, names: readonly string[]): CommandSpec | undefined {
	const all = [spec.name, ...(spec.aliases ?? [])];
	const kept = all.filter((n) => names.includes(n));
	const [first, ...rest] = kept;
	if (first === undefined) return undefined;
	if (first === spec.name && rest.length === all.length - 1) return spec;
	const dir = spec.path === undefined ? '/usr/bin' : spec.path.slice(0, spec.path.lastIndexOf('/'));
	return { ...spec, name: first, aliases: rest, path: `${dir}/${first}` };
}

export interface BoundCommand {
	readonly spec: CommandSpec;
	readonly where: Where;
}

/** The specs a factory made, as a list. */
export function specsOf(made: CommandSpec | readonly CommandSpec[]): readonly CommandSpec[] {
	return Array.isArray(made) ? (made as readonly CommandSpec[]) : [made as CommandSpec];
}

/** Builds every command once, bound to the lab's handle. */
export function bindCommands(handle: WorldHandle, lab: LabControl, commands: readonly WorldCommand[]): BoundCommand[] {
	return commands.flatMap((c) => specsOf(c.factory(handle, lab)).map((spec) => ({ spec, where: c.where })));
}

/** The registry of one place: the shell's builtins and small tools plus the world commands found there. */
export function registryAt(world: World, at: Location, commands: readonly BoundCommand[]): Registry {
	const registry = baseRegistry();
	const programs = programsAt(world, at);
	for (const { spec, where } of commands) {
		if (where === 'everywhere') registry.register(spec);
		else if (where === 'node') {
			if (at.kind !== 'exec') registry.register(spec);
		} else {
			const kept = restricted(spec, [...programs]);
			if (kept !== undefined) registry.register(kept);
		}
	}
	return registry;
}

/** Registries by place, built on first use. */
export class Registries {
	private readonly byPlace = new Map<string, Registry>();

	constructor(private readonly commands: readonly BoundCommand[]) {}

	at(world: World, at: Location): Registry {
		const key = mountKey(at);
		let r = this.byPlace.get(key);
		if (r === undefined) {
			r = registryAt(world, at, this.commands);
			this.byPlace.set(key, r);
		}
		return r;
	}
}
