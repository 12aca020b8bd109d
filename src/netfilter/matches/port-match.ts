// The part of the tcp and udp matches they share: --sport/--dport with ranges and `!`.
// The kernel's xt_tcpudp.c holds both matches; iptables prints them the same way
// (`tcp spt:3 dpt:!53`, `udp spts:1000:2000`).

import { ok, param, type XtResult } from '../errors';
import type { ParseContext, PrintContext } from '../extension';
import { MATCHED, noMatch, type MatchResult, type Packet } from '../engine/types';
import { listRange, parsePortRange, saveRange, type PortRange } from '../ports';

export interface PortSelector {
	readonly range: PortRange;
	readonly invert: boolean;
}

export interface PortMatchData {
	readonly sport?: PortSelector;
	readonly dport?: PortSelector;
}

export const PORT_OPTIONS = [
	{ name: 'sport', args: 1, invertible: true },
	{ name: 'source-port', args: 1, invertible: true },
	{ name: 'dport', args: 1, invertible: true },
	{ name: 'destination-port', args: 1, invertible: true },
] as const;

export function parsePortOption<D extends PortMatchData>(
	proto: string,
	data: D,
	option: string,
	arg: string,
	invert: boolean,
	ctx: ParseContext,
): XtResult<D> | undefined {
	const key = option === 'sport' || option === 'source-port' ? 'sport' : option === 'dport' || option === 'destination-port' ? 'dport' : undefined;
	if (key === undefined) return undefined;
	if (data[key] !== undefined) return param(`multiple --${key} flags not allowed`);
	const range = parsePortRange(arg, proto, ctx.resolver);
	if (!range.ok) return range;
	return ok({ ...data, [key]: { range: range.value, invert } });
}

/** `-p tcp` (not inverted) must come with the tcp match, or the kernel refuses the rule. */
export function requireProtocol<D>(name: string, number: number, data: D, ctx: ParseContext): XtResult<D> {
	const p = ctx.protocol;
	// iptables-nft checks this itself; with x_tables the kernel refuses the rule (see validate.ts).
	if (ctx.backend === 'nft' && (p === undefined || p.number !== number)) {
		return param(`${name.toUpperCase()} match requires '-p ${name}'`);
	}
	return ok(data);
}

export function savePorts(data: PortMatchData): string[] {
	const out: string[] = [];
	if (data.sport) out.push(`${data.sport.invert ? '! ' : ''}--sport ${saveRange(data.sport.range)}`);
	if (data.dport) out.push(`${data.dport.invert ? '! ' : ''}--dport ${saveRange(data.dport.range)}`);
	return out;
}

export function listPorts(proto: string, data: PortMatchData, ctx: PrintContext): string[] {
	const one = (label: string, s: PortSelector | undefined): string[] => {
		if (s === undefined) return [];
		const plural = s.range.lo === s.range.hi ? '' : 's';
		return [`${label}${plural}:${s.invert ? '!' : ''}${listRange(s.range, proto, ctx.numeric, ctx.resolver)}`];
	};
	return [...one('spt', data.sport), ...one('dpt', data.dport)];
}

/** port_match in net/netfilter/xt_tcpudp.c: inside the range, unless inverted. */
export function inRange(r: PortRange, port: number): boolean {
	return port >= r.lo && port <= r.hi;
}

/** --sport then --dport, as tcp_mt/udp_mt check them; the first failing one is the reason. */
export function matchPorts(data: PortMatchData, packet: Packet): MatchResult {
	if (data.sport && inRange(data.sport.range, packet.sport) === data.sport.invert) {
		return noMatch('sport', `${packet.sport}`, saveRange(data.sport.range), data.sport.invert);
	}
	if (data.dport && inRange(data.dport.range, packet.dport) === data.dport.invert) {
		return noMatch('dport', `${packet.dport}`, saveRange(data.dport.range), data.dport.invert);
	}
	return MATCHED;
}
