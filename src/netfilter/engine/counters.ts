// Counters are derived from traces, never counted on the side: every matched rule step adds one
// packet and the packet's length to its rule (x_tables and nf_tables count before running the
// target), and every counted policy step adds to its chain's policy counters.

import type { Chain, Counters, NetfilterState, Rule, Ruleset, Table } from '../types';
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
	readonly rules: Map<Rule, Tally>;
	readonly policies: Map<string, Tally>;
	/** Chains with anything to add. */
	readonly chains: Set<string>;
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

export function applyTraces(nf: NetfilterState, traces: readonly PacketTrace[]): NetfilterState {
	// By back end, family and table: usually one or two, so a short list beats a keyed lookup.
	const tallies: { backend: string; family: string; table: string; tally: TableTally }[] = [];
	const tableTally = (backend: string, family: string, table: string): TableTally => {
		for (const t of tallies) if (t.table === table && t.backend === backend && t.family === family) return t.tally;
		const tally = { rules: new Map(), policies: new Map(), chains: new Set<string>() };
		tallies.push({ backend, family, table, tally });
		return tally;
	};
	const find = (backend: string, family: string, table: string): TableTally | undefined => {
		for (const t of tallies) if (t.table === table && t.backend === backend && t.family === family) return t.tally;
		return undefined;
	};
	const bump = (m: Map<unknown, Tally>, k: unknown, bytes: number): void => {
		const hit = m.get(k);
		if (hit === undefined) m.set(k, { packets: 1, bytes });
		else {
			hit.packets++;
			hit.bytes += bytes;
		}
	};
	for (const trace of traces) {
		for (const s of trace.steps) {
			if (s.kind === 'rule' && s.matched) {
				const t = tableTally(s.backend, s.family, s.table);
				bump(t.rules, s.rule, trace.length);
				t.chains.add(s.chain);
			} else if (s.kind === 'policy' && s.counted) {
				const t = tableTally(s.backend, s.family, s.table);
				bump(t.policies, s.chain, trace.length);
				t.chains.add(s.chain);
			}
		}
	}
	if (tallies.length === 0) return nf;
	const bumpRuleset = (rs: Ruleset): Ruleset => {
		let tables: Table[] | undefined;
		for (let i = 0; i < rs.tables.length; i++) {
			const table = rs.tables[i] as Table;
			const t = find(rs.backend, rs.family, table.name);
			if (t === undefined) continue;
			tables ??= rs.tables.slice();
			tables[i] = { ...table, chains: table.chains.map((c) => (t.chains.has(c.name) ? bumpChain(c, t) : c)) };
		}
		return tables === undefined ? rs : { ...rs, tables };
	};
	return {
		nft: { ipv4: bumpRuleset(nf.nft.ipv4), ipv6: bumpRuleset(nf.nft.ipv6) },
		legacy: { ipv4: bumpRuleset(nf.legacy.ipv4), ipv6: bumpRuleset(nf.legacy.ipv6) },
	};
}
