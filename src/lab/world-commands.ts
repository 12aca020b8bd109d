// Which commands exist where, as data. A place's programs are the ones its image (or the node)
// ships: an app container has no iptables, the proxy image has no ps. The shell's own builtins and
// text tools are everywhere (every image a lesson enters has a shell with coreutils or BusyBox).
// The learner's workstation tools (kubectl, docker) are on the node's shell, which the lab uses
// as the learner's machine too; the lab's own tools (trace, reset) are everywhere.
//
// Colleagues' commands plug in here: add `{ factory: …, where: 'program' }` to WORLD_COMMANDS
// (ip, ss, netstat, lsof, curl, nc and tcpdump are bound in ./colleague-commands.ts), or pass
// factories in createWorldLab({ extraCommands }) until they land.

import { crictl } from '../commands/crictl';
import { hopsCommand } from '../commands/hops';
import { istioctl, podNotFound, type IstioctlProvider } from '../commands/istioctl';
import { IGNORED, lastPushOf, syncedStatus } from '../commands/istioctl/proxy-status';
import { serviceObject } from '../commands/kubectl/cluster';
import { parseManifest } from '../commands/kubectl/object';
import { docker } from '../commands/docker';
import { hostname } from '../commands/hostname';
import { id } from '../commands/id';
import { kubectl } from '../commands/kubectl';
import { nsenterCommand } from '../commands/nsenter';
import { ps } from '../commands/ps';
import { whoami } from '../commands/whoami';
import { Registry, standardRegistry, type CommandSpec } from '../shell';
import { TOOL_NAMES } from '../netfilter/tool';
import { containerOf, nodeByName } from '../world';
import type { Location, World } from '../world/types';
import type { LabControl } from './lab-control';
import { mountKey } from './location-info';
import type { WorldHandle } from './world-handle';
import { curlForWorld, ipForWorld, lsofForWorld, ncForWorld, netstatForWorld, ssForWorld, tcpdumpForWorld } from './colleague-commands';
import { worldPodCommands } from './world-pod';

/** Where a command can be run. */
export type Where =
	/** Where the place has a program by one of the command's names. */
	| 'program'
	/** On the node's shell (and after nsenter, which keeps the node's programs). */
	| 'node'
	/** Everywhere: the lab's own tools. */
	| 'everywhere';

export type WorldCommandFactory = (handle: WorldHandle, lab: LabControl) => CommandSpec | readonly CommandSpec[];

export interface WorldCommand {
	readonly factory: WorldCommandFactory;
	readonly where: Where;
}

function resetCommand(_handle: WorldHandle, lab: LabControl): CommandSpec {
	return {
		name: 'reset',
		path: '/usr/local/bin/reset',
		help: { summary: { en: "restore the scenario's starting state (rules, connections, where you are)", zh: '恢复场景的初始状态（规则、连接和所在位置）' }, usage: 'reset' },
		run() {
			lab.requestReset();
			return { stdout: '', stderr: '', exitCode: 0 };
		},
	};
}

/** Splits the pod commands: istio-iptables and trace are lab tools, the others real programs. */
function podTools(kind: 'programs' | 'node' | 'lab'): WorldCommandFactory {
	return (handle) =>
		worldPodCommands(handle).filter((s) => (kind === 'programs' ? s.name === 'iptables' || s.name === 'conntrack' : kind === 'node' ? s.name === 'istio-iptables' : s.name === 'trace'));
}

/**
 * istioctl on the learner's workstation, answering from the world: each pod's Envoy /config_dump
 * (with EDS, as `proxy-config` fetches it through the port-forward), the scenario's Istio version.
 */
