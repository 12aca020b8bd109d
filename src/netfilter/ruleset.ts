// Pure operations on a Ruleset: every function returns a new value and never mutates its input.
// Failures are worded as iptables 1.8.9 reports them for the back end in use.

import { fail, kernel, ok, type XtError, type XtResult } from './errors';
import { BUILTIN_CHAINS, ZERO, type Backend, type Chain, type Policy, type Rule, type Ruleset, type Table, type TableName } from './types';

export const NO_SUCH = 'No chain/target/match by that name.';

export function newTable(name: TableName): Table {
	return { name, chains: BUILTIN_CHAINS[name].map((hook) => ({ name: hook, policy: 'ACCEPT', counters: ZERO, rules: [] })) };
}

export function findTable(rs: Ruleset, name: TableName): Table | undefined {
	return rs.tables.find((t) => t.name === name);
}

/** The table as listing commands see it: nf_tables shows built-in chains of a table it lacks. */
export function tableOrEmpty(rs: Ruleset, name: TableName): Table {
	return findTable(rs, name) ?? newTable(name);
}

/** Creates the table if needed (registering it, as loading iptable_<name> does). */
export function ensureTable(rs: Ruleset, name: TableName): Ruleset {
	return findTable(rs, name) ? rs : { ...rs, tables: [...rs.tables, newTable(name)] };
}

export function putTable(rs: Ruleset, table: Table): Ruleset {
	const exists = rs.tables.some((t) => t.name === table.name);
	return { ...rs, tables: exists ? rs.tables.map((t) => (t.name === table.name ? table : t)) : [...rs.tables, table] };
}

export function dropTable(rs: Ruleset, name: TableName): Ruleset {
	return { ...rs, tables: rs.tables.filter((t) => t.name !== name) };
}

export function isBuiltin(table: TableName, chain: string): boolean {
	return (BUILTIN_CHAINS[table] as readonly string[]).includes(chain);
}

export function findChain(table: Table, name: string): Chain | undefined {
	return table.chains.find((c) => c.name === name);
}

/** strcmp order, which both back ends use for user chains in every listing. */
export const byName = (a: Chain, b: Chain): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** Chains in listing order: built-ins in their fixed order, then user chains sorted by name. */
export function listingOrder(table: Table): Chain[] {
	const builtins = table.chains.filter((c) => c.policy !== undefined);
	const users = table.chains.filter((c) => c.policy === undefined).sort(byName);
	return [...builtins, ...users];
}

export function jumpsTo(rule: Rule, chain: string): boolean {
	return rule.target?.kind === 'jump' && rule.target.chain === chain;
}

/** `(N references)`: rules of the table that jump or go to the chain. */
export function references(table: Table, chain: string): number {
	let n = 0;
	for (const c of table.chains) for (const r of c.rules) if (jumpsTo(r, chain)) n++;
	return n;
}

function mapChain(table: Table, name: string, fn: (c: Chain) => Chain): Table {
	return { ...table, chains: table.chains.map((c) => (c.name === name ? fn(c) : c)) };
}

function withChain(table: Table, name: string, fn: (c: Chain) => XtResult<Chain>): XtResult<Table> {
	const chain = findChain(table, name);
	if (chain === undefined) return kernel(NO_SUCH);
	const r = fn(chain);
	return r.ok ? ok(mapChain(table, name, () => r.value)) : r;
}

export function appendRule(table: Table, chain: string, rule: Rule): XtResult<Table> {
	return withChain(table, chain, (c) => ok({ ...c, rules: [...c.rules, rule] }));
}

/** -I CHAIN N: position 1 is the head; N may be one past the end (iptables allows that). */
export function insertRule(table: Table, chain: string, position: number, rule: Rule): XtResult<Table> {
	return withChain(table, chain, (c) => {
		if (position > c.rules.length + 1) return kernel('Index of insertion too big.');
		const rules = [...c.rules];
		rules.splice(position - 1, 0, rule);
		return ok({ ...c, rules });
	});
}

export function deleteRuleAt(table: Table, chain: string, position: number, backend: Backend): XtResult<Table> {
	return withChain(table, chain, (c) => {
		if (position > c.rules.length) return kernel(backend === 'nft' ? NO_SUCH : 'Index of deletion too big.');
		return ok({ ...c, rules: c.rules.filter((_, i) => i !== position - 1) });
	});
}

