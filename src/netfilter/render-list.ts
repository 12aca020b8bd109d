// `iptables -L` with -n, -v, -x and --line-numbers: fixed-width columns as iptables 1.8.9 prints
// them (observed widths: target 9, prot 4, in/out 6, source/destination 19, each followed by a
// space; counters 5 wide with K/M/G/T units, or 8 wide with -x).

import { listAddress } from './addr';
import type { NameResolver } from './names';
import { protocolText } from './protocols';
import { MATCHES, TARGETS } from './registry';
import { printContext } from './render-rule';
import { listingOrder, references } from './ruleset';
import type { Counters, Family, Rule, Table } from './types';

export interface ListOptions {
	readonly numeric: boolean;
	readonly verbose: boolean;
	readonly exact: boolean;
	readonly lineNumbers: boolean;
	readonly resolver: NameResolver;
}

/**
 * A counter as iptables prints it without -x: plain up to 99999, then rounded to the nearest
 * thousand with a unit letter while the number stays under 10000 (so 9999499 is 9999K and
 * 9999500 is 10M).
 */
export function humanCount(n: bigint): string {
	if (n <= 99999n) return `${n}`;
	// The rounding is done in uint64_t, so counters near 2^64 wrap around (2^64-1 prints "0K").
	const round = (v: bigint): bigint => ((v + 500n) % 2n ** 64n) / 1000n;
	let v = n;
	for (const unit of ['K', 'M', 'G']) {
		v = round(v);
		if (v <= 9999n) return `${v}${unit}`;
	}
	return `${round(v)}T`;
}

const pad = (s: string, w: number): string => s.padEnd(w, ' ');
const lpad = (s: string, w: number): string => s.padStart(w, ' ');

function header(o: ListOptions): string {
	let h = '';
	if (o.lineNumbers) h += `${pad('num', 4)} `;
	if (o.verbose) h += o.exact ? `${lpad('pkts', 8)} ${lpad('bytes', 10)} ` : `${lpad('pkts', 5)} ${lpad('bytes', 5)} `;
	h += `${pad('target', 9)}  prot opt`;
	if (o.verbose) h += ` ${pad('in', 6)} ${pad('out', 6)} `;
	h += ` ${pad('source', 19)}  ${pad('destination', 19)} `;
	return h;
}

function counterCells(c: Counters, o: ListOptions): string {
	if (o.exact) return `${lpad(`${c.packets}`, 8)} ${lpad(`${c.bytes}`, 8)} `;
	return `${lpad(humanCount(c.packets), 5)} ${lpad(humanCount(c.bytes), 5)} `;
}

function targetName(rule: Rule): string {
	const t = rule.target;
	if (t === undefined) return '';
	if (t.kind === 'verdict') return t.verdict;
	if (t.kind === 'jump') return t.chain;
	return t.name;
}

function iface(spec: Rule['inIface'], numeric: boolean): string {
	if (spec === undefined) return numeric ? '*' : 'any';
	return `${spec.invert ? '!' : ''}${spec.name}`;
}

export function ruleRow(rule: Rule, num: number, family: Family, o: ListOptions): string {
	let row = '';
	if (o.lineNumbers) row += `${pad(`${num}`, 4)} `;
	if (o.verbose) row += counterCells(rule.counters, o);
	row += `${pad(targetName(rule), 9)} `;
	const proto = rule.protocol;
	const protoText = proto === undefined ? (o.numeric ? '0' : 'all') : o.numeric ? `${proto.number}` : protocolText(proto.number, o.resolver);
	row += `${proto?.invert ? '!' : ' '}${pad(protoText, 4)} `;
	row += rule.fragment ? `${rule.fragment.invert ? '!' : '-'}f ` : '-- ';
	if (o.verbose) row += ` ${pad(iface(rule.inIface, o.numeric), 6)} ${pad(iface(rule.outIface, o.numeric), 6)} `;
	row += `${rule.src?.invert ? '!' : ' '}${pad(listAddress(rule.src, family, o.numeric, o.resolver), 19)} `;
	row += `${rule.dst?.invert ? '!' : ' '}${pad(listAddress(rule.dst, family, o.numeric, o.resolver), 19)} `;
	if (rule.target?.kind === 'jump' && rule.target.goto) row += '[goto] ';
	const ctx = printContext(family, rule, o.resolver, o.numeric);
	for (const m of rule.matches) {
		const text = MATCHES.get(m.name)?.list(m.data, ctx) ?? '';
		if (text !== '') row += ` ${text}`;
	}
	if (rule.target?.kind === 'extension') {
		const text = TARGETS.get(rule.target.name)?.list(rule.target.data, ctx) ?? '';
		if (text !== '') row += ` ${text}`;
	}
	return row;
}

export function listChain(table: Table, chainName: string, family: Family, o: ListOptions): string {
	const chain = table.chains.find((c) => c.name === chainName);
	if (chain === undefined) return '';
	let head = `Chain ${chain.name} `;
	if (chain.policy !== undefined) {
		const counts = o.verbose
			? ` ${o.exact ? chain.counters.packets : humanCount(chain.counters.packets)} packets, ${o.exact ? chain.counters.bytes : humanCount(chain.counters.bytes)} bytes`
			: '';
		head += `(policy ${chain.policy}${counts})`;
	} else head += `(${references(table, chain.name)} references)`;
	const lines = [head, header(o), ...chain.rules.map((r, i) => ruleRow(r, i + 1, family, o))];
	return `${lines.join('\n')}\n`;
}

/** `iptables -L [CHAIN]`: chains separated by an empty line. */
export function listTable(table: Table, family: Family, o: ListOptions, chain?: string): string {
	const names = listingOrder(table)
		.map((c) => c.name)
		.filter((n) => chain === undefined || n === chain);
	return names.map((n) => listChain(table, n, family, o)).join('\n');
}
