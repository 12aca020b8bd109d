// `ip rule` (iproute2 6.1 iprule.c): the policy rules by priority, as
// `PRIO:\tfrom SRC [to DST] [fwmark 0xV[/0xM]] [iif DEV] [oif DEV] lookup TABLE`, and the add/del
// that TPROXY's setup uses (`ip -4 rule add fwmark 1337 lookup 133`). A rule added without a
// priority gets one below the lowest non-zero one in use (the model's addRule); del removes the
// first rule, by priority, that matches every selector given.

import { addRule } from '../../netns/build';
import { parseCidr } from '../../netns/addr';
import type { Netns, PolicyRule } from '../../netns/types';
import { INCOMPLETE, matches, parseTable, parseU32, tableName, wrong } from './args';
import { RULE_USAGE } from './help';
import type { Globals, IpRun as Out } from './types';

/** The IPv6 rules every namespace has (the model keeps IPv4 rules only). */
const V6_DEFAULTS: readonly PolicyRule[] = [
	{ priority: 0, family: 'ipv6', table: 255 },
	{ priority: 32766, family: 'ipv6', table: 254 },
];

function prefixText(p: { address: string; prefix: number }): string {
	return p.prefix === (p.address.includes(':') ? 128 : 32) ? p.address : `${p.address}/${p.prefix}`;
}

export function ruleLine(r: PolicyRule): string {
	const p = [`from ${r.from === undefined ? 'all' : prefixText(r.from)}`];
	if (r.to !== undefined) p.push(`to ${prefixText(r.to)}`);
	if (r.fwmark !== undefined) p.push(`fwmark 0x${r.fwmark.value.toString(16)}${r.fwmark.mask === 0xffffffff ? '' : `/0x${r.fwmark.mask.toString(16)}`}`);
	if (r.iif !== undefined) p.push(`iif ${r.iif}`);
	if (r.oif !== undefined) p.push(`oif ${r.oif}`);
	p.push(`lookup ${tableName(r.table)}`);
	return `${r.priority}:\t${p.join(' ')}\n`;
}

function rulesOf(ns: Netns, family: 'ipv4' | 'ipv6'): readonly PolicyRule[] {
	const own = ns.rules.filter((r) => r.family === family);
	return family === 'ipv6' && own.length === 0 ? V6_DEFAULTS : own;
}

interface Selector {
	from?: { address: string; prefix: number };
	to?: { address: string; prefix: number };
	fwmark?: { value: number; mask: number };
	iif?: string;
	oif?: string;
	priority?: number;
	table?: number;
}

function parseSelector(args: readonly string[]): Selector | { stderr: string } {
	const s: Selector = {};
	for (let k = 0; k < args.length; k++) {
		const w = args[k] ?? '';
		const v = args[k + 1];
		const known = ['from', 'to', 'fwmark', 'iif', 'dev', 'oif', 'priority', 'preference', 'order', 'pref', 'table', 'lookup'];
		if (!known.includes(w) && !matches(w, 'priority') && !matches(w, 'lookup')) return { stderr: wrong(w, 'Failed to parse rule type') };
		if (v === undefined) return { stderr: INCOMPLETE };
		k++;
		if (w === 'from' || w === 'to') {
			const c = v === 'all' ? undefined : parseCidr(v);
			if (v !== 'all' && c === undefined) return { stderr: `Error: any valid prefix is expected rather than "${v}".\n` };
			if (c !== undefined) s[w] = { address: c.address, prefix: c.prefix };
		} else if (w === 'fwmark') {
			const [val = '', mask] = v.split('/');
			const n = parseU32(val);
			const m = mask === undefined ? 0xffffffff : parseU32(mask);
			if (n === undefined) return { stderr: `${wrong(val, 'fwmark value is invalid')}\n` };
			if (m === undefined) return { stderr: `${wrong(mask ?? '', 'fwmask value is invalid')}\n` };
			s.fwmark = { value: n, mask: m };
		} else if (w === 'iif' || w === 'dev') s.iif = v;
		else if (w === 'oif') s.oif = v;
		else if (w === 'table' || matches(w, 'lookup')) {
			const t = parseTable(v);
			if (t === undefined) return { stderr: `${wrong(v, 'invalid table ID')}\n` };
			s.table = t;
		} else {
			const n = parseU32(v);
			if (n === undefined) return { stderr: `${wrong(v, 'preference value is invalid')}\n` };
			s.priority = n;
		}
	}
	return s;
}

function selects(r: PolicyRule, s: Selector): boolean {
	const same = (a: { address: string; prefix: number } | undefined, b: { address: string; prefix: number } | undefined): boolean => b === undefined || (a !== undefined && a.address === b.address && a.prefix === b.prefix);
	return (
		same(r.from, s.from) &&
		same(r.to, s.to) &&
		(s.fwmark === undefined || (r.fwmark?.value === s.fwmark.value && r.fwmark.mask === s.fwmark.mask)) &&
		(s.iif === undefined || r.iif === s.iif) &&
		(s.oif === undefined || r.oif === s.oif) &&
		(s.priority === undefined || r.priority === s.priority) &&
		(s.table === undefined || r.table === s.table)
	);
}

export function ipRule(ns: Netns, g: Globals, args: readonly string[]): Out | { unsupported: string } {
	const out = (stdout: string, stderr: string, exitCode: number, netns = ns): Out => ({ stdout, stderr, exitCode, netns });
	const cmd = args[0];
	const family = g.family ?? 'ipv4';
	if (cmd === undefined || matches(cmd, 'list') || matches(cmd, 'show') || cmd === 'lst') {
		return out(rulesOf(ns, family).map(ruleLine).join(''), '', 0);
	}
	if (matches(cmd, 'add') || matches(cmd, 'delete')) {
		const verb = matches(cmd, 'add') ? 'add' : 'del';
		if (args.length === 1) return out('', `"ip rule ${verb}" requires arguments.\n`, 1);
		const s = parseSelector(args.slice(1));
		if ('stderr' in s) return out('', s.stderr, 255);
		if (family === 'ipv6') return { unsupported: 'ip -6 rule' };
		if (verb === 'add') {
			const { priority, table, ...sel } = s;
			return out('', '', 0, addRule(ns, { ...sel, table: table ?? 254, ...(priority !== undefined ? { priority } : {}) }));
		}
		const victim = ns.rules.filter((r) => r.family === family).find((r) => selects(r, s));
		if (victim === undefined) return out('', 'RTNETLINK answers: No such file or directory\n', 2);
		return out('', '', 0, { ...ns, rules: ns.rules.filter((r) => r !== victim) });
	}
	if (matches(cmd, 'flush') || matches(cmd, 'save') || matches(cmd, 'restore')) return { unsupported: `ip rule ${cmd}` };
	if (matches(cmd, 'help')) return out('', RULE_USAGE, 255);
	return out('', `Command "${cmd}" is unknown, try "ip rule help".\n`, 255);
}
