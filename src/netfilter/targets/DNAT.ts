// -j DNAT: rewrite the destination of a new connection (nat PREROUTING and OUTPUT). kube-proxy's
// KUBE-SEP-* chains end in `-j DNAT --to-destination POD:PORT`: the ClusterIP becomes the chosen
// endpoint, conntrack keeps the mapping, and replies come back from the ClusterIP again.

import { ok, type XtResult } from '../errors';
import type { TargetExtension } from '../extension';
import { EMPTY_RANGE, flagsText, parseNatTo, rangeText, type NatRange } from '../nat-range';
import { Hook } from '../types';
import type { TargetContext, TargetResult } from '../engine/types';
import { chooseAddress } from '../engine/nat';

export const DNAT: TargetExtension<NatRange> = {
	kind: 'target',
	name: 'DNAT',
	table: 'nat',
	hooks: [Hook.Prerouting, Hook.Output],
	options: [
		{ name: 'to-destination', args: 1, required: true },
		{ name: 'random', args: 0 },
		{ name: 'persistent', args: 0 },
	],
	init: () => EMPTY_RANGE,
	parse(data, option, args, _invert, ctx): XtResult<NatRange> {
		if (option === 'random') return ok({ ...data, random: true });
		if (option === 'persistent') return ok({ ...data, persistent: true });
		return parseNatTo(args[0] ?? '', data, ctx);
	},
	verdict: (d, ctx) => natVerdict(d, ctx, 'dst'),
	save: (d, ctx) => [...(d.addresses || d.ports ? [`--to-destination ${rangeText(d, ctx.family)}`] : []), ...flagsText(d, '--')].join(' '),
	list: (d, ctx) => [...(d.addresses || d.ports ? [`to:${rangeText(d, ctx.family)}`] : []), ...flagsText(d, '')].join(' '),
};

/**
 * nf_nat_setup_info with the rule's range: the address from the range (find_best_ips_proto), the
 * port left to the engine's get_unique_tuple. Without an address range the address stays.
 */
export function natVerdict(d: NatRange, ctx: TargetContext, manip: 'src' | 'dst', address?: string): TargetResult {
	const p = ctx.packet;
	const tuple = { family: p.family, proto: p.proto, src: p.src, dst: p.dst, sport: p.sport, dport: p.dport };
	const chosen = address ?? (d.addresses ? chooseAddress(tuple, d.addresses, d.persistent, 0, manip) : manip === 'dst' ? p.dst : p.src);
	const port = manip === 'dst' ? p.dport : p.sport;
	const addresses = address !== undefined ? { min: address, max: address } : d.addresses;
	return {
		kind: 'nat',
		manip,
		to: { address: chosen, port },
		request: { ...(addresses ? { addresses } : {}), ...(d.ports ? { ports: d.ports } : {}), randomAll: d.random || d.randomFully },
	};
}
