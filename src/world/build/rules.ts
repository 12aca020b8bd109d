// Programming a sidecar pod's network namespace the way the real cluster does:
// - istio-init: the injected init container runs `pilot-agent istio-iptables <args>`, which pipes
//   its rules into `iptables-restore --noflush` (nft back end) and, in TPROXY mode, adds the
//   policy routing; its log is the container's log;
// - istio-cni: the node plugin reads the pod's annotations and istio-proxy container, programs the
//   same rules from the host when the sandbox is created, and the injected istio-validation init
//   container only checks that redirection works (`--run-validation --skip-rule-apply`).
// Everything goes through src/istio-iptables and src/netfilter, so the netfilter state (including
// nf_tables' "no counters on undeclared built-in chains") is what the real tools leave behind.

import { cniPluginConfig, planRoutes, planRules, restoreInputs, runIstioIptables, type Family, type NetfilterDependency, type RestoreFailure } from '../../istio-iptables';
import { resolverFromFiles, runXtables, type NameResolver, type XtablesEnv } from '../../netfilter';
import { emptyState, type NetfilterState } from '../../netfilter/types';
import type { ContainerSpec } from '../scenario/manifest';
import type { NodeRules, NodeRulesResult, PodContext, ProgramResult, Programmer } from './program';
import { applyRoutes } from './routes';

export type { PodContext, ProgramResult } from './program';

const binary = (family: Family, tool: 'save' | 'restore'): string => `${family === 'ipv4' ? 'iptables' : 'ip6tables'}-nft-${tool}`;

/**
 * Memos of pure functions the builder calls with the same arguments for every sidecar pod:
 * restoring the same rules into an empty namespace, and parsing the same /etc files. The values
 * are immutable, so sharing them between pods and worlds is safe; the maps stay small (one entry
 * per distinct rule set or image).
 */
const MEMO_LIMIT = 32;
const restored = new Map<string, NetfilterState>();
const resolvers = new Map<string, NameResolver>();

function remember<V>(memo: Map<string, V>, key: string, make: () => V): V {
	const hit = memo.get(key);
	if (hit !== undefined) return hit;
	const v = make();
	if (memo.size >= MEMO_LIMIT) memo.delete(memo.keys().next().value as string);
	memo.set(key, v);
	return v;
}

export function resolverFor(etc: { readonly passwd?: string; readonly group?: string }): NameResolver {
	return remember(resolvers, `${etc.passwd ?? ''}\0${etc.group ?? ''}`, () => resolverFromFiles(etc));
}

const failures = new Map<string, RestoreFailure>();

/**
 * `<family>tables-nft-restore --noflush` of `input` into an empty namespace, memoised: the result
 * depends on the input and the name lookups only (`memoKey` names the /etc files used).
 */
export function restoreFresh(family: Family, input: string, env: XtablesEnv, memoKey: string): { state: NetfilterState } | { failure: RestoreFailure } {
	const key = `${memoKey}\0${family}\0${input}`;
	const hit = restored.get(key);
	if (hit !== undefined) return { state: hit };
	const failed = failures.get(key);
	if (failed !== undefined) return { failure: failed };
	const r = runXtables([binary(family, 'restore'), '--noflush'], input, emptyState(), env);
	if (r.result.exitCode !== 0) return { failure: remember(failures, key, () => ({ exitCode: r.result.exitCode, stderr: r.result.stderr })) };
	return { state: remember(restored, key, () => r.state) };
}

/** A namespace's netfilter state as istio-iptables' NetfilterDependency sees it. */
function dependency(env: XtablesEnv, memoKey: string): { state(): NetfilterState; dep: NetfilterDependency } {
	let state: NetfilterState | undefined;
	return {
		state: () => state ?? emptyState(),
		dep: {
			save: (family) => runXtables([binary(family, 'save')], '', state ?? emptyState(), env).result.stdout,
			restore: (family, input) => {
				if (state === undefined) {
					const r = restoreFresh(family, input, env, memoKey);
					if ('failure' in r) return r.failure;
					state = r.state;
					return null;
				}
				const r = runXtables([binary(family, 'restore'), '--noflush'], input, state, env);
				if (r.result.exitCode !== 0) return { exitCode: r.result.exitCode, stderr: r.result.stderr };
				state = r.state;
				return null;
			},
		},
	};
}

const envOf = (c: ContainerSpec): Record<string, string> => Object.fromEntries((c.env ?? []).flatMap((e) => (e.value === undefined ? [] : [[e.name, e.value]])));

function kubeTime(text: string | undefined, fallback: number): () => Date {
	const t = text === undefined ? fallback : Date.parse(text);
	return () => new Date(t);
}

