// Socket lookups the packet path needs: delivering a packet (established socket first, then the
// best listener: an exact address beats a wildcard, __inet_lookup), TPROXY's and -m socket's
// lookups, and the socket table updates when connections open and close.

import type { Endpoint, Socket } from './types';

const isWildcard = (addr: string): boolean => addr === '0.0.0.0' || addr === '::';

/** Whether a listener bound to `bound` takes packets for `addr` (an IPv6 `::` listener takes
 * IPv4 too unless IPV6_V6ONLY, shown by ss as `*:15020`). */
function listens(s: Socket, addr: string): boolean {
	const v4 = !addr.includes(':');
	if (s.local.address === addr) return true;
	if (s.local.address === '0.0.0.0') return v4;
	if (s.local.address === '::') return !v4 || s.v6only !== true;
	return false;
}

/**
 * Positions of sockets, built once per array and handed on by addSocket to the array it derives
 * when that array is the newest one the index covers (appending keeps every position): listeners
 * by local port, established sockets by their two ports, so a lookup never walks the many
 * connections of a busy port. Candidates are always checked, so a shared index (or two sockets
 * with the same key) never gives a wrong answer.
 */
interface PortIndex {
	readonly listeners: Map<number, number[]>;
	readonly established: Map<number, number[]>;
	covers: number;
}
const BY_PORT = new WeakMap<readonly Socket[], PortIndex>();
const NO_POSITIONS: readonly number[] = [];
/** Few sockets are faster to scan than to index. */
const INDEXED = 32;

/** A key of an established socket's ports (collisions only add candidates). */
const portsKey = (local: number, remote: number): number => (remote << 14) ^ local;

function indexSocket(index: PortIndex, s: Socket, at: number): void {
	let map: Map<number, number[]>;
	let key: number;
	if (s.kind === 'listen') {
		map = index.listeners;
		key = s.local.port;
	} else if (s.remote !== undefined) {
		map = index.established;
		key = portsKey(s.local.port, s.remote.port);
	} else return; // an established socket without a peer is never found
	const list = map.get(key);
	if (list === undefined) map.set(key, [at]);
	else list.push(at);
}

/** The list looked up last and its index: a packet's lookups, and a run's, use one list. */
let lastList: readonly Socket[] | undefined;
let lastIndex: PortIndex | undefined;

function indexOf(sockets: readonly Socket[]): PortIndex {
	if (sockets === lastList && lastIndex !== undefined) return lastIndex;
	let index = BY_PORT.get(sockets);
	if (index === undefined) {
		index = { listeners: new Map(), established: new Map(), covers: sockets.length };
		for (let i = 0; i < sockets.length; i++) indexSocket(index, sockets[i] as Socket, i);
		BY_PORT.set(sockets, index);
	}
	lastList = sockets;
	lastIndex = index;
	return index;
}

export function findListener(sockets: readonly Socket[], proto: 'tcp' | 'udp', local: Endpoint): Socket | undefined {
	let wildcard: Socket | undefined;
	const at = sockets.length < INDEXED ? undefined : (indexOf(sockets).listeners.get(local.port) ?? NO_POSITIONS);
	const n = at === undefined ? sockets.length : at.length;
	for (let k = 0; k < n; k++) {
		const s = sockets[at === undefined ? k : (at[k] as number)];
		if (s === undefined || s.local.port !== local.port || s.kind !== 'listen' || s.proto !== proto || !listens(s, local.address)) continue;
		if (!isWildcard(s.local.address)) return s;
		wildcard ??= s;
	}
	return wildcard;
}

export function findEstablished(sockets: readonly Socket[], proto: 'tcp' | 'udp', local: Endpoint, remote: Endpoint): Socket | undefined {
	const at = sockets.length < INDEXED ? undefined : (indexOf(sockets).established.get(portsKey(local.port, remote.port)) ?? NO_POSITIONS);
	const n = at === undefined ? sockets.length : at.length;
	for (let k = 0; k < n; k++) {
		const s = sockets[at === undefined ? k : (at[k] as number)];
		if (s !== undefined && s.local.port === local.port && s.kind === 'established' && s.proto === proto && s.local.address === local.address && s.remote?.port === remote.port && s.remote.address === remote.address) return s;
	}
	return undefined;
}

/** The socket a packet for `local` from `remote` belongs to: established first, then a listener. */
export function lookupSocket(sockets: readonly Socket[], proto: 'tcp' | 'udp', local: Endpoint, remote: Endpoint): Socket | undefined {
	return findEstablished(sockets, proto, local, remote) ?? findListener(sockets, proto, local);
}

export function addSocket(sockets: readonly Socket[] | undefined, s: Socket): readonly Socket[] | undefined {
	if (sockets === undefined) return undefined;
	const next = copySockets(sockets);
	pushSocket(next, s);
	return next;
}

/**
 * A copy of the list for one run of the engine to append to in place (pushSocket) instead of
 * copying the list for every socket a connection opens; it takes the list's index along. Nothing
 * else may hold the copy until the run ends.
 */
export function copySockets(sockets: readonly Socket[]): Socket[] {
	const next = sockets.slice();
	const found = BY_PORT.get(sockets);
	if (found !== undefined && found.covers === sockets.length) BY_PORT.set(next, found);
	return next;
}

/** Appends to a list made by copySockets, keeping its index (if it has one) covering it. */
export function pushSocket(owned: Socket[], s: Socket): void {
	const found = owned === lastList && lastIndex !== undefined ? lastIndex : BY_PORT.get(owned);
	if (found !== undefined) {
		if (found.covers === owned.length) {
			indexSocket(found, s, owned.length);
			found.covers = owned.length + 1;
		} else {
			BY_PORT.delete(owned);
			if (lastList === owned) lastIndex = undefined;
		}
	}
	owned.push(s);
}

export function removeSockets(sockets: readonly Socket[] | undefined, gone: readonly Socket[]): readonly Socket[] | undefined {
	return sockets === undefined ? undefined : sockets.filter((s) => !gone.includes(s));
}

export function endpointText(e: Endpoint): string {
	return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}
