// The lab's packet capture: one CaptureFeed per network namespace, and the tap curl and nc hand
// every traced packet to. The tap turns a packet's engine trace into what each capture point of
// that namespace sees (src/capture: before netfilter on the way in, after it on the way out, lo
// once per direction, kernel-notes.md facts 26-28) and publishes it to the namespace's feed, where
// each running tcpdump listens.
//
// One TCP connection crosses up to two namespaces (the caller's, and the pod that accepts it); it
// is one byte stream, so both see the same sequence numbers, timestamps and IP ids. The engine
// drives the legs one after the other (the caller's whole handshake, then the server's), so the
// numbers are chosen once per connection (its seeds) and each namespace replays the conversation
// from them; the n-th packet of a connection has the same time in every namespace.
//
// A connection's packets follow each other PACKET_GAP_US apart from its first one, which comes
// after every packet timed before it. A packet sent by a later command than the connection's
// previous one (a connection Envoy keeps in its pool carries the next request) is timed like a
// first one: at that command's time, after everything before it, never back at the handshake's.
//
// Every connection is followed from its first packet, captured or not, so a capture started in
// the middle of one (a pooled upstream connection) shows the sequence and acknowledgement numbers
// it has reached. Nothing here touches the world's random source: a separate seeded stream picks
// the sequence numbers, so running tcpdump changes nothing else the learner sees.

import { advertisedMss, mssForMtu, newConversation, randomSeed, type EndpointSeed, type TcpConversation } from '../capture/tcp';
import { CaptureFeed } from '../capture/feed';
import { advanceConversation, traceEvents } from '../capture/wire';
import type { PacketTrace } from '../netfilter/engine/types';
import type { Tap, Tapped } from '../sockets-view/dial';
import { netnsOf } from '../world/lookup';
import { fork, type Random } from '../world/random';
import type { NetnsId, World } from '../world/types';

/** Microseconds between two packets of one connection (a veth or lo hop is a few µs; the peer answers in tens). */
const PACKET_GAP_US = 37;

interface Seeds {
	client: EndpointSeed;
	/** Chosen when the first packet from the server is seen (its mss depends on where it sends from). */
	server: EndpointSeed | undefined;
	/** The time of each packet of the connection so far, in µs: the same in every namespace. */
	readonly times: number[];
	/** Namespaces that have started replaying this connection. */
	readonly legs: Set<NetnsId>;
}

interface Leg {
	readonly seeds: Seeds;
	conv: TcpConversation | undefined;
	/** Packets of this connection seen in this namespace so far. */
	index: number;
}

const SYN = 0x02;
const ACK = 0x10;

/** The sender's header of a trace: the packet as the sending socket built it (before any NAT). */
function senderHeader(trace: PacketTrace): { src: string; dst: string; sport: number; dport: number; proto: number } | undefined {
	for (const s of trace.steps) if (s.kind === 'hook') return s.packet;
	return undefined;
}

/** Sent by a socket of this namespace (its first step is the output route), not received. */
const sentHere = (trace: PacketTrace): boolean => trace.steps[0]?.kind === 'route' && trace.steps[0].hook === 'output';

export class LabCapture {
	private feeds = new Map<NetnsId, CaptureFeed>();
	/** Connections by the client's address and port (unique while the connection lives). */
	private seeds = new Map<string, Seeds>();
	private legs = new Map<string, Leg>();
	private random: Random;
	private lastUs = 0;
	private readonly encoder = new TextEncoder();

	constructor(
		private readonly seed: number,
		private readonly world: () => World,
		/** The simulated clock in ms, as the last command read it. */
		private readonly clockMs: () => number,
	) {
		this.random = fork(seed, 'capture');
	}

	/** The feed of one namespace, made on first use. */
	feed(netns: NetnsId): CaptureFeed {
		let f = this.feeds.get(netns);
		if (f === undefined) {
			f = new CaptureFeed();
			this.feeds.set(netns, f);
		}
		return f;
	}

	/** Reset: no captures, no connections, the numbers start again. */
	reset(): void {
		this.feeds = new Map();
		this.seeds = new Map();
		this.legs = new Map();
		this.random = fork(this.seed, 'capture');
		this.lastUs = 0;
	}

	/** The tap given to curl and nc. */
	readonly tap: Tap = (p) => this.take(p);

