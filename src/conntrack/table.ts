// Pure operations on the conntrack table: find the entry of a packet, create one, follow a
// packet through the protocol's state machine, record NAT, confirm, expire and flush.

import { tcpNext, tcpTimeout, TCP_FLAGS } from './tcp';
import { GENERIC_TIMEOUT, UDP_TIMEOUTS, type ConntrackTable, type CtEntry, type CtIndex, type Direction, type Tuple } from './types';

export function invert(t: Tuple): Tuple {
	return { family: t.family, proto: t.proto, src: t.dst, dst: t.src, sport: t.dport, dport: t.sport };
}

export function sameTuple(a: Tuple, b: Tuple): boolean {
	return a.dport === b.dport && a.sport === b.sport && a.proto === b.proto && a.dst === b.dst && a.src === b.src && a.family === b.family;
}

const alive = (e: CtEntry, now: number): boolean => e.expires > now;

const NOTHING_UNACKED: CtEntry['unacked'] = { original: false, reply: false };

/**
 * The kernel finds entries through a hash of both tuples. Here a table carries an index from tuple
 * to positions, handed on by putEntry to the table it derives when that table's array is the
 * newest one the index covers: replacing keeps every tuple at its position, appending adds one.
 * A position is always checked against the entry found there, so a shared index can only hold
 * extra candidates, never wrong answers. Small tables (the usual pod) are searched entry by entry,
 * which is faster than building keys; the index exists from INDEXED entries on.
 */
const INDEXED = 256;
const tupleKey = (t: Tuple, zone: number): string => `${t.src}|${t.sport}|${t.dst}|${t.dport}|${t.proto}|${zone}`;

function indexEntry(map: Map<string, number[]>, e: CtEntry, at: number): void {
	for (const k of [tupleKey(e.orig, e.zone), tupleKey(e.reply, e.zone)]) {
		const list = map.get(k);
		if (list === undefined) map.set(k, [at]);
		else if (!list.includes(at)) list.push(at);
	}
}

function buildIndex(entries: readonly CtEntry[]): CtIndex {
	const map = new Map<string, number[]>();
	for (let i = 0; i < entries.length; i++) indexEntry(map, entries[i] as CtEntry, i);
	return { map, covers: entries.length };
}

function match(e: CtEntry | undefined, tuple: Tuple, zone: number, now: number): { entry: CtEntry; dir: Direction } | undefined {
	if (e === undefined || e.zone !== zone || !alive(e, now)) return undefined;
	if (sameTuple(e.orig, tuple)) return { entry: e, dir: 'original' };
	if (sameTuple(e.reply, tuple)) return { entry: e, dir: 'reply' };
	return undefined;
}

/** The entry a packet with this tuple belongs to, and in which direction (hash lookup by tuple). */
export function findEntry(table: ConntrackTable, tuple: Tuple, zone: number, now: number): { entry: CtEntry; dir: Direction } | undefined {
	if (table.index === undefined) {
		for (const e of table.entries) {
			const hit = match(e, tuple, zone, now);
			if (hit !== undefined) return hit;
		}
		return undefined;
	}
	for (const i of table.index.map.get(tupleKey(tuple, zone)) ?? []) {
		const hit = match(table.entries[i], tuple, zone, now);
		if (hit !== undefined) return hit;
	}
	return undefined;
}

/** Whether a tuple is already taken by a live entry, in either direction (nf_nat_used_tuple). */
export function tupleInUse(table: ConntrackTable, tuple: Tuple, zone: number, now: number): boolean {
	return findEntry(table, tuple, zone, now) !== undefined;
}

/** A new, not yet confirmed entry for the first packet of a connection (init_conntrack). */
export function newEntry(id: number, tuple: Tuple, zone: number, now: number): CtEntry {
	const reply = invert(tuple);
	// Two literals rather than a spread of a conditional object: every connection makes one.
	if (tuple.proto === 6) {
		return { id, orig: tuple, reply, tcp: 'NONE', seenReply: false, assured: false, dstNat: false, srcNat: false, dstNatDone: false, srcNatDone: false, mark: 0, zone, expires: now, created: now, unacked: NOTHING_UNACKED };
	}
	return {
		id,
		orig: tuple,
		reply,
		seenReply: false,
		assured: false,
		dstNat: false,
		srcNat: false,
		dstNatDone: false,
		srcNatDone: false,
		mark: 0,
		zone,
		expires: now,
		created: now,
		unacked: NOTHING_UNACKED,
	};
}

export type PacketVerdict = 'valid' | 'invalid' | 'ignore' | 'kill';


/**
 * Follows one packet through the protocol tracker (tcp_packet / udp_packet / generic) and
 * refreshes the timeout. `payload` is the number of data bytes the packet carries.
 */
