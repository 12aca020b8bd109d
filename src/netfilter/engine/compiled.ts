// What runTable (./chain.ts) runs: a table's chains with their rules compiled (./rule.ts) and
// every jump's target chain found, made the first time each chain runs. Cached per table
// object, which never changes; one lookup per table run instead of one per chain entered.

import type { Family, Table } from '../types';
import { CompiledRule } from './rule';

export class CompiledTable {
	/** By position in table.chains; a chain is compiled when it first runs. */
	private readonly chains: (readonly CompiledRule[] | undefined)[] = [];

	constructor(readonly family: Family) {}

	/** The compiled rules of the chain at position `at` of `table` (the table this was made for). */
	rules(table: Table, at: number): readonly CompiledRule[] {
		const hit = this.chains[at];
		if (hit !== undefined) return hit;
		const rules = (table.chains[at]?.rules ?? []).map((r) => new CompiledRule(r, this.family, table.chains));
		this.chains[at] = rules;
		return rules;
	}
}

const COMPILED = new WeakMap<Table, CompiledTable>();
/** The table run last: a packet's hooks, and a burst's packets, run the same few tables. */
let lastTable: Table | undefined;
let lastCompiled: CompiledTable | undefined;

export function compiledTable(table: Table, family: Family): CompiledTable {
	if (table === lastTable && lastCompiled !== undefined && lastCompiled.family === family) return lastCompiled;
	let c = COMPILED.get(table);
	if (c === undefined || c.family !== family) {
		c = new CompiledTable(family);
		COMPILED.set(table, c);
	}
	lastTable = table;
	lastCompiled = c;
	return c;
}

/**
 * Counting packets copies a table whose chains hold copies of some rules that differ only in
 * their counters (./counters.ts): the copy keeps what was compiled instead of compiling again.
 */
export function keepCompiled(from: Table, to: Table): void {
	const c = COMPILED.get(from);
	if (c !== undefined && to.chains.length === from.chains.length) COMPILED.set(to, c);
}
