// A TCP connection made by a program of the world (curl, nc): connect(), a request and a reply,
// close(). Every packet goes through the packet engine of each network namespace it crosses, so
// the rules' counters, conntrack and the sockets `ss` lists change as they would on the node.
//
//   caller's netns: SYN -> OUTPUT/POSTROUTING (REDIRECT to 15001 in a sidecar pod) -> a listener
//                   of this namespace, or out of eth0
//   out of eth0:    a pod of the node (into its namespace: PREROUTING, REDIRECT to 15006 ...),
//                   a Service VIP (kube-proxy's DNAT on the node, emulated: its rules are not
//                   loaded), a pod of another node, or nobody (ARP fails, or no answer at all)
//
// The connection ends at the first listener it reaches: what happens behind Envoy's listeners
// (its routes, clusters and upstream connections) is the next step of the model.

import type { Connection } from '../netfilter/engine/connection';
import { closeConnection, openConnection, sendPacket } from '../netfilter/engine/connection';
import type { EngineState, Fate, PacketTrace } from '../netfilter/engine/types';
import { route } from '../netns/route';
import { engineState, worldSocketOf } from '../world/engine-view';
import { netnsOf, processByPid } from '../world/lookup';
import { allocatePort, applyEngineState, closeSocket, openEstablished } from '../world/mutate';
import type { Endpoint, InetSocket, NetnsId, Pod, World } from '../world/types';

/**
 * One packet the connection put on a namespace's wire, for whoever captures there (tcpdump): the
 * engine's trace (its capture points follow from its steps) and, for a data segment, its payload.
 */
export interface Tapped {
	readonly netns: NetnsId;
	readonly trace: PacketTrace;
	readonly data?: string;
}

export type Tap = (packet: Tapped) => void;

/** Stores an engine run's state in the world and hands its packets to the tap. */
function applied(world: World, netns: NetnsId, r: { readonly state: EngineState; readonly packets: readonly PacketTrace[] }, tap: Tap | undefined, data?: string): World {
	if (tap !== undefined) for (const trace of r.packets) tap({ netns, trace, ...(data !== undefined ? { data } : {}) });
	return applyEngineState(world, netns, r.state);
}

export interface Caller {
	readonly netns: NetnsId;
	/** The host PID of the calling process (it holds the client socket). */
	readonly pid: number;
	/** bind() before connect(): the source address (Envoy's upstreamBindConfig, 127.0.0.6). */
	readonly bind?: string;
}

/** One side's engine connection, to drive data and the close through that namespace. */
interface Leg {
	readonly netns: NetnsId;
	readonly conn: Connection;
	/** The first packet's (SYN's) trace through this namespace: the rules it met (src/mesh explains them). */
	readonly syn?: PacketTrace;
}

export interface Live {
	readonly client: { readonly netns: NetnsId; readonly inode: number; readonly local: Endpoint; readonly remote: Endpoint };
	/**
	 * The accepting side: the listener the connection reached, and its namespace's pod; undefined
	 * for a pod of another node, which the world does not model beyond the node's edge.
	 */
	readonly server: { readonly netns: NetnsId; readonly inode: number; readonly listener: InetSocket; readonly pod: Pod | undefined; readonly local: Endpoint } | undefined;
	/** SO_ORIGINAL_DST on the accepted socket: where the client meant to go before any REDIRECT. */
	readonly originalDst: Endpoint;
	readonly legs: readonly Leg[];
}

export type DialResult =
	| { readonly kind: 'connected'; readonly world: World; readonly live: Live; readonly elapsedMs: number }
	/** RST: nobody listens (ECONNREFUSED). `local` is the end the kernel had bound. */
	| { readonly kind: 'refused'; readonly world: World; readonly elapsedMs: number; readonly local?: Endpoint }
	/** The SYN was never answered; the kernel gives up after tcp_syn_retries (ETIMEDOUT). */
	| { readonly kind: 'timeout'; readonly world: World; readonly elapsedMs: number; readonly local?: Endpoint }
	/** No neighbour answered ARP for the address (EHOSTUNREACH). */
	| { readonly kind: 'unreachable'; readonly world: World; readonly elapsedMs: number; readonly local?: Endpoint }
	/** No route at all (ENETUNREACH). */
	| { readonly kind: 'netunreach'; readonly world: World; readonly elapsedMs: number };