export function replaceRuleAt(table: Table, chain: string, position: number, rule: Rule, backend: Backend): XtResult<Table> {
	return withChain(table, chain, (c) => {
		if (position > c.rules.length) return kernel(backend === 'nft' ? NO_SUCH : 'Index of replacement too big.');
		return ok({ ...c, rules: c.rules.map((r, i) => (i === position - 1 ? rule : r)) });
	});
}

/** Index (0-based) of the first rule equal to `rule` by `same`, or -1. */
export function findRule(table: Table, chain: string, same: (r: Rule) => boolean): XtResult<number> {
	const c = findChain(table, chain);
	if (c === undefined) return kernel(NO_SUCH);
	return ok(c.rules.findIndex(same));
}

export function newChain(table: Table, name: string): XtResult<Table> {
	if (findChain(table, name)) return kernel('Chain already exists.');
	return ok({ ...table, chains: [...table.chains, { name, counters: ZERO, rules: [] }] });
}

/** -X CHAIN: only an empty user chain nothing refers to can go. */
export function deleteChain(table: Table, name: string, backend: Backend): XtResult<Table> {
	const c = findChain(table, name);
	if (c === undefined) return kernel(NO_SUCH);
	if (c.policy !== undefined) return kernel(backend === 'nft' ? NO_SUCH : "Invalid argument. Run `dmesg' for more information.");
	if (references(table, name) > 0 || c.rules.length > 0) {
		if (backend === 'nft') {
			return fail({ kind: 'netlink', failures: [{ op: 'CHAIN_DEL', reason: 'Device or resource busy', object: `chain ${name}` }] });
		}
		return kernel(references(table, name) > 0 ? 'Too many links.' : 'Directory not empty.');
	}
	return ok({ ...table, chains: table.chains.filter((x) => x.name !== name) });
}

/**
 * -X without a chain: all user chains in one transaction. Any chain that still has rules or is
 * still jumped to makes the whole command fail and nothing is deleted. nf_tables reports the first
 * failure; iptables-legacy goes on through every chain and reports the last one.
 */
export function deleteAllUserChains(table: Table, backend: Backend): XtResult<Table> {
	const users = listingOrder(table).filter((c) => c.policy === undefined);
	let t = table;
	let error: XtError | undefined;
	for (const c of users) {
		const r = deleteChain(t, c.name, backend);
		if (r.ok) t = r.value;
		else if (backend === 'legacy' || error === undefined) error = r.error;
	}
	return error === undefined ? ok(t) : fail(error);
}

export function flushChain(table: Table, name: string | undefined): XtResult<Table> {
	if (name === undefined) return ok({ ...table, chains: table.chains.map((c) => ({ ...c, rules: [] })) });
	return withChain(table, name, (c) => ok({ ...c, rules: [] }));
}

export function zeroCounters(table: Table, name: string | undefined, position?: number): XtResult<Table> {
	const zero = (c: Chain): Chain => ({
		...c,
		counters: position === undefined ? ZERO : c.counters,
		rules: c.rules.map((r, i) => (position === undefined || i === position - 1 ? { ...r, counters: ZERO } : r)),
	});
	if (name === undefined) return ok({ ...table, chains: table.chains.map(zero) });
	return withChain(table, name, (c) => ok(zero(c)));
}

export function setPolicy(table: Table, name: string, policy: Policy, counters?: Rule['counters']): XtResult<Table> {
	const c = findChain(table, name);
	if (c === undefined || c.policy === undefined) return kernel('Bad built-in chain name.');
	return ok(mapChain(table, name, (x) => ({ ...x, policy, counters: counters ?? x.counters })));
}

/** -E OLD NEW: renames the chain and every jump to it. */
export function renameChain(table: Table, from: string, to: string): XtResult<Table> {
	const c = findChain(table, from);
	if (c === undefined || c.policy !== undefined) return kernel(NO_SUCH);
	if (findChain(table, to)) return kernel('File exists.');
	return ok({
		...table,
		chains: table.chains.map((x) => ({
			...x,
			name: x.name === from ? to : x.name,
			rules: x.rules.map((r) => (r.target?.kind === 'jump' && r.target.chain === from ? { ...r, target: { ...r.target, chain: to } } : r)),
		})),
	});
}