export function track(entry: CtEntry, dir: Direction, flags: number, payload: number, now: number): { entry: CtEntry; verdict: PacketVerdict } {
	const seenReply = entry.seenReply || dir === 'reply';
	if (entry.orig.proto === 17) {
		// udp_packet: before the reply (and for the reply itself) 30 s; a flow still active
		// after two seconds in both directions becomes a stream: 120 s and ASSURED.
		const stream = entry.seenReply && now - entry.created > UDP_TIMEOUTS.streamAfter * 1000;
		const timeout = stream ? UDP_TIMEOUTS.stream : UDP_TIMEOUTS.unreplied;
		return { entry: { ...entry, seenReply, assured: entry.assured || stream, expires: now + timeout * 1000 }, verdict: 'valid' };
	}
	if (entry.tcp === undefined) return { entry: { ...entry, seenReply, expires: now + GENERIC_TIMEOUT * 1000 }, verdict: 'valid' };
	const old = entry.tcp;
	const next = tcpNext(old, dir, flags);
	if (next === 'invalid') return { entry, verdict: 'invalid' };
	// "If only reply is a RST, we can consider ourselves not to have an established connection":
	// the entry is removed at once (tcp_packet, nf_ct_kill_acct).
	if (!entry.seenReply && dir === 'reply' && flags & TCP_FLAGS.RST) return { entry, verdict: 'kill' };
	const state = next === 'ignore' ? old : next;
	// Data marks its sender's direction unacknowledged; an ACK from the other side clears it.
	const ack = (flags & TCP_FLAGS.ACK) !== 0;
	const o = dir === 'original' ? payload > 0 || entry.unacked.original : !ack && entry.unacked.original;
	const r = dir === 'reply' ? payload > 0 || entry.unacked.reply : !ack && entry.unacked.reply;
	const unacked = o === entry.unacked.original && r === entry.unacked.reply ? entry.unacked : o || r ? { original: o, reply: r } : NOTHING_UNACKED;
	// ASSURED once a valid ACK moves SYN_RECV (or an ESTABLISHED pickup) to ESTABLISHED.
	const assured = entry.assured || (entry.seenReply && (old === 'SYN_RECV' || old === 'ESTABLISHED') && state === 'ESTABLISHED');
	const timeout = tcpTimeout(state, flags, unacked.original || unacked.reply);
	return { entry: { ...entry, tcp: state, seenReply, assured, unacked, expires: now + timeout * 1000 }, verdict: next === 'ignore' ? 'ignore' : 'valid' };
}

/** Records a NAT decision: the reply tuple now answers from/to the translated address. */
export function withNat(entry: CtEntry, manip: 'dst' | 'src', to: { address: string; port: number } | undefined): CtEntry {
	if (manip === 'dst') {
		if (to === undefined) return { ...entry, dstNatDone: true };
		return { ...entry, dstNatDone: true, dstNat: true, reply: { ...entry.reply, src: to.address, sport: to.port } };
	}
	if (to === undefined) return { ...entry, srcNatDone: true };
	return { ...entry, srcNatDone: true, srcNat: true, reply: { ...entry.reply, dst: to.address, dport: to.port } };
}

/** Inserts a confirmed entry, or replaces the stored version of one (by id; tuples never change
 * once an entry is confirmed, so the index stays valid). */
export function putEntry(table: ConntrackTable, entry: CtEntry): ConntrackTable {
	const old = table.entries;
	if (old.length < INDEXED) {
		const at = old.findIndex((e) => e.id === entry.id);
		if (at < 0) return { entries: [...old, entry], nextId: Math.max(table.nextId, entry.id + 1) };
		const entries = old.slice();
		entries[at] = entry;
		return { entries, nextId: table.nextId };
	}
	const index = table.index !== undefined && table.index.covers === old.length ? table.index : buildIndex(old);
	const i = (index.map.get(tupleKey(entry.orig, entry.zone)) ?? []).find((at) => old[at]?.id === entry.id);
	if (i === undefined) {
		const entries = [...old, entry];
		indexEntry(index.map, entry, old.length);
		index.covers = entries.length;
		return { entries, nextId: Math.max(table.nextId, entry.id + 1), index };
	}
	const entries = old.slice();
	entries[i] = entry;
	return { entries, nextId: table.nextId, index };
}

export function removeEntry(table: ConntrackTable, id: number): ConntrackTable {
	return { entries: table.entries.filter((e) => e.id !== id), nextId: table.nextId };
}

/** Drops entries whose timeout ran out (the garbage collector). */
export function expire(table: ConntrackTable, now: number): ConntrackTable {
	return table.entries.every((e) => alive(e, now)) ? table : { entries: table.entries.filter((e) => alive(e, now)), nextId: table.nextId };
}

/** Seconds left as `conntrack -L` prints them: the dump runs at least a jiffy after the last
 * packet refreshed the timer, so a fresh 432000 s entry reads 431999. */
export function secondsLeft(entry: CtEntry, now: number): number {
	return Math.max(0, Math.floor((entry.expires - now - 1) / 1000));
}

/** SO_ORIGINAL_DST (getorigdst): the entry whose reply tuple is the socket's view, read back. */
export function originalDestination(table: ConntrackTable, local: { address: string; port: number }, peer: { address: string; port: number }, proto: number, now: number): { address: string; port: number } | undefined {
	for (const e of table.entries) {
		if (!alive(e, now) || e.reply.proto !== proto) continue;
		if (e.reply.src === local.address && e.reply.sport === local.port && e.reply.dst === peer.address && e.reply.dport === peer.port) {
			return { address: e.orig.dst, port: e.orig.dport };
		}
	}
	return undefined;
}