/** Runs whatever programs this pod's rules, in the order the kubelet would. */
export function programPod(ctx: PodContext): ProgramResult {
	const { manifest } = ctx;
	const created = Date.parse(manifest.metadata.creationTimestamp);
	const init = manifest.spec.initContainers.find((c) => c.name === 'istio-init' || c.name === 'istio-validation');
	const proxy = manifest.spec.containers.find((c) => c.name === 'istio-proxy');
	const statusOf = (name: string): string | undefined => manifest.status.initContainerStatuses.find((s) => s.name === name)?.state.terminated?.startedAt;
	const xt = (now: () => Date): XtablesEnv => ({ resolver: resolverFor(ctx.etc), now, defaultBackend: 'nft' });
	const etcKey = `${ctx.etc.passwd ?? ''}\0${ctx.etc.group ?? ''}`;
	if (init === undefined || proxy === undefined) return { netfilter: emptyState(), netns: ctx.netns, routes: [], logs: {}, by: 'none' };
	const args = (init.args ?? []).slice((init.args ?? [])[0] === 'istio-iptables' ? 1 : 0);

	if (init.name === 'istio-init') {
		const now = kubeTime(statusOf(init.name), created);
		const ns = dependency(xt(now), etcKey);
		const run = runIstioIptables(args, { pod: { ...ctx.environment, env: envOf(init) }, now, netfilter: ns.dep });
		const mode = run.config?.inboundInterceptionMode === 'TPROXY' ? 'TPROXY' : 'REDIRECT';
		const owners = run.config === undefined ? {} : { proxyUid: Number(run.config.proxyUID.split(',')[0]), proxyGid: Number(run.config.proxyGID.split(',')[0]) };
		const routes = run.routes ?? [];
		const result: ProgramResult = { netfilter: ns.state(), netns: applyRoutes(ctx.netns, routes), routes, logs: { [init.name]: run.stdout + run.stderr }, by: 'istio-init', mode, ...owners };
		return run.exitCode === 0 ? result : { ...result, error: `istio-init exited ${run.exitCode}` };
	}

	// istio-cni: the plugin programs the namespace when the sandbox is created.
	const sc = proxy.securityContext ?? {};
	const sidecarPod = { annotations: manifest.metadata.annotations, proxyEnv: envOf(proxy), ...(sc.runAsUser !== undefined ? { runAsUser: sc.runAsUser } : {}), ...(sc.runAsGroup !== undefined ? { runAsGroup: sc.runAsGroup } : {}) };
	const cfg = cniPluginConfig(sidecarPod, { ...ctx.environment, env: {} });
	if (!cfg.ok) return { netfilter: emptyState(), netns: ctx.netns, routes: [], logs: {}, by: 'istio-cni', error: cfg.error };
	const plan = planRules(cfg.value);
	if (!plan.ok) return { netfilter: emptyState(), netns: ctx.netns, routes: [], logs: {}, by: 'istio-cni', error: plan.error };
	const ns = dependency(xt(() => new Date(created)), etcKey);
	const inputs = restoreInputs(plan.value);
	const failure = ns.dep.restore('ipv4', inputs.ipv4);
	if (failure !== null) return { netfilter: ns.state(), netns: ctx.netns, routes: [], logs: {}, by: 'istio-cni', error: failure.stderr };
	const planned = planRoutes(cfg.value);
	const routes = planned.ok ? planned.value : [];
	const netns = applyRoutes(ctx.netns, routes);
	const now = kubeTime(statusOf(init.name), created);
	// The validation probe: a connection to 127.0.0.6:15002 must land on its own listener.
	const validation = runIstioIptables(args, { pod: { ...ctx.environment, env: envOf(init) }, now, validate: () => true });
	const mode = cfg.value.inboundInterceptionMode === 'TPROXY' ? 'TPROXY' : 'REDIRECT';
	return { netfilter: ns.state(), netns, routes, logs: { [init.name]: validation.stdout + validation.stderr }, by: 'istio-cni', mode, proxyUid: Number(cfg.value.proxyUID), proxyGid: Number(cfg.value.proxyGID) };
}

/** `iptables-save` of a namespace at `now`, as the node's iptables (nf_tables) prints it. */
export function iptablesSave(state: NetfilterState, now: Date, etc: PodContext['etc'] = {}): string {
	return runXtables(['iptables-save'], '', state, { resolver: resolverFor(etc), now: () => now, defaultBackend: 'nft' }).result.stdout;
}

/** The node's rules: iptables-restore of its recorded iptables-save into an empty namespace. */
export function restoreNode(rules: NodeRules): NodeRulesResult {
	return restoreFresh('ipv4', rules.save, { resolver: resolverFor(rules.etc), now: () => new Date(rules.now), defaultBackend: 'nft' }, `node\0${rules.etc.passwd ?? ''}`);
}

/** Node's programmer: runs what the cluster ran, and checks each pod's iptables-save. */
export const PROGRAMMING: Programmer = { pod: programPod, node: restoreNode, save: iptablesSave };