export function istioctlForWorld(handle: WorldHandle): CommandSpec {
	const provider: IstioctlProvider = {
		get istioVersion() {
			return handle.world.cluster.istioVersion;
		},
		defaultNamespace: 'default',
		now: () => handle.now(),
		configDump(ref) {
			const pod = handle.world.pods.find((p) => p.name === ref.name && p.namespace === ref.namespace);
			if (pod === undefined) return podNotFound(ref);
			const dump = pod.sidecar?.configDump;
			return dump === undefined ? { ok: false, error: `failure running port forward process: unable to listen on any of the requested ports: [{15000 15000}]` } : { ok: true, text: dump };
		},
		readFile: (path) => ({ ok: false, error: `open ${path}: no such file or directory` }),
		controlPlaneVersion: () => handle.world.cluster.istioVersion,
		dataPlaneVersions() {
			const byVersion = new Map<string, number>();
			for (const p of handle.world.pods) if (p.sidecar !== undefined) byVersion.set(p.sidecar.istioVersion, (byVersion.get(p.sidecar.istioVersion) ?? 0) + 1);
			return [...byVersion].map(([version, count]) => ({ version, count }));
		},
		proxyStatus() {
			const world = handle.world;
			const istiod = world.remotePods.find((p) => p.namespace === 'istio-system' && p.labels.app === 'istiod');
			if (istiod === undefined) return undefined;
			const now = handle.now();
			return world.pods.flatMap((p) => {
				if (p.sidecar === undefined) return [];
				const pushed = p.sidecar.configDump === undefined ? undefined : lastPushOf(p.sidecar.configDump);
				const xds = pushed === undefined ? 'NOT SENT' : syncedStatus(pushed, now);
				return [{ proxy: `${p.name}.${p.namespace}`, cluster: 'Kubernetes', cds: xds, lds: xds, eds: xds, rds: xds, ecds: IGNORED, istiod: istiod.name, version: p.sidecar.istioVersion }];
			});
		},
		describePod(ref) {
			const world = handle.world;
			const pod = world.pods.find((p) => p.name === ref.name && p.namespace === ref.namespace);
			if (pod === undefined) return undefined;
			const services = world.services.filter((s) => s.namespace === ref.namespace).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			const gateway = [...world.pods, ...world.remotePods].some((p) => p.labels.istio === 'ingressgateway');
			return { pod: ref, manifest: parseManifest(pod.manifest), services: services.map((s) => serviceObject(world, s)), ...(pod.sidecar?.configDump !== undefined ? { configDump: pod.sidecar.configDump } : {}), ingressGatewayPods: gateway };
		},
	};
	return istioctl(provider);
}

/** Every world command of this lab. */
export const WORLD_COMMANDS: readonly WorldCommand[] = [
	{ factory: podTools('programs'), where: 'program' },
	{ factory: podTools('node'), where: 'node' },
	{ factory: podTools('lab'), where: 'everywhere' },
	{ factory: ipForWorld, where: 'program' },
	{ factory: ssForWorld, where: 'program' },
	{ factory: netstatForWorld, where: 'program' },
	{ factory: lsofForWorld, where: 'program' },
	{ factory: curlForWorld, where: 'program' },
	{ factory: ncForWorld, where: 'program' },
	{ factory: tcpdumpForWorld, where: 'program' },
	{ factory: ps, where: 'program' },
	{ factory: id, where: 'program' },
	{ factory: whoami, where: 'program' },
	{ factory: hostname, where: 'program' },
	{ factory: nsenterCommand, where: 'program' },
	{ factory: crictl, where: 'program' },
	{ factory: kubectl, where: 'node' },
	{ factory: docker, where: 'node' },
	{ factory: istioctlForWorld, where: 'node' },
	{ factory: hopsCommand, where: 'everywhere' },
	{ factory: resetCommand, where: 'everywhere' },
];

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

/** Builds every command once, bound to the lab's handle. */
export function bindCommands(handle: WorldHandle, lab: LabControl, extra: readonly WorldCommand[] = []): BoundCommand[] {
	return [...WORLD_COMMANDS, ...extra].flatMap((c) => {
		const made = c.factory(handle, lab);
		return (Array.isArray(made) ? made : [made as CommandSpec]).map((spec) => ({ spec, where: c.where }));
	});
}

/** The registry of one place: the shell's own commands plus the world commands found there. */
export function registryAt(world: World, at: Location, commands: readonly BoundCommand[]): Registry {
	const registry = standardRegistry();
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
