// The recorded programs (./program.ts) as JSON, for the lab's data: what the build's istio-iptables
// and iptables-restore left in each namespace, for the page to replay.
//
// Netfilter counters are bigints (64-bit, like the kernel's), which JSON lacks: a bigint is written
// as `{ "#bigint": "123" }`. Pods programmed alike share one rule set (the build's memo already
// shares the object), written once in `states` and named by index.

import type { RestoreFailure } from '../../istio-iptables';
import type { NetfilterState } from '../../netfilter/types';
import type { NodeRulesResult, RecordedPod, RecordedPrograms } from './program';

const BIGINT = '#bigint';

export interface EncodedPrograms {
	/** Distinct netfilter states, bigints tagged. */
	readonly states: readonly unknown[];
	readonly pods: Readonly<Record<string, Omit<RecordedPod, 'netfilter'> & { readonly state: number }>>;
	readonly nodes: Readonly<Record<string, { readonly state: number } | { readonly failure: RestoreFailure }>>;
}

function tag(value: unknown): unknown {
	if (typeof value === 'bigint') return { [BIGINT]: value.toString() };
	if (Array.isArray(value)) return value.map(tag);
	if (value !== null && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [k, v] of Object.entries(value)) {
			// JSON drops undefined properties; a state with one would not come back equal.
			if (v === undefined) throw new Error(`broken invariant: netfilter state holds undefined at ${k}`);
			out[k] = tag(v);
		}
		return out;
	}
	return value;
}

function untag(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(untag);
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value);
		const only = entries[0];
		if (entries.length === 1 && only !== undefined && only[0] === BIGINT && typeof only[1] === 'string') return BigInt(only[1]);
		const out: Record<string, unknown> = {};
		for (const [k, v] of entries) out[k] = untag(v);
		return out;
	}
	return value;
}

export function encodePrograms(recorded: RecordedPrograms): EncodedPrograms {
	const states: unknown[] = [];
	const index = new Map<NetfilterState, number>();
	const texts = new Map<string, number>();
	const stateIndex = (s: NetfilterState): number => {
		const known = index.get(s);
		if (known !== undefined) return known;
		const tagged = tag(s);
		const text = JSON.stringify(tagged);
		const i = texts.get(text) ?? states.push(tagged) - 1;
		texts.set(text, i);
		index.set(s, i);
		return i;
	};
	const pods: Record<string, EncodedPrograms['pods'][string]> = {};
	for (const [key, { netfilter, ...rest }] of [...recorded.pods].sort(([a], [b]) => (a < b ? -1 : 1))) pods[key] = { ...rest, state: stateIndex(netfilter) };
	const nodes: Record<string, EncodedPrograms['nodes'][string]> = {};
	for (const [name, r] of [...recorded.nodes].sort(([a], [b]) => (a < b ? -1 : 1))) nodes[name] = 'state' in r ? { state: stateIndex(r.state) } : { failure: r.failure };
	return { states, pods, nodes };
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The recording back from lab data; an error value when it is not what encodePrograms wrote. */
export function decodePrograms(data: unknown): { ok: true; value: RecordedPrograms } | { ok: false; error: string } {
	if (!isRecord(data) || !Array.isArray(data.states) || !isRecord(data.pods) || !isRecord(data.nodes)) return { ok: false, error: "the lab's data has no recorded rules" };
	const states = data.states.map((s) => untag(s) as NetfilterState);
	const stateAt = (where: string, i: unknown): NetfilterState | string => {
		const s = typeof i === 'number' ? states[i] : undefined;
		return s ?? `the lab's data names rule set ${String(i)} for ${where}, which it lacks`;
	};
	const pods = new Map<string, RecordedPod>();
	for (const [key, p] of Object.entries(data.pods)) {
		if (!isRecord(p)) return { ok: false, error: `the lab's data has a malformed program for pod ${key}` };
		const { state, ...rest } = p;
		const netfilter = stateAt(`pod ${key}`, state);
		if (typeof netfilter === 'string') return { ok: false, error: netfilter };
		pods.set(key, { ...(rest as Omit<RecordedPod, 'netfilter'>), netfilter });
	}
	const nodes = new Map<string, NodeRulesResult>();
	for (const [name, n] of Object.entries(data.nodes)) {
		if (!isRecord(n)) return { ok: false, error: `the lab's data has malformed rules for node ${name}` };
		if (isRecord(n.failure)) {
			nodes.set(name, { failure: n.failure as unknown as RestoreFailure });
			continue;
		}
		const state = stateAt(`node ${name}`, n.state);
		if (typeof state === 'string') return { ok: false, error: state };
		nodes.set(name, { state });
	}
	return { ok: true, value: { pods, nodes } };
}
