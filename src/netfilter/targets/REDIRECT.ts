// -j REDIRECT: DNAT to the incoming interface's primary address (PREROUTING) or to 127.0.0.1
// (OUTPUT), keeping the original destination for SO_ORIGINAL_DST (kernel-notes.md, fact 7).
// This is how the sidecar captures traffic: ISTIO_REDIRECT -> 15001, ISTIO_IN_REDIRECT -> 15006.

import { ok, param, type XtResult } from '../errors';
import type { TargetExtension } from '../extension';
import { parsePort, saveRange, serviceProto, type PortRange } from '../ports';
import { Hook } from '../types';
import { primaryAddress } from '../../netns/route';
import type { TargetContext, TargetResult } from '../engine/types';

export interface RedirectData {
	readonly ports?: PortRange;
	readonly random: boolean;
}

const PORT_PROTOCOLS = [6, 17, 132, 33];

export const REDIRECT: TargetExtension<RedirectData> = {
	kind: 'target',
	name: 'REDIRECT',
	table: 'nat',
	hooks: [Hook.Prerouting, Hook.Output],
	options: [
		{ name: 'to-ports', args: 1 },
		{ name: 'to-port', args: 1 },
		{ name: 'random', args: 0 },
	],
	init: () => ({ random: false }),
	parse(data, option, args, _invert, ctx): XtResult<RedirectData> {
		if (option === 'random') return ok({ ...data, random: true });
		// --to-port is an old alias: iptables stores and prints it as --to-ports.
		const [loText = '', hiText] = (args[0] ?? '').split('-');
		const proto = serviceProto(ctx.protocol, 'tcp');
		const lo = parsePort(loText, proto, ctx.resolver);
		if (!lo.ok) return param(`Port \`${loText}' not valid`);
		if (hiText === undefined) return ok({ ...data, ports: { lo: lo.value, hi: lo.value } });
		const hi = parsePort(hiText, proto, ctx.resolver);
		if (!hi.ok || hi.value < lo.value) return param(`Port range \`${hiText}' funky`);
		return ok({ ...data, ports: { lo: lo.value, hi: hi.value } });
	},
	finalCheck(data, ctx) {
		const p = ctx.protocol;
		if (data.ports !== undefined && (p === undefined || p.invert || !PORT_PROTOCOLS.includes(p.number))) {
			return param('Need TCP, UDP, SCTP or DCCP with port specification');
		}
		return ok(data);
	},
	verdict: (d, ctx) => redirectTo(d, ctx),
	save(d) {
		const out: string[] = [];
		if (d.ports) out.push(`--to-ports ${saveRange(d.ports, '-')}`);
		if (d.random) out.push('--random');
		return out.join(' ');
	},
	list(d) {
		const out: string[] = [];
		if (d.ports) out.push(`redir ports ${saveRange(d.ports, '-')}`);
		if (d.random) out.push('random');
		return out.join(' ');
	},
};

/**
 * nf_nat_redirect_ipv4 (net/netfilter/nf_nat_redirect.c): locally generated packets go to
 * 127.0.0.1 (::1); arriving ones to the first address of the interface they came in on, or are
 * dropped if it has none. The port becomes --to-ports; with a range, a port already inside it is
 * kept (get_unique_tuple), otherwise the range's first port is taken.
 */
function redirectTo(d: RedirectData, ctx: TargetContext): TargetResult {
	const p = ctx.packet;
	const v6 = p.family === 'ipv6';
	let address: string | undefined;
	if (ctx.hook === Hook.Output) address = v6 ? '::1' : '127.0.0.1';
	else address = p.inIface === undefined ? undefined : primaryAddress(ctx.netns, p.inIface, p.family);
	if (address === undefined) return { kind: 'drop', why: 'no-address' };
	const r = d.ports;
	const port = r === undefined || (p.dport >= r.lo && p.dport <= r.hi) ? p.dport : r.lo;
	return { kind: 'nat', manip: 'dst', to: { address, port } };
}
