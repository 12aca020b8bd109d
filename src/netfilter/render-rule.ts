// A rule's canonical text, the single source for iptables-save, `iptables -S` and rule
// comparison (-D/-C by specification compare what iptables would print).
// Order: -s -d -i -o -p -f, then each match as loaded, then -j/-g (iptables-save's print order).

import { saveAddress } from './addr';
import type { PrintContext } from './extension';
import type { NameResolver } from './names';
import { protocolText } from './protocols';
import { MATCHES, TARGETS } from './registry';
import type { Counters, Family, Rule } from './types';

export function printContext(family: Family, rule: Rule, resolver: NameResolver, numeric: boolean): PrintContext {
	return { family, numeric, resolver, protocol: rule.protocol };
}

const inv = (i: boolean): string => (i ? '! ' : '');

/** `-s 10.0.0.0/8 -p tcp -m tcp --dport 80 -j ACCEPT`; with `counters`, `-c P B` before the target. */
export function ruleSpecText(rule: Rule, family: Family, resolver: NameResolver, counters?: Counters): string {
	const parts: string[] = [];
	if (rule.src) parts.push(`${inv(rule.src.invert)}-s ${saveAddress(rule.src)}`);
	if (rule.dst) parts.push(`${inv(rule.dst.invert)}-d ${saveAddress(rule.dst)}`);
	if (rule.inIface) parts.push(`${inv(rule.inIface.invert)}-i ${rule.inIface.name}`);
	if (rule.outIface) parts.push(`${inv(rule.outIface.invert)}-o ${rule.outIface.name}`);
	if (rule.protocol) parts.push(`${inv(rule.protocol.invert)}-p ${protocolText(rule.protocol.number, resolver)}`);
	if (rule.fragment) parts.push(`${inv(rule.fragment.invert)}-f`);
	const ctx = printContext(family, rule, resolver, true);
	for (const m of rule.matches) {
		const text = MATCHES.get(m.name)?.save(m.data, ctx) ?? '';
		parts.push(text === '' ? `-m ${m.name}` : `-m ${m.name} ${text}`);
	}
	if (counters) parts.push(`-c ${counters.packets} ${counters.bytes}`);
	const t = rule.target;
	if (t?.kind === 'verdict') parts.push(`-j ${t.verdict}`);
	else if (t?.kind === 'jump') parts.push(`${t.goto ? '-g' : '-j'} ${t.chain}`);
	else if (t?.kind === 'extension') {
		const text = TARGETS.get(t.name)?.save(t.data, ctx) ?? '';
		parts.push(text === '' ? `-j ${t.name}` : `-j ${t.name} ${text}`);
	}
	return parts.join(' ');
}

/** Two rules are the same rule when iptables would print them the same way. */
export function sameRule(a: Rule, b: Rule, family: Family, resolver: NameResolver): boolean {
	return ruleSpecText(a, family, resolver) === ruleSpecText(b, family, resolver);
}
