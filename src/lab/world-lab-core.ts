// The assembly of a world lab (./world-lab.ts has the whole story): the world built from a loaded
// scenario, the shell where the lesson starts, and the world commands it is given bound to one
// WorldHandle. Node passes every command (createWorldLab); the page passes its command groups as
// they load (src/components/lab/world-session.ts), so this module imports no command.

// Not '../world': that barrel reaches Node's world builder (istio-iptables, iptables-restore), and a
// module a static import reaches lands in a chunk loaded before the prompt, used or not.
import type { BuildOptions } from '../world/build/world';
import { atNode, kubectlExec, nsenter } from '../world/location';
import { podByName } from '../world/lookup';
import { formatScenarioError } from '../world/scenario/error-type';
import type { LoadResult } from '../world/scenario/errors';
import type { Scenario } from '../world/scenario/types';
import { fork } from '../world/random';
import type { Location, Pod, World } from '../world/types';
import type { Lang } from '../shell';
import { SimClock } from './clock';
import { shDialect, type ShellDialect } from './location-info';
import { LabCapture } from './world-capture';
import { bindCommands, programsAt, Registries, type WorldCommand } from './world-registry';
import { LocationFs } from './world-fs';
import type { WorldHandle } from './world-handle';
import { WorldShell, type StartPlan } from './world-session';

export interface WorldLabOptions {
	/** Scenario files keyed by their path under content/scenarios/ (`bookinfo/scenario.yaml`). */
	readonly files: Readonly<Record<string, string>>;
	readonly scenario: string;
	/** `node` (default), `POD` (its network namespace, from the node) or `POD/CONTAINER` (kubectl exec). */
	readonly at?: string;
	readonly lang?: Lang;
	readonly seed?: number;
	/** The simulated clock's start, ms since the epoch (default: the scenario's recordedAt). */
	readonly start?: number;
	/** Whether stdout is a terminal (prompts, ps's width, ls columns). Default true. */
	readonly tty?: boolean;
	readonly columns?: number;
	/** World commands beyond WORLD_COMMANDS (colleagues' commands before they are listed there). */
	readonly extraCommands?: readonly WorldCommand[];
}

export interface WorldLab {
	readonly shell: WorldShell;
	/** handle.traffic is the lab's capture: one feed per network namespace, curl and nc publish there. */
	readonly handle: WorldHandle;
}

/**
 * How the lab builds its world: Node's buildWorld (the rules programmed by the tools' models), or
 * the page's buildWorldWith a replay of the build's programming (src/world/build/program.ts).
 */
export type WorldBuilder = (scenario: Scenario, opts: BuildOptions) => LoadResult<World>;

/** A pod by full name, `namespace/name`, or a unique prefix (`productpage` finds productpage-v1-…). */
export function findPod(world: World, name: string): Pod | { error: string } {
	const exact = podByName(world, name) ?? world.pods.find((p) => p.name === name || p.key === name);
	if (exact !== undefined) return exact;
	const matches = world.pods.filter((p) => p.name.startsWith(`${name}-`) || p.name.startsWith(name));
	if (matches.length === 1 && matches[0] !== undefined) return matches[0];
	const names = world.pods.map((p) => p.name).join(', ');
	return { error: matches.length > 1 ? `"${name}" matches several pods: ${matches.map((p) => p.name).join(', ')}` : `no pod "${name}" in this scenario (pods: ${names})` };
}

/** The process whose namespaces `--at POD` enters: Envoy in a sidecar pod, else the app's first process. */
function anchorPid(world: World, pod: Pod): number {
	const envoy = world.processes.find((p) => p.container?.pod === pod.key && p.comm === 'envoy');
	if (envoy !== undefined) return envoy.pid;
	const main = pod.containers.find((c) => c.kind !== 'init' && c.mainPid !== undefined);
	return main?.mainPid ?? pod.sandbox.pid;
}

/** The shell a container offers: bash where the image has it, else its sh. */
function shellOf(world: World, at: Location): { dialect: ShellDialect; argv: string[] } | undefined {
	const programs = programsAt(world, at);
	if (programs.has('bash')) return { dialect: 'bash', argv: ['bash'] };
	if (programs.has('sh')) return { dialect: shDialect(world, at), argv: ['sh'] };
	return undefined;
}

