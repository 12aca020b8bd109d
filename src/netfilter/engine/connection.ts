// Connections: the handshake of a new one (SYN, SYN-ACK, ACK), data packets, the close, each
// packet walked through the namespace (./path.ts) with its trace. The returned state has the
// counters of every traced packet applied (./counters.ts) and the conntrack table updated.

import { TCP_FLAGS } from '../../conntrack/tcp';
import type { CtEntry, Direction } from '../../conntrack/types';
import { WorkingTable } from '../../conntrack/work';
import { route } from '../../netns/route';
import type { Netns } from '../../netns/types';
import type { NetfilterState } from '../types';
import { applyTally, applyTraces, CounterTally } from './counters';
import { finishWalk, plansFor, type Plans, type Walk } from './hook';
import { receive, sendFromLocal } from './path';
import { copySockets, pushSocket, removeSockets } from './sockets';
import type { Skb } from './chain';
import { TCP_ACK_LENGTH, TCP_SYN_LENGTH, UDP_HEADER, type EngineEnv, type EngineState, type Endpoint, type Fate, type PacketTrace, type Socket, type SocketOwner } from './types';

/** One side of a connection: a socket of this namespace, or a peer reached through a device. */
export type Side = { readonly kind: 'local'; readonly owner: SocketOwner; readonly socket?: Socket } | { readonly kind: 'remote'; readonly iface: string };

export interface ConnectionSpec {
	readonly protocol?: 'tcp' | 'udp';
	/** A local socket (with its owner) or a peer whose packets arrive on `iface`. */
	readonly from: { readonly kind: 'local'; readonly uid: number; readonly gid: number; readonly groups?: readonly number[]; readonly mark?: number } | { readonly kind: 'remote'; readonly iface: string };
	/** Required for a remote peer; for a local socket, a bound source address (else the route's). */
	readonly src?: string;
	/** Else an ephemeral port (ip_local_port_range 32768-60999) from the injected random source. */
	readonly sport?: number;
	readonly dst: string;
	readonly dport: number;
}

export interface Header {
	readonly src: string;
	readonly sport: number;
	readonly dst: string;
	readonly dport: number;
}

export interface Connection {
	readonly proto: number;
	readonly family: 'ipv4' | 'ipv6';
	readonly client: Side;
	readonly server: Side;
	/** Client packets as the client sends them. */
	readonly orig: Header;
	/** Server packets as the server sends them (after any NAT of the first packet). */
	readonly reply: Header;
	readonly ctId?: number;
	readonly mark: number;
}

export interface OpenResult {
	readonly state: EngineState;
	/** Set when the first packet reached a socket or left the namespace. */
	readonly connection?: Connection;
	/** Where the first packet ended. */
	readonly fate: Fate;
	/** SYN, then SYN-ACK and ACK when the handshake completes (or the RST that refused it). */
	readonly packets: readonly PacketTrace[];
	readonly entry?: CtEntry;
	/** What SO_ORIGINAL_DST returns on the accepting socket, when conntrack tracks the connection. */
	readonly originalDst?: Endpoint;
}

export interface PacketResult {
	readonly state: EngineState;
	readonly packets: readonly PacketTrace[];
}

const EPHEMERAL = { lo: 32768, hi: 60999 };

/**
 * What one call of the engine (openConnection, openConnections, sendPacket) works on: the state's
 * parts, with a conntrack table and a socket list private to the call, changed in place by its
 * packets and turned back into values when it returns (endRun). Packets are walked one after the
 * other, so each sees exactly what the packets before it left, as with values passed along.
 */
interface Run {
	readonly netns: Netns;
	readonly netfilter: NetfilterState;
	readonly conntrack: WorkingTable;
	sockets: readonly Socket[] | undefined;
	/** `sockets` is this run's own copy (copySockets), appended to in place. */
	ownsSockets: boolean;
}

function startRun(state: EngineState): Run {
	return { netns: state.netns, netfilter: state.netfilter, conntrack: new WorkingTable(state.conntrack), sockets: state.sockets, ownsSockets: false };
}

/** The run's state as a value, with the counters of its traces applied. */
function endRun(run: Run, counted: CounterTally): EngineState {
	return { netns: run.netns, netfilter: applyTally(run.netfilter, counted), conntrack: run.conntrack.value(), sockets: run.sockets };
}

function addToRun(run: Run, s: Socket): void {
	if (run.sockets === undefined) return;
	if (!run.ownsSockets) {
		run.sockets = copySockets(run.sockets);
		run.ownsSockets = true;
	}
	pushSocket(run.sockets as Socket[], s);
}

