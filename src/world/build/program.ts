// Who programs a namespace's rules while a world is built, as an interface: the builder asks it,
// and two implementations answer.
//
// - Node (./rules.ts PROGRAMMING): runs what the cluster ran. istio-init's or istio-cni's
//   istio-iptables for each sidecar pod, iptables-restore of the node's recorded iptables-save;
//   then it checks each pod's iptables-save against the scenario's recorded file.
// - The page (replayPrograms below): replays what the build's run left behind, shipped with the
//   lab's data (./program-record.ts). The outcome is the same data (the netfilter state is plain
//   data), so the page does not ship istio-iptables and iptables-restore to reach its prompt
//   (issue 5: the lab's 200 KB budget); they arrive with the iptables commands, when a learner
//   uses them.
//
// This module only declares and replays: it imports no tool.

import type { RestoreFailure, RouteAction } from '../../istio-iptables';
import type { Netns } from '../../netns/types';
import { emptyState, type NetfilterState } from '../../netfilter/types';
import type { PodManifest } from '../scenario/manifest';
import type { PodEnvironment } from '../../istio-iptables';
import { applyRoutes } from './routes';

export interface ProgramResult {
	readonly netfilter: NetfilterState;
	readonly netns: Netns;
	/** The `ip rule` / `ip route` actions applied to `netns` (TPROXY mode's policy routing). */
	readonly routes: readonly RouteAction[];
	/** Logs of init containers by name (`kubectl logs POD -c istio-init`). */
	readonly logs: Readonly<Record<string, string>>;
	/** Who programmed the rules. */
	readonly by: 'istio-init' | 'istio-cni' | 'none';
	readonly mode?: 'REDIRECT' | 'TPROXY';
	/** The UID and GID whose traffic the rules leave alone (-u / -g, or the plugin's choice). */
	readonly proxyUid?: number;
	readonly proxyGid?: number;
	readonly error?: string;
}

export interface PodContext {
	readonly manifest: PodManifest;
	readonly netns: Netns;
	/** What istio-iptables reads from the pod: addresses, resolv.conf, the image's users. */
	readonly environment: PodEnvironment;
	/** /etc/passwd and /etc/group of the proxy image, for iptables' name lookups. */
	readonly etc: { readonly passwd?: string; readonly group?: string };
}

/** The node's recorded iptables-save, to load into its namespace. */
export interface NodeRules {
	readonly node: string;
	readonly save: string;
	readonly etc: { readonly passwd?: string };
	readonly now: number;
}

export type NodeRulesResult = { readonly state: NetfilterState } | { readonly failure: RestoreFailure };

export interface Programmer {
	/** The pod's rules and routes, as whatever its manifest says programs them left them. */
	pod(ctx: PodContext): ProgramResult;
	/** The node's rules: iptables-restore of its recorded iptables-save. */
	node(rules: NodeRules): NodeRulesResult;
	/**
	 * `iptables-save` of a pod's programmed state, for the builder to compare with the scenario's
	 * recorded file; absent where the comparison already passed (the page replays a checked build).
	 */
	save?(state: NetfilterState, now: Date, etc: PodContext['etc']): string;
}

/** `namespace/name`, the key of a pod's program in the lab's data. */
export const podKey = (m: PodManifest): string => `${m.metadata.namespace}/${m.metadata.name}`;

/** What the page gets of a pod's program: all but the namespace, which it builds itself. */
export type RecordedPod = Omit<ProgramResult, 'netns'>;

export interface RecordedPrograms {
	readonly pods: ReadonlyMap<string, RecordedPod>;
	readonly nodes: ReadonlyMap<string, NodeRulesResult>;
}

/**
 * A Programmer that answers from a recording. A pod or node the recording lacks is a build error
 * naming it (lab data from another build), never a silent empty rule set.
 */
export function replayPrograms(recorded: RecordedPrograms): Programmer {
	return {
		pod(ctx) {
			const key = podKey(ctx.manifest);
			const r = recorded.pods.get(key);
			if (r === undefined) return { netfilter: emptyState(), netns: ctx.netns, routes: [], logs: {}, by: 'none', error: `the lab's data has no rules recorded for pod ${key}` };
			return { ...r, netns: applyRoutes(ctx.netns, r.routes) };
		},
		node(rules) {
			return recorded.nodes.get(rules.node) ?? { failure: { exitCode: 1, stderr: `the lab's data has no rules recorded for node ${rules.node}` } };
		},
	};
}

/** Wraps `inner`, keeping what it answered for each pod and node: what the build ships. */
export function recordingPrograms(inner: Programmer): { programmer: Programmer; recorded: RecordedPrograms } {
	const pods = new Map<string, RecordedPod>();
	const nodes = new Map<string, NodeRulesResult>();
	const programmer: Programmer = {
		pod(ctx) {
			const r = inner.pod(ctx);
			const { netns: _netns, ...rest } = r;
			pods.set(podKey(ctx.manifest), rest);
			return r;
		},
		node(rules) {
			const r = inner.node(rules);
			nodes.set(rules.node, r);
			return r;
		},
		...(inner.save !== undefined ? { save: inner.save.bind(inner) } : {}),
	};
	return { programmer, recorded: { pods, nodes } };
}