	private take(p: Tapped): void {
		const h = senderHeader(p.trace);
		const feed = this.feeds.get(p.netns);
		if (h === undefined) return;
		// Connections are short: a capture that has seen a very long session forgets the old ones.
		if (this.legs.size > 20_000) {
			this.legs.clear();
			this.seeds.clear();
		}
		const original = p.trace.direction === 'original';
		const client = original ? `${h.proto} ${h.src}:${h.sport}` : `${h.proto} ${h.dst}:${h.dport}`;
		const leg = this.legOf(client, p, h, original);
		const conv = leg.conv ?? newConversation(leg.seeds.client, leg.seeds.server ?? leg.seeds.client);
		const timeUs = this.timeOf(leg.seeds, leg.index++);
		const data = p.data === undefined ? undefined : this.encoder.encode(p.data);
		if (feed === undefined || feed.subscribers === 0) {
			// Nobody captures here: the numbers move on, no copies are made.
			leg.conv = advanceConversation(conv, p.trace, { timeUs }, data?.length);
			return;
		}
		const w = traceEvents(conv, p.trace, { timeUs }, data !== undefined ? { data } : {});
		leg.conv = w.conv;
		feed.publish(w.events);
	}

	private legOf(client: string, p: Tapped, h: { src: string; dst: string }, original: boolean): Leg {
		const key = `${p.netns} ${client}`;
		let leg = this.legs.get(key);
		const syn = (p.trace.flags & SYN) !== 0;
		const fresh = original && syn && (p.trace.flags & ACK) === 0;
		// A SYN starts a connection, unless it is the same connection reaching another namespace.
		let seeds = this.seeds.get(client);
		if (fresh && (seeds === undefined || seeds.legs.has(p.netns))) {
			const ns = netnsOf(this.world(), p.netns).netns;
			const mss = sentHere(p.trace) ? advertisedMss(ns, h.dst, h.src) : this.arrivalMss(p);
			seeds = { client: randomSeed(() => this.random.next(), mss), server: undefined, times: [], legs: new Set() };
			this.seeds.set(client, seeds);
			leg = undefined;
		}
		if (seeds === undefined) {
			// A packet of a connection whose start nobody saw: give it numbers of its own.
			seeds = { client: randomSeed(() => this.random.next(), 1460), server: undefined, times: [], legs: new Set() };
			this.seeds.set(client, seeds);
		}
		if (leg === undefined || leg.seeds !== seeds) {
			leg = { seeds, conv: undefined, index: 0 };
			this.legs.set(key, leg);
			seeds.legs.add(p.netns);
		}
		if (!original && seeds.server === undefined) {
			// The server's mss: from the device it sends through (lo for a local peer) or, seen from
			// the client, from the device its answer arrives on (both ends of a veth share the MTU).
			const ns = netnsOf(this.world(), p.netns).netns;
			seeds.server = randomSeed(() => this.random.next(), sentHere(p.trace) ? advertisedMss(ns, h.dst, h.src) : this.arrivalMss(p));
			if (leg.conv !== undefined) leg.conv = { ...leg.conv, server: { ...leg.conv.server, isn: seeds.server.isn, sndNxt: seeds.server.isn, tsOffset: seeds.server.tsOffset, mss: seeds.server.mss, ipId: seeds.server.ipId } };
		}
		return leg;
	}

	/** The time of a connection's n-th packet: fixed by the first namespace that sees it. */
	private timeOf(seeds: Seeds, index: number): number {
		const known = seeds.times[index];
		if (known !== undefined) return known;
		const commandUs = this.clockMs() * 1000;
		const prev = seeds.times.at(-1);
		const t = prev === undefined || commandUs > prev ? Math.max(commandUs, this.lastUs + PACKET_GAP_US) : prev + PACKET_GAP_US;
		// A leg sees the packets of its connection in order, so every earlier index is timed already.
		while (seeds.times.length <= index) seeds.times.push(t);
		this.lastUs = Math.max(this.lastUs, t);
		return t;
	}

	/** The mss of a peer behind the device a packet arrived on. */
	private arrivalMss(p: Tapped): number {
		const ns = netnsOf(this.world(), p.netns).netns;
		for (const s of p.trace.steps) {
			if (s.kind === 'hook' && s.packet.inIface !== undefined) {
				const dev = ns.interfaces.find((i) => i.name === s.packet.inIface);
				return mssForMtu(dev?.mtu ?? 1500);
			}
		}
		return 1460;
	}
}