function ephemeralPort(run: Run, src: string, env: EngineEnv): number {
	const used = new Set<number>();
	for (const e of run.conntrack.entries) if (e.orig.src === src) used.add(e.orig.sport);
	for (const s of run.sockets ?? []) if (s.local.address === src) used.add(s.local.port);
	const span = EPHEMERAL.hi - EPHEMERAL.lo + 1;
	let p = env.random === undefined ? EPHEMERAL.lo : EPHEMERAL.lo + Math.floor(env.random() * span);
	for (let i = 0; i < span && used.has(p); i++) p = p === EPHEMERAL.hi ? EPHEMERAL.lo : p + 1;
	return p;
}

function newWalk(run: Run, skb: Skb, env: EngineEnv, plans: Plans): Walk {
	return { netns: run.netns, netfilter: run.netfilter, sockets: run.sockets, tracking: plans.tracking, now: env.now, random: env.random, plans, conntrack: run.conntrack, skb, ct: undefined, untracked: undefined, steps: [] };
}

function skbFor(h: Header, proto: number, family: 'ipv4' | 'ipv6', flags: number, length: number, payload: number, mark: number, owner?: SocketOwner): Skb {
	return { family, proto, src: h.src, dst: h.dst, sport: h.sport, dport: h.dport, flags, length, payload, mark, inIface: undefined, outIface: undefined, owner, zone: 0, notrack: false, socket: undefined };
}

interface Sent {
	readonly trace: PacketTrace;
	readonly walk: Walk;
}

/** Walks one packet from `side` (its sender) and returns its trace; the run's table is updated. */
function walkFrom(run: Run, side: Side, skb: Skb, direction: Direction, env: EngineEnv, plans: Plans): Sent {
	const w = newWalk(run, skb, env, plans);
	const length = skb.length;
	const flags = skb.flags;
	const fate = side.kind === 'local' ? sendFromLocal(w) : receive(w, side.iface);
	finishWalk(w);
	return { walk: w, trace: { family: skb.family, length, flags, direction, steps: w.steps, fate } };
}

const ownerOf = (side: Side): SocketOwner | undefined => (side.kind === 'local' ? side.owner : undefined);

export interface OpenOptions {
	/** false: only the first packet (what the `trace` command shows); the entry stays unreplied. */
	readonly handshake?: boolean;
}

/** Opens a connection: the first packet's full journey, then the rest of the handshake. */
export function openConnection(state: EngineState, spec: ConnectionSpec, env: EngineEnv, opts: OpenOptions = {}): OpenResult {
	const run = startRun(state);
	const r = open(run, spec, env, opts);
	const counted = new CounterTally();
	for (const p of r.packets) counted.add(p);
	return { state: endRun(run, counted), fate: r.fate, packets: r.packets, connection: r.connection, entry: r.entry, originalDst: r.originalDst };
}

export interface OpenManyResult {
	/** The state after all of them, counters included. */
	readonly state: EngineState;
	/** Each connection's result, in order (without a state of its own). */
	readonly opened: readonly Omit<OpenResult, 'state'>[];
}

/**
 * Opens connections one after the other (a load generator, a lesson's burst of requests) and
 * applies the counters of all their traces at once: the same counters as one openConnection per
 * spec, since no packet's path depends on a counter.
 */
export function openConnections(state: EngineState, specs: readonly ConnectionSpec[], env: EngineEnv, opts: OpenOptions = {}): OpenManyResult {
	if (specs.length === 0) return { state: { ...state }, opened: [] };
	const run = startRun(state);
	const opened: Omit<OpenResult, 'state'>[] = [];
	const counted = new CounterTally();
	for (const spec of specs) {
		const r = open(run, spec, env, opts);
		opened.push(r);
		for (const p of r.packets) counted.add(p);
	}
	return { state: endRun(run, counted), opened };
}

