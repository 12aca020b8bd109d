// What the engine does not model and tcpdump prints: each TCP endpoint's sequence numbers, its
// timestamps, window and options, and the IP id of what it sends. A conversation is a value; each
// segment returns the next value (no hidden state), so the lab keeps one per connection and tests
// can replay a recording with the initial sequence numbers and timestamp offsets it chose.
//
// The numbers follow Linux 6.x as recorded (tests/conformance/recordings, tests/fixtures/tcpdump):
// - SYN options `mss M,sackOK,TS val V ecr 0,nop,wscale 10`; mss = route MTU - 40 (1460 on a
//   1500-byte eth0, 65495 on lo); the SYN window is the largest multiple of mss up to 65535
//   (tcp_select_initial_window): 64240, 65495.
// - The SYN-ACK window uses the mss less the 12 bytes of the timestamp option
//   (tcp_openreq_init_rwin): 65160, 65483. Its IP id is 0 (sent from a request socket).
// - After the handshake the window field is the receive window scaled down by 2^wscale, rounded
//   up (__tcp_select_window aligns it): 63 for 64240, 64 for 65160, 65495 or 65483, as recorded.
// - TS val = the endpoint's random offset + the TCP clock in ms (tcp_time_stamp_ms); ecr echoes
//   the last value received from the peer (ts_recent).
// - Each full socket numbers its packets from a random IP id (inet_sk(sk)->inet_id++).
// - A reset sent for a port nobody listens on (tcp_v4_send_reset) has no options, window 0, seq 0
//   and acks the SYN.

import { route } from '../netns/route';
import type { Netns } from '../netns/types';
import { TCP, type TcpFields, type TcpOption } from './types';

export const DEFAULT_WSCALE = 10;
const TS_OPTION = 12;

export interface TcpEndpoint {
	readonly isn: number;
	readonly tsOffset: number;
	readonly mss: number;
	/** The IP id of this endpoint's next packet. */
	readonly ipId: number;
	readonly sndNxt: number;
	readonly rcvNxt: number;
	/** The last TS val received from the peer. */
	readonly tsRecent: number;
	/** The receive window announced in this endpoint's SYN or SYN-ACK, in bytes. */
	readonly rcvWnd: number;
}

export interface TcpConversation {
	/** The endpoint that sent the SYN ('original' direction). */
	readonly client: TcpEndpoint;
	readonly server: TcpEndpoint;
	readonly wscale: number;
}

/** What an endpoint chose at random, or what a recording says it chose. */
export interface EndpointSeed {
	readonly isn: number;
	readonly tsOffset: number;
	readonly mss: number;
	readonly ipId: number;
}

/** The mss a socket announces for a route through a device of this MTU. */
export function mssForMtu(mtu: number): number {
	return Math.min(mtu, 65535) - 40;
}

/**
 * The mss a socket of this namespace announces towards `dst`: from the MTU of the device its route
 * uses before any netfilter rule runs (a local destination routes through lo). That is why the
 * app's SYN to a Service shows mss 1460 on lo after REDIRECT: it was built for eth0.
 */
export function advertisedMss(ns: Netns, dst: string, src?: string): number {
	const r = route(ns, { dst, ...(src !== undefined ? { src } : {}) });
	const dev = r.kind === 'unreachable' ? undefined : ns.interfaces.find((i) => i.name === r.dev);
	return mssForMtu(dev?.mtu ?? 1500);
}

/** Seeds from the injected random source: 32-bit ISN and timestamp offset, 16-bit IP id. */
export function randomSeed(random: () => number, mss: number): EndpointSeed {
	const u32 = (): number => Math.floor(random() * 0x100000000) >>> 0;
	return { isn: u32(), tsOffset: u32(), ipId: Math.floor(random() * 0x10000), mss };
}

function endpoint(seed: EndpointSeed): TcpEndpoint {
	return { isn: seed.isn >>> 0, tsOffset: seed.tsOffset >>> 0, mss: seed.mss, ipId: seed.ipId & 0xffff, sndNxt: seed.isn >>> 0, rcvNxt: 0, tsRecent: 0, rcvWnd: 0 };
}

export function newConversation(client: EndpointSeed, server: EndpointSeed, wscale = DEFAULT_WSCALE): TcpConversation {
	return { client: endpoint(client), server: endpoint(server), wscale };
}