/** Where the session starts, decided against a freshly built world. */
export function startPlan(world: World, at: string | undefined): StartPlan | { error: string } {
	const node = atNode(world);
	if (at === undefined || at === 'node' || at === node.node) return { node };
	const slash = at.lastIndexOf('/');
	// `ns/pod` is a pod too; `pod/container` only when the last part names one of its containers.
	const whole = findPod(world, at);
	if (!('error' in whole) || slash < 0) {
		if ('error' in whole) return whole;
		const moved = nsenter(world, node, anchorPid(world, whole), { net: true, uts: false });
		if (!moved.ok) return { error: moved.stderr.trim() };
		return { node, enter: { location: moved.location, dialect: 'bash', by: 'nsenter', argv: ['/bin/bash'] } };
	}
	const pod = findPod(world, at.slice(0, slash));
	if ('error' in pod) return pod;
	const container = at.slice(slash + 1);
	const moved = kubectlExec(world, pod.name, { namespace: pod.namespace, container });
	if (!moved.ok) return { error: moved.stderr.trim() };
	const shell = shellOf(world, moved.location);
	if (shell === undefined) return { error: `container ${container} of ${pod.name} has no shell` };
	return { node, enter: { location: moved.location, dialect: shell.dialect, by: 'kubectl', argv: shell.argv } };
}

/**
 * The lab from a scenario already loaded (and checked), with `commands` as its world commands: the
 * page's labs get their scenario from lab data made at build time (neither the YAML parser nor the
 * schemas reach the browser) and their commands as groups loaded on first use
 * (src/components/lab/world-session.ts); Node's are ./world-lab.ts createWorldLab's, all at once.
 */
export function worldLabFrom(scenario: Scenario, opts: Omit<WorldLabOptions, 'files' | 'scenario'>, commands: readonly WorldCommand[], build: WorldBuilder): { ok: true; lab: WorldLab } | { ok: false; error: string } {
	const recordedAt = Date.parse(scenario.doc.recordedAt);
	const start = opts.start ?? recordedAt;
	const seed = opts.seed ?? 1;
	const built = build(scenario, { seed, now: start });
	if (!built.ok) return { ok: false, error: built.errors.map(formatScenarioError).join('\n') };
	const initial = built.value;
	const plan = startPlan(initial, opts.at);
	if ('error' in plan) return { ok: false, error: `--at ${opts.at ?? ''}: ${plan.error}` };

	const clock = new SimClock(start);
	const random = fork(seed, 'world-lab');
	const lang = opts.lang ?? 'en';
	const tty = opts.tty ?? true;
	const columns = opts.columns ?? 80;
	let lastNow = start;
	const now = (): number => (lastNow = clock.tick());
	let handle: WorldHandle | undefined;
	const capture = new LabCapture(seed, () => must(handle).world, () => lastNow);
	handle = { world: initial, location: plan.node, lang, now, random: () => random.next(), ...(tty ? { terminal: { columns } } : {}), traffic: capture };
	const fs = new LocationFs(handle);
	// The commands need the shell (LabControl) and the shell needs their registries: a late binding.
	let session: WorldShell | undefined;
	const control = {
		exec: (...a: Parameters<WorldShell['exec']>) => must(session).exec(...a),
		enterShell: (...a: Parameters<WorldShell['enterShell']>) => must(session).enterShell(...a),
		hasProgram: (...a: Parameters<WorldShell['hasProgram']>) => must(session).hasProgram(...a),
		requestReset: () => must(session).requestReset(),
	};
	const registries = new Registries(bindCommands(handle, control, [...commands, ...(opts.extraCommands ?? [])]));
	session = new WorldShell({
		handle,
		initial,
		plan: (world) => {
			const p = startPlan(world, opts.at);
			if ('error' in p) throw new Error(`broken invariant: the start place was valid at build time: ${p.error}`);
			return p;
		},
		fs,
		registries,
		lang,
		tty,
		columns,
		onReset: () => capture.reset(),
	});
	return { ok: true, lab: { shell: session, handle } };
}

function must<T>(v: T | undefined): T {
	if (v === undefined) throw new Error('broken invariant: the lab is used before it is built');
	return v;
}
