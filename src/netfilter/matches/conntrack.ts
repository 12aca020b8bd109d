// -m conntrack: match the connection-tracking state. Istio's --drop-invalid mode drops
// `--ctstate INVALID`; TPROXY mode sends RELATED,ESTABLISHED packets straight to ISTIO_DIVERT.

import { ok, param, type XtResult } from '../errors';
import { MATCHED, noMatch, type CtView, type MatchResult } from '../engine/types';
import type { MatchExtension } from '../extension';

/** State names in the order iptables prints them, whatever order they were given in. */
export const CT_STATES = ['INVALID', 'NEW', 'RELATED', 'ESTABLISHED', 'UNTRACKED', 'SNAT', 'DNAT'] as const;
export type CtState = (typeof CT_STATES)[number];

export const CT_STATUSES = ['NONE', 'EXPECTED', 'SEEN_REPLY', 'ASSURED', 'CONFIRMED'] as const;
export type CtStatus = (typeof CT_STATUSES)[number];

export interface ConntrackData {
	readonly state?: { readonly states: readonly CtState[]; readonly invert: boolean };
	readonly proto?: { readonly number: number; readonly invert: boolean };
	readonly status?: { readonly statuses: readonly CtStatus[]; readonly invert: boolean };
	readonly dir?: 'ORIGINAL' | 'REPLY';
}

function parseList<T extends string>(all: readonly T[], text: string): T[] | undefined {
	const picked = new Set<string>();
	for (const word of text.split(',')) {
		const w = word.toUpperCase();
		if (!(all as readonly string[]).includes(w)) return undefined;
		picked.add(w);
	}
	return all.filter((s) => picked.has(s));
}

const inv = (i: boolean, s: string): string => (i ? `! ${s}` : s);

export const conntrack: MatchExtension<ConntrackData> = {
	kind: 'match',
	name: 'conntrack',
	options: [
		{ name: 'ctstate', args: 1, invertible: true },
		{ name: 'ctproto', args: 1, invertible: true },
		{ name: 'ctstatus', args: 1, invertible: true },
		{ name: 'ctdir', args: 1 },
	],
	init: () => ({}),
	parse(data, option, args, invert, ctx): XtResult<ConntrackData> {
		const arg = args[0] ?? '';
		switch (option) {
			case 'ctstate': {
				const states = parseList(CT_STATES, arg);
				return states ? ok({ ...data, state: { states, invert } }) : param(`Bad ctstate "${arg}"`);
			}
			case 'ctstatus': {
				const statuses = parseList(CT_STATUSES, arg);
				return statuses ? ok({ ...data, status: { statuses, invert } }) : param(`Bad ctstatus "${arg}"`);
			}
			case 'ctproto': {
				const n = /^\d+$/.test(arg) ? Number(arg) : ctx.resolver.protocolNumber(arg);
				return n === undefined || n > 255 ? param(`unknown protocol "${arg}" specified`) : ok({ ...data, proto: { number: n, invert } });
			}
			default: {
				const d = arg.toUpperCase();
				return d === 'ORIGINAL' || d === 'REPLY' ? ok({ ...data, dir: d }) : param(`conntrack: Bad value for "--ctdir" option: "${arg}"`);
			}
		}
	},
	matches: (d, ctx) => conntrackMatches(d, ctx.ct),
	save(d) {
		const out: string[] = [];
		if (d.state) out.push(inv(d.state.invert, `--ctstate ${d.state.states.join(',')}`));
		if (d.proto) out.push(inv(d.proto.invert, `--ctproto ${d.proto.number}`));
		if (d.status) out.push(inv(d.status.invert, `--ctstatus ${d.status.statuses.join(',')}`));
		if (d.dir) out.push(`--ctdir ${d.dir}`);
		return out.join(' ');
	},
	list(d) {
		const out: string[] = [];
		if (d.state) out.push(inv(d.state.invert, `ctstate ${d.state.states.join(',')}`));
		if (d.proto) out.push(inv(d.proto.invert, `ctproto ${d.proto.number}`));
		if (d.status) out.push(inv(d.status.invert, `ctstatus ${d.status.statuses.join(',')}`));
		if (d.dir) out.push(`ctdir ${d.dir}`);
		return out.join(' ');
	},
};

/** The states a packet is in for --ctstate: its ctinfo, plus SNAT/DNAT from the entry's status. */
function stateWords(ct: CtView | undefined): readonly CtState[] {
	if (ct === undefined) return ['INVALID'];
	const words: CtState[] = [ct.state];
	if (ct.snat) words.push('SNAT');
	if (ct.dnat) words.push('DNAT');
	return words;
}

/** conntrack_mt in net/netfilter/xt_conntrack.c, in its order: state, then (with an entry) the
 * protocol, the status bits and the direction. */
function conntrackMatches(d: ConntrackData, ct: CtView | undefined): MatchResult {
	if (d.state) {
		const words = stateWords(ct);
		if (words.some((w) => d.state?.states.includes(w)) === d.state.invert) return noMatch('ctstate', words.join(','), d.state.states.join(','), d.state.invert);
	}
	if (ct === undefined || ct.state === 'UNTRACKED' || ct.state === 'INVALID') {
		return d.proto || d.status || d.dir ? noMatch('no-conntrack', '', '') : MATCHED;
	}
	if (d.proto && (ct.proto === d.proto.number) === d.proto.invert) return noMatch('ctproto', `${ct.proto}`, `${d.proto.number}`, d.proto.invert);
	if (d.status) {
		const have: CtStatus[] = [];
		if (ct.seenReply) have.push('SEEN_REPLY');
		if (ct.assured) have.push('ASSURED');
		if (ct.confirmed) have.push('CONFIRMED');
		if (have.some((s) => d.status?.statuses.includes(s)) === d.status.invert) return noMatch('ctstatus', have.join(',') || 'NONE', d.status.statuses.join(','), d.status.invert);
	}
	if (d.dir && (ct.dir === 'original') !== (d.dir === 'ORIGINAL')) return noMatch('ctdir', (ct.dir ?? 'original').toUpperCase(), d.dir);
	return MATCHED;
}
