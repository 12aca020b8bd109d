// The namespace commands of the rules lab (iptables family, istio-iptables, trace, conntrack) in
// the pod world: a PodHandle whose state is the current location's network namespace, read from
// and written back to the world on every access, and a gate in front of the tools that need root
// with CAP_NET_ADMIN. The gate's messages were recorded from iptables 1.8.9 and conntrack-tools
// 1.4.7 run as uid 1337, and as root without CAP_NET_ADMIN, in a scratch namespace
// (tests/unit/commands/recorded/netadmin.txt).

import { podCommands, type PodHandle } from './pod-commands';
import type { PodEnvironment } from '../istio-iptables/environment';
import type { EngineState } from '../netfilter/engine/types';
import { resolverFromFiles, type NameResolver } from '../netfilter/names';
import type { CommandResult, CommandSpec } from '../shell';
import { applyEngineState, containerOf, engineState, filesAt, netnsOf, setNetnsModel } from '../world';
import type { Location, World } from '../world/types';
import { hasNetAdmin, parsePasswd } from './location-info';
import type { WorldHandle } from './world-handle';

/** The engine's view of where the handle stands; setting it writes counters, conntrack and routes back. */
export function worldPodHandle(handle: WorldHandle): PodHandle {
	let cache: { world: World; netns: string; state: EngineState } | undefined;
	const current = (): EngineState => {
		const id = handle.location.netns;
		if (cache === undefined || cache.world !== handle.world || cache.netns !== id) cache = { world: handle.world, netns: id, state: engineState(netnsOf(handle.world, id)) };
		return cache.state;
	};
	return {
		get state(): EngineState {
			return current();
		},
		set state(next: EngineState) {
			const id = handle.location.netns;
			let world = applyEngineState(handle.world, id, next);
			if (next.netns !== netnsOf(handle.world, id).netns) world = setNetnsModel(world, id, next.netns);
			handle.world = world;
			cache = { world, netns: id, state: next };
		},
		get resolver(): NameResolver {
			return resolverAt(handle.world, handle.location);
		},
		get podEnvironment(): PodEnvironment {
			return environmentAt(handle.world, handle.location);
		},
		now: () => handle.now(),
		random: () => handle.random(),
	};
}

const resolvers = new WeakMap<Readonly<Record<string, string>>, NameResolver>();

/** iptables names users, groups and services from the /etc files of the place it runs in. */
function resolverAt(world: World, at: Location): NameResolver {
	const files = filesAt(world, at);
	let r = resolvers.get(files);
	if (r === undefined) {
		r = resolverFromFiles({ ...(files['/etc/passwd'] !== undefined ? { passwd: files['/etc/passwd'] } : {}), ...(files['/etc/group'] !== undefined ? { group: files['/etc/group'] } : {}), ...(files['/etc/hosts'] !== undefined ? { hosts: files['/etc/hosts'] } : {}) });
		resolvers.set(files, r);
	}
	return r;
}

function environmentAt(world: World, at: Location): PodEnvironment {
	const files = filesAt(world, at);
	const ns = netnsOf(world, at.netns).netns;
	const users: Record<string, string> = {};
	for (const u of parsePasswd(files['/etc/passwd'])) users[u.name] = String(u.uid);
	return {
		env: {},
		interfaceAddrs: ns.interfaces.flatMap((i) => i.addresses.map((a) => `${a.local}/${a.prefix}`)),
		...(files['/etc/resolv.conf'] !== undefined ? { resolvConf: files['/etc/resolv.conf'] } : {}),
		users,
	};
}

const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1);
const fail = (stderr: string, exitCode: number): CommandResult => ({ stdout: '', stderr, exitCode });

/** Whether the tool would only print its help or version, which needs no privilege. */
function harmless(args: readonly string[]): boolean {
	return args.some((a) => a === '-h' || a === '--help' || a === '-V' || a === '--version');
}

/** The error an unprivileged iptables run gives, by the name it was run as (recorded, see top). */
function iptablesDenied(world: World, at: Location, tool: string, args: readonly string[], stdin: () => string): CommandResult | undefined {
	const family = tool.startsWith('ip6') ? 'ip6tables' : 'iptables';
	const kind = tool.endsWith('-save') ? 'save' : tool.endsWith('-restore') ? 'restore' : 'main';
	if (kind === 'restore' && stdin().trim() === '') return { stdout: '', stderr: '', exitCode: 0 };
	if (!tool.includes('-legacy')) {
		const prog = kind === 'main' ? family : tool;
		return fail(`${prog} v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)\n`, 4);
	}
	if (at.uid !== 0) {
		if (kind === 'save') return fail(`Failed to list table names in /proc/net/${family === 'iptables' ? 'ip' : 'ip6'}_tables_names: Permission denied\n`, 1);
		// The lock file lives on the root filesystem: read-only in the proxy container.
		const c = at.kind === 'exec' ? containerOf(world, { pod: at.pod, container: at.container }) : undefined;
		return fail(`Fatal: can't open lock file /run/xtables.lock: ${c?.readOnlyRootFilesystem ? 'Read-only file system' : 'Permission denied'}\n`, 4);
	}
	if (kind === 'save') return { stdout: '', stderr: '', exitCode: 0 };
	const t = args.indexOf('-t');
	const table = t >= 0 ? (args[t + 1] ?? 'filter') : 'filter';
	return fail(`${family} v1.8.9 (legacy): can't initialize ${family} table \`${table}': Permission denied (you must be root)\nPerhaps ${family} or your kernel needs to be upgraded.\n`, 3);
}

/** Wraps a command so that without root and CAP_NET_ADMIN it fails as the real tool does. */
function gated(spec: CommandSpec, handle: WorldHandle, denied: (tool: string, args: readonly string[], stdin: () => string) => CommandResult | undefined): CommandSpec {
	return {
		...spec,
		run(args, ctx) {
			if (hasNetAdmin(handle.world, handle.location) || harmless(args)) return spec.run(args, ctx);
			return denied(basename(ctx.argv0), args, () => ctx.stdin.readAll()) ?? spec.run(args, ctx);
		},
	};
}

/**
 * iptables (and its family), istio-iptables, trace and conntrack for the world: they act on the
 * namespace the shell is in, and the privileged ones check who runs them.
 */
export function worldPodCommands(handle: WorldHandle): CommandSpec[] {
	const pod = worldPodHandle(handle);
	return podCommands(pod).map((spec) => {
		if (spec.name === 'iptables') return gated(spec, handle, (tool, args, stdin) => iptablesDenied(handle.world, handle.location, tool, args, stdin));
		if (spec.name === 'conntrack') return gated(spec, handle, () => fail('conntrack v1.4.7 (conntrack-tools): Operation failed: sorry, you must be root or get CAP_NET_ADMIN capability to do this\n', 1));
		return spec;
	});
}
