// Checks the kernel makes when a rule is committed: a target restricted to one table (REDIRECT:
// nat, TPROXY: mangle, CT: raw, REJECT: filter), extensions restricted to some hooks (owner only
// in OUTPUT/POSTROUTING, socket only in PREROUTING/INPUT) wherever the rule's chain is reachable
// from, and protocol requirements (TPROXY needs -p tcp or -p udp). See xt_check_match/_target in
// net/netfilter/x_tables.c.

import { MATCHES, TARGETS } from './registry';
import { isBuiltin } from './ruleset';
import type { Backend, Hook, Rule, Table } from './types';

/** Built-in chains (hooks) from which each chain of the table can be reached by jumps and gotos. */
export function reachingHooks(table: Table): Map<string, Set<Hook>> {
	const hooks = new Map<string, Set<Hook>>(table.chains.map((c) => [c.name, new Set<Hook>()]));
	const visit = (chain: string, hook: Hook, seen: Set<string>): void => {
		if (seen.has(chain)) return;
		seen.add(chain);
		hooks.get(chain)?.add(hook);
		const c = table.chains.find((x) => x.name === chain);
		for (const r of c?.rules ?? []) if (r.target?.kind === 'jump') visit(r.target.chain, hook, seen);
	};
	for (const c of table.chains) if (isBuiltin(table.name, c.name)) visit(c.name, c.name as Hook, new Set());
	return hooks;
}

export function ruleIsValid(table: Table, hooks: ReadonlySet<Hook>, rule: Rule, backend: Backend): boolean {
	// nf_tables refuses an inverted match on a zero-length prefix (`! -s 0.0.0.0/0`).
	if (backend === 'nft' && (rule.src?.prefix === 0 || rule.dst?.prefix === 0)) return false;
	const allowed = (list: readonly Hook[] | undefined): boolean => list === undefined || [...hooks].every((h) => list.includes(h));
	const protoOk = (list: readonly number[] | undefined): boolean =>
		list === undefined || (rule.protocol !== undefined && !rule.protocol.invert && list.includes(rule.protocol.number));
	for (const m of rule.matches) {
		const ext = MATCHES.get(m.name);
		// iptables-nft turns tcp/udp into payload matches: no kernel protocol check for those.
		if (!allowed(ext?.hooks) || (backend === 'legacy' && !protoOk(ext?.protocols))) return false;
	}
	if (rule.target?.kind === 'extension') {
		const t = TARGETS.get(rule.target.name);
		if (t?.table !== undefined && t.table !== table.name) return false;
		if (!allowed(t?.hooks)) return false;
		if (!protoOk(t?.protocols)) return false;
	}
	return true;
}

/** Rules the kernel would refuse, as (chain, rule) pairs in table order. */
export function invalidRules(table: Table, backend: Backend): { chain: string; rule: Rule }[] {
	const hooks = reachingHooks(table);
	const out: { chain: string; rule: Rule }[] = [];
	for (const c of table.chains) {
		for (const r of c.rules) if (!ruleIsValid(table, hooks.get(c.name) ?? new Set(), r, backend)) out.push({ chain: c.name, rule: r });
	}
	return out;
}