/** tcp_syn_retries = 6: 1 + 2 + 4 + 8 + 16 + 32 s, then 64 s for the last answer. */
export const SYN_TIMEOUT_MS = 127_000;
/** Three ARP solicitations a second apart, then EHOSTUNREACH. */
export const ARP_TIMEOUT_MS = 3_071;

type Destination =
	| { readonly kind: 'netns'; readonly netns: NetnsId; readonly dst: Endpoint }
	| { readonly kind: 'remote-pod'; readonly open: boolean }
	| { readonly kind: 'nobody'; readonly why: 'arp' | 'silent' }
	| { readonly kind: 'rejected' };

/** Where a packet that left a namespace ends up, kube-proxy's Service DNAT included. */
function destinationOf(world: World, dst: Endpoint, random: () => number): Destination {
	const pod = world.pods.find((p) => p.ip === dst.address && !p.hostNetwork && world.netns[p.netns] !== undefined);
	if (pod !== undefined) return { kind: 'netns', netns: pod.netns, dst };
	const node = world.nodes.find((n) => n.ip === dst.address);
	if (node !== undefined) return { kind: 'netns', netns: node.netns, dst };
	const svc = world.services.find((s) => s.clusterIP === dst.address);
	if (svc !== undefined) {
		const port = svc.ports.find((p) => p.port === dst.port && p.protocol === 'TCP');
		const ep = world.endpoints.find((e) => e.name === svc.name && e.namespace === svc.namespace);
		// kube-proxy rejects connections to a Service port without endpoints (ICMP port unreachable).
		if (port === undefined || ep === undefined || ep.addresses.length === 0) return { kind: 'rejected' };
		// KUBE-SVC-*'s statistic rules pick an endpoint at random.
		const chosen = ep.addresses[Math.floor(random() * ep.addresses.length)] ?? ep.addresses[0];
		return chosen === undefined ? { kind: 'rejected' } : destinationOf(world, { address: chosen.ip, port: port.targetPort }, random);
	}
	const remote = world.remotePods.find((p) => p.ip === dst.address);
	if (remote !== undefined) return { kind: 'remote-pod', open: remote.ports.some((p) => p.port === dst.port && p.protocol === 'TCP') };
	// An address of this node's pod range that no pod has: ARP on the bridge gets no answer.
	const ownRange = world.nodes.some((n) => n.podCidr.split('/')[0]?.split('.').slice(0, 3).join('.') === dst.address.split('.').slice(0, 3).join('.'));
	return { kind: 'nobody', why: ownRange ? 'arp' : 'silent' };
}

function listenerOf(world: World, netns: NetnsId, fate: Fate): InetSocket | undefined {
	if (fate.kind !== 'delivered') return undefined;
	return worldSocketOf(netnsOf(world, netns).sockets, fate.socket);
}

/** The PID that accept()s on a listener: the last process holding it (gunicorn's workers after its master). */
function acceptingPid(listener: InetSocket): number | undefined {
	return listener.refs[listener.refs.length - 1]?.pid;
}

const mapped = (family: 'ipv4' | 'ipv6', a: string): string => (family === 'ipv6' && !a.includes(':') ? `::ffff:${a}` : a);

function accept(world: World, netns: NetnsId, listener: InetSocket, local: Endpoint, remote: Endpoint, now: number): { world: World; inode: number } | undefined {
	const pid = acceptingPid(listener);
	if (pid === undefined) return undefined;
	const fam = listener.family;
	const opened = openEstablished(world, { netns, pid, local: { address: mapped(fam, local.address), port: local.port }, remote: { address: mapped(fam, remote.address), port: remote.port }, family: fam, label: `${listener.label}/accepted` }, now);
	return opened.ok ? { world: opened.world, inode: opened.socket.inode } : undefined;
}

const synOf = (packets: readonly PacketTrace[]): { syn?: PacketTrace } => (packets[0] === undefined ? {} : { syn: packets[0] });

