// Argument parsing for `trace`: errors are values naming what was wrong and how to write it.

import { addressType } from '../../netns/route';
import { familyOf } from '../../netns/addr';
import type { Netns } from '../../netns/types';
import type { MessageKey } from './messages';

export interface TraceArgs {
	readonly protocol: 'tcp' | 'udp';
	readonly iface?: string;
	readonly uid: number;
	readonly gid: number;
	/** undefined: unbound, the route picks the source (`0.0.0.0`). */
	readonly src?: string;
	readonly sport?: number;
	readonly dst: string;
	readonly dport: number;
}

export type ParsedArgs =
	| { readonly ok: true; readonly help: true }
	| { readonly ok: true; readonly help?: false; readonly args: TraceArgs }
	| { readonly ok: false; readonly key: MessageKey; readonly vars?: Readonly<Record<string, string>> };

const bad = (key: MessageKey, vars: Record<string, string> = {}): ParsedArgs => ({ ok: false, key, vars });

function parsePort(text: string): number | undefined {
	if (!/^\d+$/.test(text)) return undefined;
	const n = Number(text);
	return n >= 1 && n <= 65535 ? n : undefined;
}

/** `ADDR` or `ADDR:PORT` (IPv4); IPv6 is recognised and refused for now. */
function endpoint(text: string): { address: string; port?: string } | ParsedArgs {
	if (text.startsWith('[') || (text.match(/:/g)?.length ?? 0) > 1) return bad('error.ipv6', { value: text });
	const [address = '', port] = text.split(':');
	if (familyOf(address) !== 'ipv4') return bad('error.bad-address', { value: address });
	return port === undefined ? { address } : { address, port };
}

const isError = (x: unknown): x is Extract<ParsedArgs, { ok: false }> => typeof x === 'object' && x !== null && 'ok' in x && (x as ParsedArgs).ok === false;

export function parseTraceArgs(args: readonly string[], netns: Netns): ParsedArgs {
	let protocol: 'tcp' | 'udp' = 'tcp';
	let iface: string | undefined;
	let uid: number | undefined;
	let gid: number | undefined;
	const positional: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i] ?? '';
		const value = (): string | undefined => args[++i];
		if (a === '-h' || a === '--help') return { ok: true, help: true };
		if (a === '-p' || a === '--protocol' || a === '--in' || a === '--uid' || a === '--gid') {
			const v = value();
			if (v === undefined) return bad('error.option-needs-value', { value: a });
			if (a === '-p' || a === '--protocol') {
				if (v !== 'tcp' && v !== 'udp') return bad('error.bad-protocol', { value: v });
				protocol = v;
			} else if (a === '--in') {
				if (!netns.interfaces.some((x) => x.name === v)) return bad('error.unknown-interface', { value: v, list: netns.interfaces.map((x) => x.name).join(', ') });
				iface = v;
			} else {
				if (!/^\d+$/.test(v) || Number(v) > 0xffffffff) return bad('error.bad-id', { option: a, value: v });
				if (a === '--uid') uid = Number(v);
				else gid = Number(v);
			}
		} else if (a.startsWith('-') && a !== '-') return bad('error.unknown-option', { value: a });
		else positional.push(a);
	}
	if (positional.length === 0) return bad('error.missing-source');
	if (positional.length === 1) return bad('error.missing-destination');
	if (positional.length > 2) return bad('error.extra-argument', { value: positional[2] ?? '' });
	if (iface !== undefined && (uid !== undefined || gid !== undefined)) return bad('error.in-with-owner');
	const src = endpoint(positional[0] ?? '');
	if (isError(src)) return src;
	const dst = endpoint(positional[1] ?? '');
	if (isError(dst)) return dst;
	if (!('address' in src) || !('address' in dst)) return bad('error.bad-address', { value: positional[0] ?? '' });
	if (dst.port === undefined) return bad('error.missing-port', { value: positional[1] ?? '' });
	const dport = parsePort(dst.port);
	if (dport === undefined) return bad('error.bad-port', { value: dst.port });
	let sport: number | undefined;
	if (src.port !== undefined) {
		sport = parsePort(src.port);
		if (sport === undefined) return bad('error.bad-port', { value: src.port });
	}
	const unbound = src.address === '0.0.0.0';
	if (unbound && iface !== undefined) return bad('error.bad-address', { value: src.address });
	if (iface === undefined && !unbound && addressType(netns, src.address) !== 'LOCAL') return bad('error.not-local-source', { value: src.address });
	const u = uid ?? 0;
	return {
		ok: true,
		args: {
			protocol,
			...(iface !== undefined ? { iface } : {}),
			uid: u,
			gid: gid ?? u,
			...(unbound ? {} : { src: src.address }),
			...(sport !== undefined ? { sport } : {}),
			dst: dst.address,
			dport,
		},
	};
}
