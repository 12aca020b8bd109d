// -j TPROXY: hand the packet to a local transparent socket without rewriting it, and mark it so
// policy routing delivers it locally. Istio's TPROXY mode: `--on-port 15006 --tproxy-mark 0x539`.
// The kernel accepts it only in mangle PREROUTING with -p tcp or -p udp (xt_TPROXY.c).

import { ok, param, type XtResult } from '../errors';
import { hex, parseMarkMask, type MarkMask, type TargetExtension } from '../extension';
import { parsePort } from '../ports';
import { formatBytes } from '../addr';
import ipaddr from 'ipaddr.js';
import { Hook } from '../types';
import { primaryAddress } from '../../netns/route';
import { findEstablished, findListener } from '../engine/sockets';
import type { TargetContext, TargetResult } from '../engine/types';

function isAddress(text: string, family: 'ipv4' | 'ipv6'): boolean {
	return family === 'ipv4' ? ipaddr.IPv4.isValidFourPartDecimal(text) : ipaddr.IPv6.isValid(text) && text.includes(':');
}

export interface TproxyData {
	readonly port?: number;
	/** Canonical address text; the unspecified address means "the packet's destination". */
	readonly ip?: string;
	readonly mark: MarkMask;
}

export const TPROXY: TargetExtension<TproxyData> = {
	kind: 'target',
	name: 'TPROXY',
	table: 'mangle',
	hooks: [Hook.Prerouting],
	protocols: [6, 17],
	options: [
		{ name: 'on-port', args: 1, required: true },
		{ name: 'on-ip', args: 1 },
		{ name: 'tproxy-mark', args: 1 },
	],
	init: () => ({ mark: { value: 0, mask: 0 } }),
	parse(data, option, args, _invert, ctx): XtResult<TproxyData> {
		const arg = args[0] ?? '';
		if (option === 'on-port') {
			const p = parsePort(arg, 'tcp', ctx.resolver);
			return p.ok ? ok({ ...data, port: p.value }) : param(`Port "${arg}" does not resolve to anything.\n`);
		}
		if (option === 'on-ip') {
			const text = isAddress(arg, ctx.family) ? arg : ctx.resolver.hostAddress(arg, ctx.family);
			// A name the pod cannot resolve: the netns has no DNS, so getaddrinfo gives up.
			if (text === undefined || !isAddress(text, ctx.family)) return param('getaddrinfo: Temporary failure in name resolution\n');
			return ok({ ...data, ip: formatBytes(ipaddr.parse(text).toByteArray()) });
		}
		const m = parseMarkMask('TPROXY', option, arg);
		return m.ok ? ok({ ...data, mark: { value: m.value.value, mask: m.value.mask } }) : m;
	},
	verdict: (d, ctx) => tproxy(d, ctx),
	save: (d, ctx) =>
		`--on-port ${d.port ?? 0} --on-ip ${d.ip ?? (ctx.family === 'ipv4' ? '0.0.0.0' : '::')} --tproxy-mark ${hex(d.mark.value)}/${hex(d.mark.mask)}`,
	list(d, ctx) {
		const ip = d.ip ?? (ctx.family === 'ipv4' ? '0.0.0.0' : '::');
		return `TPROXY redirect ${ip}:${d.port ?? 0} mark ${hex(d.mark.value)}/${hex(d.mark.mask)}`;
	},
};

/**
 * tproxy_tg4 (net/netfilter/xt_TPROXY.c): an established socket for the packet's own tuple, else
 * a listener on (--on-ip, or the first address of the incoming interface, and --on-port); it must
 * be IP_TRANSPARENT. Then the mark is set and the socket assigned: NF_ACCEPT, destination
 * untouched. No such socket: NF_DROP. Worlds that do not model sockets assume Envoy's is there.
 */
function tproxy(d: TproxyData, ctx: TargetContext): TargetResult {
	const p = ctx.packet;
	const mark = ((p.mark & ~d.mark.mask) ^ d.mark.value) >>> 0;
	if (ctx.sockets === undefined) return { kind: 'accept', effect: { mark, socket: 'assumed' } };
	const proto = p.proto === 17 ? 'udp' : 'tcp';
	const unspecified = d.ip === undefined || d.ip === '0.0.0.0' || d.ip === '::';
	const laddr = unspecified ? (p.inIface === undefined ? undefined : primaryAddress(ctx.netns, p.inIface, p.family)) ?? p.dst : d.ip ?? p.dst;
	const sk =
		findEstablished(ctx.sockets, proto, { address: p.dst, port: p.dport }, { address: p.src, port: p.sport }) ??
		findListener(ctx.sockets, proto, { address: laddr, port: d.port || p.dport });
	if (sk === undefined || sk.transparent !== true) return { kind: 'drop', why: 'no-socket' };
	return { kind: 'accept', effect: { mark, socket: sk } };
}