/** connect() from `caller` to `dst`: the handshake through every namespace on the way. */
export function dial(world0: World, caller: Caller, dst: Endpoint, now: number, random: () => number, tap?: Tap): DialResult {
	let world = world0;
	const proc = processByPid(world, caller.pid);
	if (proc === undefined) throw new Error(`broken invariant: no process ${caller.pid}`);
	const ns = netnsOf(world, caller.netns);
	const r = route(ns.netns, { dst: dst.address });
	if (r.kind === 'unreachable') return { kind: 'netunreach', world, elapsedMs: 0 };
	const port = allocatePort(world, caller.netns, caller.bind ?? r.src);
	if (port === undefined) return { kind: 'netunreach', world, elapsedMs: 0 };
	world = port.world;
	const src = caller.bind ?? r.src;
	const local: Endpoint = { address: src, port: port.port };
	const spec = { from: { kind: 'local' as const, uid: proc.uid, gid: proc.gid, groups: proc.groups }, src, sport: port.port, dst: dst.address, dport: dst.port };
	const env = { now };
	const state: EngineState = engineState(netnsOf(world, caller.netns));
	const probe = openConnection(state, spec, env, { handshake: false });
	const fate = probe.fate;
	if (fate.kind === 'refused' || (fate.kind === 'rejected' && fate.with.includes('reset'))) {
		const full = openConnection(state, spec, env);
		return { kind: 'refused', world: applied(world, caller.netns, full, tap), elapsedMs: 0, local };
	}
	if (fate.kind === 'dropped' || fate.kind === 'rejected') {
		const w = applied(world, caller.netns, probe, tap);
		return fate.kind === 'rejected' ? { kind: 'unreachable', world: w, elapsedMs: 0, local } : { kind: 'timeout', world: w, elapsedMs: SYN_TIMEOUT_MS, local };
	}
	if (fate.kind === 'delivered') {
		const listener = listenerOf(world, caller.netns, fate);
		const full = openConnection(state, spec, env);
		world = applied(world, caller.netns, full, tap);
		if (listener === undefined || full.connection === undefined) return { kind: 'refused', world, elapsedMs: 0, local };
		const client = openEstablished(world, { netns: caller.netns, pid: caller.pid, local, remote: dst, label: `${proc.comm}/connection` }, now);
		if (!client.ok) throw new Error(`broken invariant: ${client.error}`);
		world = client.world;
		const conn = full.connection;
		const acc = accept(world, caller.netns, listener, { address: conn.reply.src, port: conn.reply.sport }, { address: conn.reply.dst, port: conn.reply.dport }, now);
		if (acc === undefined) return { kind: 'refused', world, elapsedMs: 0, local };
		world = acc.world;
		const pod = world.pods.find((p) => p.netns === caller.netns && !p.hostNetwork);
		return {
			kind: 'connected',
			world,
			elapsedMs: 0,
			live: {
				client: { netns: caller.netns, inode: client.socket.inode, local, remote: dst },
				server: { netns: caller.netns, inode: acc.inode, listener, pod, local: { address: conn.reply.src, port: conn.reply.sport } },
				originalDst: full.originalDst ?? dst,
				legs: [{ netns: caller.netns, conn, ...synOf(full.packets) }],
			},
		};
	}
	// Out of eth0: find who is at the other end of the wire.
	const wire = fate.packet;
	const where = destinationOf(world, { address: wire.dst, port: wire.dport }, random);
	if (where.kind === 'nobody' || where.kind === 'rejected' || (where.kind === 'remote-pod' && !where.open)) {
		const w = applied(world, caller.netns, probe, tap);
		if (where.kind === 'nobody') return where.why === 'arp' ? { kind: 'unreachable', world: w, elapsedMs: ARP_TIMEOUT_MS, local } : { kind: 'timeout', world: w, elapsedMs: SYN_TIMEOUT_MS, local };
		return { kind: 'refused', world: w, elapsedMs: 0, local };
	}
	if (where.kind === 'remote-pod') {
		// A pod of another node accepts; the model stops at the node's edge.
		const full = openConnection(state, spec, env);
		world = applied(world, caller.netns, full, tap);
		if (full.connection === undefined) return { kind: 'refused', world, elapsedMs: 0, local };
		const client = openEstablished(world, { netns: caller.netns, pid: caller.pid, local, remote: dst, label: `${proc.comm}/connection` }, now);
		if (!client.ok) throw new Error(`broken invariant: ${client.error}`);
		return {
			kind: 'connected',
			world: client.world,
			elapsedMs: 1,
			live: { client: { netns: caller.netns, inode: client.socket.inode, local, remote: dst }, server: undefined, originalDst: { address: wire.dst, port: wire.dport }, legs: [{ netns: caller.netns, conn: full.connection, ...synOf(full.packets) }] },
		};
	}
	const dstate = engineState(netnsOf(world, where.netns));
	const dspec = { from: { kind: 'remote' as const, iface: 'eth0' }, src: wire.src, sport: wire.sport, dst: where.dst.address, dport: where.dst.port };
	const dprobe = openConnection(dstate, dspec, env, { handshake: false });
	if (dprobe.fate.kind === 'refused' || dprobe.fate.kind === 'dropped' || dprobe.fate.kind === 'rejected') {
		const dfull = openConnection(dstate, dspec, env);
		world = applied(applied(world, caller.netns, probe, tap), where.netns, dfull, tap);
		return dprobe.fate.kind === 'dropped' ? { kind: 'timeout', world, elapsedMs: SYN_TIMEOUT_MS, local } : { kind: 'refused', world, elapsedMs: 0, local };
	}
	const listener = listenerOf(world, where.netns, dprobe.fate);
	const full = openConnection(state, spec, env);
	const dfull = openConnection(dstate, dspec, env);
	world = applied(applied(world, caller.netns, full, tap), where.netns, dfull, tap);
	if (listener === undefined || full.connection === undefined || dfull.connection === undefined) return { kind: 'refused', world, elapsedMs: 0, local };
	const client = openEstablished(world, { netns: caller.netns, pid: caller.pid, local, remote: dst, label: `${proc.comm}/connection` }, now);
	if (!client.ok) throw new Error(`broken invariant: ${client.error}`);
	world = client.world;
	const dconn = dfull.connection;
	const acc = accept(world, where.netns, listener, { address: dconn.reply.src, port: dconn.reply.sport }, { address: dconn.reply.dst, port: dconn.reply.dport }, now);
	if (acc === undefined) return { kind: 'refused', world, elapsedMs: 0, local };
	world = acc.world;
	const pod = world.pods.find((p) => p.netns === where.netns && !p.hostNetwork);
	return {
		kind: 'connected',
		world,
		elapsedMs: 1,
		live: {
			client: { netns: caller.netns, inode: client.socket.inode, local, remote: dst },
			server: { netns: where.netns, inode: acc.inode, listener, pod, local: { address: dconn.reply.src, port: dconn.reply.sport } },
			originalDst: dfull.originalDst ?? where.dst,
			legs: [
				{ netns: caller.netns, conn: full.connection, ...synOf(full.packets) },
				{ netns: where.netns, conn: dconn, ...synOf(dfull.packets) },
			],
		},
	};
}