/** openConnection on a run, without the counters. */
function open(run: Run, spec: ConnectionSpec, env: EngineEnv, opts: OpenOptions): Omit<OpenResult, 'state'> {
	const tcp = (spec.protocol ?? 'tcp') === 'tcp';
	const proto = tcp ? 6 : 17;
	const family = spec.dst.includes(':') ? 'ipv6' : 'ipv4';
	const plans = plansFor(run.netfilter, family);
	const from = spec.from;
	const client: Side = from.kind === 'local' ? { kind: 'local', owner: { uid: from.uid, gid: from.gid, groups: from.groups } } : { kind: 'remote', iface: from.iface };
	const mark = from.kind === 'local' ? (from.mark ?? 0) : 0;
	// An unbound local socket gets the route's preferred source before the first hook runs.
	const r = from.kind === 'local' && spec.src === undefined ? route(run.netns, { dst: spec.dst, mark }) : undefined;
	const src = spec.src ?? (r !== undefined && r.kind !== 'unreachable' ? r.src : '');
	const sport = spec.sport ?? ephemeralPort(run, src, env);
	const sent: Header = { src, sport, dst: spec.dst, dport: spec.dport };
	const first = skbFor(sent, proto, family, tcp ? TCP_FLAGS.SYN : 0, tcp ? TCP_SYN_LENGTH : UDP_HEADER, 0, mark, ownerOf(client));
	const syn = walkFrom(run, client, first, 'original', env, plans);
	const packets: PacketTrace[] = [syn.trace];
	const ct = syn.walk.ct;
	const fate = syn.trace.fate;
	if (opts.handshake === false || (fate.kind !== 'delivered' && fate.kind !== 'egress' && fate.kind !== 'refused')) {
		const e = ct !== undefined && ct.confirmed && !ct.killed ? ct.entry : undefined;
		return { fate, packets, connection: undefined, entry: e, originalDst: e !== undefined && fate.kind === 'delivered' ? { address: e.orig.dst, port: e.orig.dport } : undefined };
	}
	// The server answers to what it received: the entry's reply tuple (or the packet as delivered).
	const reply: Header = ct !== undefined && !ct.killed
		? { src: ct.entry.reply.src, sport: ct.entry.reply.sport, dst: ct.entry.reply.dst, dport: ct.entry.reply.dport }
		: { src: syn.walk.skb.dst, sport: syn.walk.skb.dport, dst: syn.walk.skb.src, dport: syn.walk.skb.sport };
	const listener = fate.kind === 'delivered' && fate.socket !== 'assumed' ? fate.socket : undefined;
	const owner = listener?.owner ?? { uid: 0, gid: 0 };
	const server: Side = fate.kind === 'egress' ? { kind: 'remote', iface: fate.dev } : listener ? { kind: 'local', owner, socket: listener } : { kind: 'local', owner };
	if (fate.kind === 'refused') {
		// tcp_v4_send_reset: a bare RST|ACK from no socket (so no owner), 40 bytes.
		if (tcp) packets.push(walkFrom(run, { kind: 'local', owner: { uid: 0, gid: 0 } }, skbFor(reply, proto, family, TCP_FLAGS.RST | TCP_FLAGS.ACK, 40, 0, 0), 'reply', env, plans).trace);
		return { fate, packets, connection: undefined, entry: undefined, originalDst: undefined };
	}
	// The dialing socket exists from connect() on (SYN_SENT), so the SYN-ACK finds it.
	const dialer: Socket | undefined = client.kind === 'local' ? { kind: 'established', proto: tcp ? 'tcp' : 'udp', local: { address: sent.src, port: sent.sport }, remote: { address: sent.dst, port: sent.dport }, owner: client.owner } : undefined;
	if (dialer !== undefined) addToRun(run, dialer);
	let lastCt = ct?.entry;
	if (tcp) {
		packets.push(walkFrom(run, server, skbFor(reply, proto, family, TCP_FLAGS.SYN | TCP_FLAGS.ACK, TCP_SYN_LENGTH, 0, 0, ownerOf(server)), 'reply', env, plans).trace);
		const ack = walkFrom(run, client, skbFor(sent, proto, family, TCP_FLAGS.ACK, TCP_ACK_LENGTH, 0, mark, ownerOf(client)), 'original', env, plans);
		packets.push(ack.trace);
		lastCt = ack.walk.ct !== undefined && !ack.walk.ct.killed ? ack.walk.ct.entry : undefined;
	}
	// The sockets that now exist: the client's and, on this side, the accepted one.
	const accepted = server.kind === 'local' ? acceptedSocket(tcp, reply, server.owner, listener) : undefined;
	if (tcp && accepted) addToRun(run, accepted);
	const entry = ct === undefined ? undefined : lastCt?.id === ct.entry.id ? lastCt : run.conntrack.get(ct.entry.id);
	const finalClient: Side = dialer && client.kind === 'local' ? { kind: 'local', owner: client.owner, socket: dialer } : client;
	const finalServer: Side = accepted && server.kind === 'local' ? { kind: 'local', owner: server.owner, socket: accepted } : server;
	const connection: Connection =
		ct !== undefined
			? { proto, family, client: finalClient, server: finalServer, orig: sent, reply, mark, ctId: ct.entry.id }
			: { proto, family, client: finalClient, server: finalServer, orig: sent, reply, mark };
	return { fate, packets, connection, entry, originalDst: entry !== undefined && server.kind === 'local' ? { address: entry.orig.dst, port: entry.orig.dport } : undefined };
}

