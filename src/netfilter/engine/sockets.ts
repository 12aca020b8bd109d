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
 * Positions of sockets by local port, built once per array and handed on by addSocket to the
 * array it derives when that array is the newest one the index covers (appending keeps every
 * position). Candidates are always checked, so a shared index never gives a wrong answer.
 */
interface PortIndex {
	readonly map: Map<number, number[]>;
	covers: number;
}
const BY_PORT = new WeakMap<readonly Socket[], PortIndex>();
const NO_POSITIONS: readonly number[] = [];
/** Few sockets are faster to scan than to index. */
const INDEXED = 32;

function buildIndex(sockets: readonly Socket[]): PortIndex {
	const map = new Map<number, number[]>();
	for (let i = 0; i < sockets.length; i++) {
		const port = (sockets[i] as Socket).local.port;
		const list = map.get(port);
		if (list === undefined) map.set(port, [i]);
		else list.push(i);
	}
	const index = { map, covers: sockets.length };
	BY_PORT.set(sockets, index);
	return index;
}

function positions(sockets: readonly Socket[], port: number): readonly number[] | undefined {
	if (sockets.length < INDEXED) return undefined;
	return (BY_PORT.get(sockets) ?? buildIndex(sockets)).map.get(port) ?? NO_POSITIONS;
}

export function findListener(sockets: readonly Socket[], proto: 'tcp' | 'udp', local: Endpoint): Socket | undefined {
	let wildcard: Socket | undefined;
	const at = positions(sockets, local.port);
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
	const at = positions(sockets, local.port);
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
	const next = [...sockets, s];
	const found = BY_PORT.get(sockets);
	if (found !== undefined && found.covers === sockets.length) {
		const list = found.map.get(s.local.port);
		if (list === undefined) found.map.set(s.local.port, [sockets.length]);
		else list.push(sockets.length);
		found.covers = next.length;
		BY_PORT.set(next, found);
	}
	return next;
}

export function removeSockets(sockets: readonly Socket[] | undefined, gone: readonly Socket[]): readonly Socket[] | undefined {
	return sockets === undefined ? undefined : sockets.filter((s) => !gone.includes(s));
}

export function endpointText(e: Endpoint): string {
	return e.address.includes(':') ? `[${e.address}]:${e.port}` : `${e.address}:${e.port}`;
}