/**
 * A request and its reply, each in one data segment, through every namespace of the path; the
 * texts (when given) are the segments' payloads for the tap.
 */
export function converse(world0: World, live: Live, requestBytes: number, responseBytes: number, now: number, tap?: Tap, texts: { readonly request?: string; readonly response?: string } = {}): World {
	let world = world0;
	for (const leg of live.legs) {
		const send = (spec: Parameters<typeof sendPacket>[2], data?: string): void => {
			world = applied(world, leg.netns, sendPacket(engineState(netnsOf(world, leg.netns)), leg.conn, spec, { now }), tap, data);
		};
		if (requestBytes > 0) send({ direction: 'original', bytes: requestBytes }, texts.request);
		send({ direction: 'reply', flags: 0x10, bytes: 0 });
		if (responseBytes > 0) {
			send({ direction: 'reply', bytes: responseBytes }, texts.response);
			send({ direction: 'original', flags: 0x10, bytes: 0 });
		}
	}
	return world;
}

/** The client closes first: FIN, FIN, ACK; its socket stays in TIME-WAIT, the server's is gone. */
export function hangUp(world0: World, live: Live, now: number, tap?: Tap): World {
	let world = world0;
	for (const leg of live.legs) world = applied(world, leg.netns, closeConnection(engineState(netnsOf(world, leg.netns)), leg.conn, { now }, 'original'), tap);
	world = closeSocket(world, live.client.netns, live.client.inode, { timeWait: true, at: now });
	return live.server === undefined ? world : closeSocket(world, live.server.netns, live.server.inode);
}
