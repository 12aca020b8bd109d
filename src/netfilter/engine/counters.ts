// Counters are derived from traces, never counted on the side: every matched rule step adds one
// packet and the packet's length to its rule (x_tables and nf_tables count before running the
// target), and every counted policy step adds to its chain's policy counters.

import type { Chain, Counters, NetfilterState, Rule, Ruleset, Table } from '../types';
import { keepCompiled } from './compiled';
import { PolicyStep, Step } from './steps';
import type { PacketTrace } from './types';

interface Tally {
	packets: number;
	bytes: number;
}

/** BigInts for small numbers, made once: a packet's length and a batch's packet count are small. */
const SMALL: readonly bigint[] = Array.from({ length: 4096 }, (_, i) => BigInt(i));
const big = (n: number): bigint => SMALL[n] ?? BigInt(n);

function add(c: Counters, t: Tally): Counters {
	return { packets: c.packets + big(t.packets), bytes: c.bytes + big(t.bytes) };
}

/** Tallies of one table: rule tallies by rule object, policy tallies by chain name. */
interface TableTally {
	readonly backend: string;
	readonly family: string;
	readonly table: string;
	readonly rules: Map<Rule, Tally>;
	readonly policies: Map<string, Tally>;
	/** Chains with anything to add; `last` is the one added last (steps come chain by chain). */
	readonly chains: Set<string>;
	last: string | undefined;
}

function bump<K>(m: Map<K, Tally>, k: K, bytes: number): void {
	const hit = m.get(k);
	if (hit === undefined) m.set(k, { packets: 1, bytes });
	else {
		hit.packets++;
		hit.bytes += bytes;
	}
}

function bumpChain(chain: Chain, t: TableTally): Chain {
	let rules: Rule[] | undefined;
	for (let i = 0; i < chain.rules.length; i++) {
		const r = chain.rules[i] as Rule;
		const hit = t.rules.get(r);
		if (hit === undefined) continue;
		rules ??= chain.rules.slice();
		rules[i] = { ...r, counters: add(r.counters, hit) };
	}
	const policy = t.policies.get(chain.name);
	if (rules === undefined && policy === undefined) return chain;
	return { ...chain, rules: rules ?? chain.rules, counters: policy === undefined ? chain.counters : add(chain.counters, policy) };
}

/**
 * What a run of traces adds to the counters, by back end, family and table: usually one or two,
 * so a short list beats a keyed lookup, and a step is mostly in the table of the one before.
 * A burst of connections tallies each connection's traces as soon as they are made, while their
 * steps are still in the processor's cache, and applies the sum once (applyTally).
 */
export class CounterTally {
	readonly tables: TableTally[] = [];
	private last: TableTally | undefined;

	add(trace: PacketTrace): void {
		const bytes = trace.length;
		for (const s of trace.steps) {
			// Only rule and policy steps count; ./steps.ts says why they are told by their class.
			let c: Step | PolicyStep;
			if (s instanceof Step) {
				if (!s.matched) continue;
				c = s;
			} else if (s instanceof PolicyStep && s.counted) c = s;
			else continue;
			let t = this.last;
			if (t === undefined || t.table !== c.table || t.backend !== c.backend || t.family !== c.family) t = this.last = tallyOf(this.tables, c.backend, c.family, c.table);
			if (c.kind === 'rule') bump(t.rules, c.rule, bytes);
			else bump(t.policies, c.chain, bytes);
			if (t.last !== c.chain) {
				t.chains.add(c.chain);
				t.last = c.chain;
			}
		}
	}
}

export function applyTraces(nf: NetfilterState, traces: readonly PacketTrace[]): NetfilterState {
	const tally = new CounterTally();
	for (const trace of traces) tally.add(trace);
	return applyTally(nf, tally);
}

/** The state with a tally's packets and bytes added to its rules and policies. */
export function applyTally(nf: NetfilterState, tally: CounterTally): NetfilterState {
	const tallies = tally.tables;
	if (tallies.length === 0) return nf;
	const bumpRuleset = (rs: Ruleset): Ruleset => {
		let tables: Table[] | undefined;
		for (let i = 0; i < rs.tables.length; i++) {
			const table = rs.tables[i] as Table;
			const t = tallies.find((x) => x.table === table.name && x.backend === rs.backend && x.family === rs.family);
			if (t === undefined) continue;
			tables ??= rs.tables.slice();
			const next = { ...table, chains: table.chains.map((c) => (t.chains.has(c.name) ? bumpChain(c, t) : c)) };
			keepCompiled(table, next);
			tables[i] = next;
		}
		return tables === undefined ? rs : { ...rs, tables };
	};
	return {
		nft: { ipv4: bumpRuleset(nf.nft.ipv4), ipv6: bumpRuleset(nf.nft.ipv6) },
		legacy: { ipv4: bumpRuleset(nf.legacy.ipv4), ipv6: bumpRuleset(nf.legacy.ipv6) },
	};
}

function tallyOf(tallies: TableTally[], backend: string, family: string, table: string): TableTally {
	for (const t of tallies) if (t.table === table && t.backend === backend && t.family === family) return t;
	const t: TableTally = { backend, family, table, rules: new Map(), policies: new Map(), chains: new Set(), last: undefined };
	tallies.push(t);
	return t;
}
