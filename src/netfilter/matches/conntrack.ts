// -m conntrack: match the connection-tracking state. Istio's --drop-invalid mode drops
// `--ctstate INVALID`; TPROXY mode sends RELATED,ESTABLISHED packets straight to ISTIO_DIVERT.

import { ok, param, type XtResult } from '../errors';
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