/** The socket accept() returns: the listener's owner, flags and label, the reply's addresses. */
function acceptedSocket(tcp: boolean, reply: Header, owner: SocketOwner, listener: Socket | undefined): Socket {
	const local = { address: reply.src, port: reply.sport };
	const remote = { address: reply.dst, port: reply.dport };
	const proto = tcp ? 'tcp' : 'udp';
	if (listener === undefined || (!listener.transparent && !listener.name)) return { kind: 'established', proto, local, remote, owner };
	return { kind: 'established', proto, local, remote, owner, ...(listener.transparent ? { transparent: true } : {}), ...(listener.name ? { name: listener.name } : {}) };
}

export interface PacketSpec {
	readonly direction?: Direction;
	readonly flags?: number;
	/** Data bytes; the IP length adds 52 (TCP with timestamps) or 28 (UDP) unless `length` is given. */
	readonly bytes?: number;
	readonly length?: number;
	/** Who sends it: the side's socket owner by default; `null` for no socket (TIME_WAIT acks, RSTs). */
	readonly owner?: SocketOwner | null;
}

/** One packet of an established connection, in either direction. */
export function sendPacket(state: EngineState, conn: Connection, spec: PacketSpec, env: EngineEnv): PacketResult {
	const dir = spec.direction ?? 'original';
	const side = dir === 'original' ? conn.client : conn.server;
	const h = dir === 'original' ? conn.orig : conn.reply;
	const tcp = conn.proto === 6;
	const bytes = spec.bytes ?? 0;
	const flags = spec.flags ?? (tcp ? (bytes > 0 ? TCP_FLAGS.PSH | TCP_FLAGS.ACK : TCP_FLAGS.ACK) : 0);
	const length = spec.length ?? (tcp ? TCP_ACK_LENGTH : UDP_HEADER) + bytes;
	const owner = spec.owner === null ? undefined : (spec.owner ?? ownerOf(side));
	const run = startRun(state);
	const sent = walkFrom(run, side, skbFor(h, conn.proto, conn.family, flags, length, bytes, dir === 'original' ? conn.mark : 0, owner), dir, env, plansFor(state.netfilter, conn.family));
	return { state: { ...state, conntrack: run.conntrack.value(), netfilter: applyTraces(state.netfilter, [sent.trace]) }, packets: [sent.trace] };
}

/** `count` data packets of `bytes` each (mangle sees every one of them; nat sees none). */
export function sendPackets(state: EngineState, conn: Connection, count: number, bytes: number, env: EngineEnv, direction: Direction = 'original'): PacketResult {
	let st = state;
	const packets: PacketTrace[] = [];
	for (let i = 0; i < count; i++) {
		const r = sendPacket(st, conn, { direction, bytes }, env);
		st = r.state;
		packets.push(...r.packets);
	}
	return { state: st, packets };
}

function closeWith(state: EngineState, conn: Connection, seq: readonly PacketSpec[], env: EngineEnv): PacketResult {
	let st = state;
	const packets: PacketTrace[] = [];
	for (const p of seq) {
		const r = sendPacket(st, conn, p, env);
		st = r.state;
		packets.push(...r.packets);
	}
	const gone = [conn.client, conn.server].flatMap((s) => (s.kind === 'local' && s.socket ? [s.socket] : []));
	const sockets = removeSockets(st.sockets, gone);
	return { state: sockets === undefined ? st : { ...st, sockets }, packets };
}

/**
 * The usual close seen on the wire: FIN from the closer, FIN from the other side (both with ACK),
 * and the closer's last ACK. Conntrack goes FIN_WAIT, LAST_ACK, TIME_WAIT (120 s). The last ACK
 * has no owner for -m owner: close() already orphaned the socket (sock_orphan clears
 * sk->sk_socket, which xt_owner needs), as the TPROXY recording's mangle counters show.
 */
export function closeConnection(state: EngineState, conn: Connection, env: EngineEnv, by: Direction = 'original'): PacketResult {
	if (conn.proto !== 6) return closeWith(state, conn, [], env);
	const other: Direction = by === 'original' ? 'reply' : 'original';
	const fin = TCP_FLAGS.FIN | TCP_FLAGS.ACK;
	return closeWith(state, conn, [{ direction: by, flags: fin }, { direction: other, flags: fin }, { direction: by, flags: TCP_FLAGS.ACK, owner: null }], env);
}

/** An abortive close (SO_LINGER 0): one RST, 40 bytes; conntrack goes to CLOSE (10 s). */
export function resetConnection(state: EngineState, conn: Connection, env: EngineEnv, by: Direction = 'original'): PacketResult {
	return closeWith(state, conn, [{ direction: by, flags: TCP_FLAGS.RST | TCP_FLAGS.ACK, length: 40 }], env);
}
