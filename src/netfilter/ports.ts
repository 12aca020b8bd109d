// Port and port-range syntax shared by the tcp, udp and multiport matches and by REDIRECT.

import { ok, param, type XtResult } from './errors';
import type { NameResolver } from './names';
import type { ProtocolSpec } from './types';

export interface PortRange {
	readonly lo: number;
	readonly hi: number;
}

/** Protocol name used for /etc/services lookups. */
export function serviceProto(protocol: ProtocolSpec | undefined, fallback: string): string {
	switch (protocol?.number) {
		case 6:
			return 'tcp';
		case 17:
			return 'udp';
		case 132:
			return 'sctp';
		case 33:
			return 'dccp';
		default:
			return fallback;
	}
}

export function parsePort(text: string, proto: string, resolver: NameResolver): XtResult<number> {
	if (/^\d+$/.test(text)) {
		const n = Number(text);
		if (n <= 65535) return ok(n);
	} else {
		const n = resolver.port(text, proto);
		if (n !== undefined) return ok(n);
	}
	return param(`invalid port/service \`${text}' specified`);
}

/** `a`, `a:b`, `:b` (from 0) or `a:` (to 65535). */
export function parsePortRange(text: string, proto: string, resolver: NameResolver): XtResult<PortRange> {
	const colon = text.indexOf(':');
	if (colon < 0) {
		const p = parsePort(text, proto, resolver);
		return p.ok ? ok({ lo: p.value, hi: p.value }) : p;
	}
	const loText = text.slice(0, colon);
	const hiText = text.slice(colon + 1);
	const lo = loText === '' ? ok(0) : parsePort(loText, proto, resolver);
	if (!lo.ok) return lo;
	const hi = hiText === '' ? ok(65535) : parsePort(hiText, proto, resolver);
	if (!hi.ok) return hi;
	if (lo.value > hi.value) return param(`invalid portrange (min > max)`);
	return ok({ lo: lo.value, hi: hi.value });
}

export function saveRange(r: PortRange, sep = ':'): string {
	return r.lo === r.hi ? `${r.lo}` : `${r.lo}${sep}${r.hi}`;
}

export function portName(port: number, proto: string, numeric: boolean, resolver: NameResolver): string {
	return numeric ? `${port}` : (resolver.service(port, proto) ?? `${port}`);
}

export function listRange(r: PortRange, proto: string, numeric: boolean, resolver: NameResolver): string {
	const lo = portName(r.lo, proto, numeric, resolver);
	return r.lo === r.hi ? lo : `${lo}:${portName(r.hi, proto, numeric, resolver)}`;
}
