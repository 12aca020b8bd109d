// -m socket: the packet belongs to a local socket (ambient mode and TPROXY setups use it to
// recognise already-proxied traffic). Valid in PREROUTING and INPUT only.

import { ok } from '../errors';
import { MATCHED, noMatch } from '../engine/types';
import { lookupSocket } from '../engine/sockets';
import type { MatchExtension } from '../extension';
import { Hook } from '../types';

export interface SocketData {
	readonly transparent: boolean;
	readonly nowildcard: boolean;
	readonly restoreSkmark: boolean;
}

const FLAGS = [
	['transparent', 'transparent'],
	['nowildcard', 'nowildcard'],
	['restore-skmark', 'restoreSkmark'],
] as const;

export const socket: MatchExtension<SocketData> = {
	kind: 'match',
	name: 'socket',
	hooks: [Hook.Prerouting, Hook.Input],
	options: FLAGS.map(([name]) => ({ name, args: 0 })),
	init: () => ({ transparent: false, nowildcard: false, restoreSkmark: false }),
	parse: (data, option) => ok({ ...data, [FLAGS.find(([n]) => n === option)?.[1] ?? 'transparent']: true }),
	// socket_match in net/netfilter/xt_socket.c: a socket for the packet's tuple (established
	// first, then a listener); one bound to 0.0.0.0 counts only with --nowildcard, and with
	// --transparent only an IP_TRANSPARENT socket counts.
	matches(d, ctx) {
		const p = ctx.packet;
		if (ctx.sockets === undefined) return MATCHED;
		const proto = p.proto === 6 ? 'tcp' : p.proto === 17 ? 'udp' : undefined;
		const sk = proto === undefined ? undefined : lookupSocket(ctx.sockets, proto, { address: p.dst, port: p.dport }, { address: p.src, port: p.sport });
		const spec = `${p.dst}:${p.dport}`;
		if (sk === undefined) return noMatch('socket', 'none', spec);
		if (!d.nowildcard && sk.kind === 'listen' && (sk.local.address === '0.0.0.0' || sk.local.address === '::')) return noMatch('socket', 'wildcard', spec);
		if (d.transparent && !sk.transparent) return noMatch('socket', 'not-transparent', spec);
		return MATCHED;
	},
	save: (d) => FLAGS.filter(([, k]) => d[k]).map(([n]) => `--${n}`).join(' '),
	list: (d) => ['socket', ...FLAGS.filter(([, k]) => d[k]).map(([n]) => `--${n}`)].join(' '),
};