/** The largest multiple of `mss` that fits the 16-bit window of a SYN. */
function synWindow(mss: number): number {
	return Math.max(mss, Math.floor(65535 / mss) * mss);
}

export interface SegmentSpec {
	readonly direction: 'original' | 'reply';
	readonly flags: number;
	readonly payload: number;
	/** The sender's TCP clock in milliseconds when it built the segment. */
	readonly clockMs: number;
	/** Sent by no socket (a reset for a closed port). */
	readonly socketless?: boolean;
}

export interface Segment {
	readonly conv: TcpConversation;
	readonly tcp: TcpFields;
	readonly ipId: number;
}

const add = (a: number, b: number): number => (a + b) >>> 0;

/** The next segment of the conversation in one direction, and the conversation after it. */
export function nextSegment(conv: TcpConversation, spec: SegmentSpec): Segment {
	const fromClient = spec.direction === 'original';
	const me = fromClient ? conv.client : conv.server;
	const peer = fromClient ? conv.server : conv.client;
	const syn = (spec.flags & TCP.SYN) !== 0;
	const ackFlag = (spec.flags & TCP.ACK) !== 0;
	const rst = (spec.flags & TCP.RST) !== 0;
	const val = add(me.tsOffset, Math.floor(spec.clockMs));
	let tcp: TcpFields;
	let ipId = me.ipId;
	let next: TcpEndpoint = me;
	if (rst) {
		// A reset carries no options; from no socket it answers the SYN it refuses.
		const seq = spec.socketless === true && me.sndNxt === me.isn ? 0 : me.sndNxt;
		tcp = { seq, ack: ackFlag ? me.rcvNxt : 0, window: 0, options: [], urgent: 0 };
		ipId = spec.socketless === true ? 0 : me.ipId;
		if (spec.socketless !== true) next = { ...me, ipId: (me.ipId + 1) & 0xffff };
	} else if (syn) {
		const rcvWnd = ackFlag ? synWindow(me.mss - TS_OPTION) : synWindow(me.mss);
		const options: TcpOption[] = [{ kind: 'mss', value: me.mss }, { kind: 'sackOK' }, { kind: 'ts', val, ecr: ackFlag ? me.tsRecent : 0 }, { kind: 'nop' }, { kind: 'wscale', shift: conv.wscale }];
		tcp = { seq: me.isn, ack: ackFlag ? me.rcvNxt : 0, window: rcvWnd, options, urgent: 0 };
		// The SYN-ACK leaves from a request socket (IP id 0); the accepted socket numbers from its seed.
		if (ackFlag) ipId = 0;
		next = { ...me, rcvWnd, sndNxt: add(me.isn, 1), ...(ackFlag ? {} : { ipId: (me.ipId + 1) & 0xffff }) };
	} else {
		const window = Math.ceil(me.rcvWnd / 2 ** conv.wscale);
		tcp = { seq: me.sndNxt, ack: ackFlag ? me.rcvNxt : 0, window, options: [{ kind: 'nop' }, { kind: 'nop' }, { kind: 'ts', val, ecr: me.tsRecent }], urgent: 0 };
		next = { ...me, ipId: (me.ipId + 1) & 0xffff, sndNxt: add(me.sndNxt, spec.payload + ((spec.flags & TCP.FIN) !== 0 ? 1 : 0)) };
	}
	// The peer takes it in: what it acks next, and the timestamp it echoes.
	const consumed = spec.payload + (syn || (spec.flags & TCP.FIN) !== 0 ? 1 : 0);
	const ts = tcp.options.find((o) => o.kind === 'ts');
	const peerNext: TcpEndpoint = rst ? peer : { ...peer, rcvNxt: add(tcp.seq, consumed), ...(ts?.kind === 'ts' ? { tsRecent: ts.val } : {}) };
	const conv2: TcpConversation = fromClient ? { ...conv, client: next, server: peerNext } : { ...conv, client: peerNext, server: next };
	return { conv: conv2, tcp, ipId };
}

/** The IP id of the next datagram a UDP (or ICMP) endpoint sends, and the endpoint after it. */
export function nextDatagramId(conv: TcpConversation, direction: 'original' | 'reply'): { readonly conv: TcpConversation; readonly ipId: number } {
	const me = direction === 'original' ? conv.client : conv.server;
	const next = { ...me, ipId: (me.ipId + 1) & 0xffff };
	return { conv: direction === 'original' ? { ...conv, client: next } : { ...conv, server: next }, ipId: me.ipId };
}
