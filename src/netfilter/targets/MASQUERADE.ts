// -j MASQUERADE: source NAT to the address of the interface the packet leaves by (nat
// POSTROUTING). flannel masquerades pod traffic leaving the pod network and kube-proxy
// masquerades Service traffic it marked 0x4000, both with --random-fully.

import { ok, type XtResult } from '../errors';
import type { TargetExtension } from '../extension';
import { EMPTY_RANGE, flagsText, NEED_PORT_PROTOCOL, parseNatPorts, portsAllowed, rangeText, type NatRange } from '../nat-range';
import { param } from '../errors';
import { Hook } from '../types';
import { route, selectSource } from '../../netns/route';
import type { TargetContext, TargetResult } from '../engine/types';
import { natVerdict } from './DNAT';

export const MASQUERADE: TargetExtension<NatRange> = {
	kind: 'target',
	name: 'MASQUERADE',
	table: 'nat',
	hooks: [Hook.Postrouting],
	options: [
		{ name: 'to-ports', args: 1 },
		{ name: 'random', args: 0 },
		{ name: 'random-fully', args: 0 },
	],
	init: () => EMPTY_RANGE,
	parse(data, option, args, _invert, ctx): XtResult<NatRange> {
		if (option === 'random') return ok({ ...data, random: true });
		if (option === 'random-fully') return ok({ ...data, randomFully: true });
		if (!portsAllowed(ctx)) return param(NEED_PORT_PROTOCOL);
		const ports = parseNatPorts(args[0] ?? '', ctx);
		if (!ports.ok) return ports;
		// As with SNAT, the kernel's range has no base port: a shifted map reads back as `/0`.
		return ok({ ...data, ports: ports.value.base === undefined ? ports.value : { ...ports.value, base: 0 } });
	},
	verdict: (d, ctx) => masquerade(d, ctx),
	save(d) {
		const out: string[] = [];
		if (d.ports) out.push(`--to-ports ${portsText(d)}`);
		return [...out, ...flagsText(d, '--')].join(' ');
	},
	list(d) {
		const out: string[] = [];
		if (d.ports) out.push(`masq ports: ${portsText(d)}`);
		return [...out, ...flagsText(d, '')].join(' ');
	},
};

/** rangeText without an address and without the colon (skip_colon in libxt_MASQUERADE). */
const portsText = (d: NatRange): string => rangeText({ ...d, addresses: undefined }, 'ipv4').slice(1);

/**
 * nf_nat_masquerade_ipv4 (net/netfilter/nf_nat_masquerade.c): the source becomes the address
 * inet_select_addr picks on the outgoing device for the route's next hop; a device without one
 * drops the packet.
 */
function masquerade(d: NatRange, ctx: TargetContext): TargetResult {
	const p = ctx.packet;
	const out = p.outIface;
	const dev = ctx.netns.interfaces.find((i) => i.name === out);
	const r = route(ctx.netns, { dst: p.dst, mark: p.mark });
	const nextHop = r.kind === 'unicast' && r.dev === out && r.via !== undefined ? r.via : p.dst;
	const address = selectSource(dev, nextHop);
	if (address === undefined) return { kind: 'drop', why: 'no-address' };
	return natVerdict(d, ctx, 'src', address);
}
