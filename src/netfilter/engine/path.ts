// The journeys a packet can take through a namespace, hook by hook (see the picture in
// ../types.ts): sent by a local socket (route, OUTPUT, POSTROUTING, then out of a device or back
// in through lo), or arriving on a device (PREROUTING, routing, INPUT or FORWARD), and finally
// handed to a socket.

import { route } from '../../netns/route';
import { Hook } from '../types';
import { runHook, type Walk } from './hook';
import { lookupSocket } from './sockets';
import type { Fate, RouteSummary } from './types';

function hookOrFate(w: Walk, hook: Hook): Fate | undefined {
	const v = runHook(w, hook);
	if (v.kind === 'accept') return undefined;
	if (v.kind === 'reject') return { kind: 'rejected', hook, table: v.table, chain: v.chain, ruleNumber: v.ruleNumber, with: v.with };
	return { kind: 'dropped', hook, table: v.table, chain: v.chain, why: v.why, ...(v.ruleNumber !== undefined ? { ruleNumber: v.ruleNumber } : {}) };
}

/** The socket that takes a packet that reached the end of INPUT (or a TCP RST / ICMP error). */
function deliver(w: Walk): Fate {
	const skb = w.skb;
	const local = { address: skb.dst, port: skb.dport };
	if (skb.socket !== undefined) return { kind: 'delivered', socket: skb.socket, local };
	if (w.sockets === undefined) return { kind: 'delivered', socket: 'assumed', local };
	const proto = skb.proto === 17 ? 'udp' : 'tcp';
	const sk = lookupSocket(w.sockets, proto, local, { address: skb.src, port: skb.sport });
	return sk === undefined ? { kind: 'refused', local } : { kind: 'delivered', socket: sk, local };
}

function summary(r: ReturnType<typeof route>): RouteSummary {
	if (r.kind === 'unreachable') return { kind: 'unreachable' };
	// Two literals rather than a spread of a conditional object: this runs for every packet.
	if (r.kind === 'unicast' && r.via !== undefined) return { kind: r.kind, dev: r.dev, src: r.src, table: r.table, via: r.via };
	return { kind: r.kind, dev: r.dev, src: r.src, table: r.table };
}

/** INPUT and delivery, for packets routed to this namespace. */
function localIn(w: Walk): Fate {
	return hookOrFate(w, Hook.Input) ?? deliver(w);
}

/**
 * A packet a local socket sends. The socket's route picks the device and, for an unbound socket,
 * the source address before any hook runs; OUTPUT may re-route (./hook.ts). Out of lo, the packet
 * comes straight back in: PREROUTING and INPUT on lo, with the route it left with (no second
 * routing decision) and its conntrack entry already attached.
 */
export function sendFromLocal(w: Walk): Fate {
	const r = route(w.netns, { dst: w.skb.dst, src: w.skb.src === '' ? undefined : w.skb.src, mark: w.skb.mark });
	w.steps.push({ kind: 'route', hook: 'output', reroute: false, result: summary(r) });
	if (r.kind === 'unreachable') return { kind: 'dropped', why: 'no-route' };
	if (w.skb.src === '') w.skb.src = r.src;
	w.skb.outIface = r.dev;
	const routed = { dst: w.skb.dst, mark: w.skb.mark };
	const out = hookOrFate(w, Hook.Output) ?? hookOrFate(w, Hook.Postrouting);
	if (out !== undefined) return out;
	const dev = w.skb.outIface ?? r.dev;
	if (dev !== 'lo') {
		const same = w.skb.dst === routed.dst && w.skb.mark === routed.mark;
		const again = same ? r : route(w.netns, { dst: w.skb.dst, src: w.skb.src, mark: w.skb.mark });
		const nextHop = again.kind === 'unicast' && again.via !== undefined ? again.via : w.skb.dst;
		return { kind: 'egress', dev, nextHop, packet: { ...w.skb } };
	}
	w.steps.push({ kind: 'loopback' });
	w.skb.inIface = 'lo';
	w.skb.outIface = undefined;
	w.skb.owner = undefined;
	return hookOrFate(w, Hook.Prerouting) ?? localIn(w);
}

/** A packet arriving on a device: PREROUTING, then the input routing decision (with its mark). */
export function receive(w: Walk, iface: string): Fate {
	w.skb.inIface = iface;
	const pre = hookOrFate(w, Hook.Prerouting);
	if (pre !== undefined) return pre;
	const r = route(w.netns, { dst: w.skb.dst, src: w.skb.src, mark: w.skb.mark, iif: iface });
	if (r.kind === 'local' || r.kind === 'broadcast') {
		w.steps.push({ kind: 'route', hook: 'input', reroute: false, result: summary(r) });
		return localIn(w);
	}
	if (r.kind === 'unreachable') {
		w.steps.push({ kind: 'route', hook: 'input', reroute: false, result: summary(r) });
		return { kind: 'dropped', why: 'no-route' };
	}
	// A foreign destination: forwarded only with net.ipv4.ip_forward=1 (ip_route_input_slow).
	w.steps.push({ kind: 'route', hook: 'input', reroute: false, result: { ...summary(r), kind: 'forward' } });
	if (!w.netns.ipForward) return { kind: 'dropped', why: 'forwarding-off' };
	w.skb.outIface = r.dev;
	const fwd = hookOrFate(w, Hook.Forward) ?? hookOrFate(w, Hook.Postrouting);
	if (fwd !== undefined) return fwd;
	return { kind: 'egress', dev: w.skb.outIface ?? r.dev, nextHop: r.kind === 'unicast' && r.via !== undefined ? r.via : w.skb.dst, packet: { ...w.skb } };
}
