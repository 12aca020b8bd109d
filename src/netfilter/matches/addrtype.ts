// -m addrtype: match by the routing type of an address (LOCAL = one of this host's addresses).

import { ok, param, type XtResult } from '../errors';
import { MATCHED, noMatch, type MatchContext, type MatchResult } from '../engine/types';
import type { MatchExtension } from '../extension';
import { addressType } from '../../netns/route';

/** Address types in the kernel's RTN_* order, which is also the order iptables prints them. */
export const ADDR_TYPES = [
	'UNSPEC', 'UNICAST', 'LOCAL', 'BROADCAST', 'ANYCAST', 'MULTICAST', 'BLACKHOLE', 'UNREACHABLE',
	'PROHIBIT', 'THROW', 'NAT', 'XRESOLVE',
] as const;
export type AddrType = (typeof ADDR_TYPES)[number];

export interface AddrtypeData {
	readonly src?: { readonly types: readonly AddrType[]; readonly invert: boolean };
	readonly dst?: { readonly types: readonly AddrType[]; readonly invert: boolean };
	readonly limitIfaceIn: boolean;
	readonly limitIfaceOut: boolean;
}

function parseTypes(text: string): AddrType[] | undefined {
	const picked = new Set<string>();
	for (const w of text.split(',')) {
		const u = w.toUpperCase();
		if (!(ADDR_TYPES as readonly string[]).includes(u)) return undefined;
		picked.add(u);
	}
	return ADDR_TYPES.filter((t) => picked.has(t));
}

export const addrtype: MatchExtension<AddrtypeData> = {
	kind: 'match',
	name: 'addrtype',
	options: [
		{ name: 'src-type', args: 1, invertible: true },
		{ name: 'dst-type', args: 1, invertible: true },
		{ name: 'limit-iface-in', args: 0 },
		{ name: 'limit-iface-out', args: 0 },
	],
	init: () => ({ limitIfaceIn: false, limitIfaceOut: false }),
	parse(data, option, args, invert): XtResult<AddrtypeData> {
		if (option === 'limit-iface-in') return ok({ ...data, limitIfaceIn: true });
		if (option === 'limit-iface-out') return ok({ ...data, limitIfaceOut: true });
		const types = parseTypes(args[0] ?? '');
		if (types === undefined) return param(`addrtype: bad type "${args[0]}"`);
		return ok({ ...data, [option === 'src-type' ? 'src' : 'dst']: { types, invert } });
	},
	finalCheck: (d) => (d.src === undefined && d.dst === undefined ? param('addrtype: you must specify --src-type or --dst-type') : ok(d)),
	matches: (d, ctx) => addrtypeMatches(d, ctx),
	save(d) {
		const out: string[] = [];
		if (d.src) out.push(`${d.src.invert ? '! ' : ''}--src-type ${d.src.types.join(',')}`);
		if (d.dst) out.push(`${d.dst.invert ? '! ' : ''}--dst-type ${d.dst.types.join(',')}`);
		if (d.limitIfaceIn) out.push('--limit-iface-in');
		if (d.limitIfaceOut) out.push('--limit-iface-out');
		return out.join(' ');
	},
	list(d) {
		const out = ['ADDRTYPE match'];
		if (d.src) out.push(`src-type ${d.src.invert ? '!' : ''}${d.src.types.join(',')}`);
		if (d.dst) out.push(`dst-type ${d.dst.invert ? '!' : ''}${d.dst.types.join(',')}`);
		if (d.limitIfaceIn) out.push('limit-in');
		if (d.limitIfaceOut) out.push('limit-out');
		return out.join(' ');
	},
};

/** addrtype_mt_v1 in net/netfilter/xt_addrtype.c: the kernel's type of each address (a lookup in
 * the local routing table, limited to the in/out interface if asked), source first. */
function addrtypeMatches(d: AddrtypeData, ctx: MatchContext): MatchResult {
	const p = ctx.packet;
	const dev = d.limitIfaceIn ? p.inIface : d.limitIfaceOut ? p.outIface : undefined;
	const check = (sel: AddrtypeData['src'], addr: string, code: 'src-type' | 'dst-type'): MatchResult => {
		if (sel === undefined) return MATCHED;
		const type = addressType(ctx.netns, addr, dev);
		return sel.types.includes(type) !== sel.invert ? MATCHED : noMatch(code, `${addr} (${type})`, sel.types.join(','), sel.invert);
	};
	const src = check(d.src, p.src, 'src-type');
	return src.ok ? check(d.dst, p.dst, 'dst-type') : src;
}
