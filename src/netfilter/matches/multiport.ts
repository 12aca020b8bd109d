// -m multiport: up to 15 ports or ranges in one rule (xt_multiport.h XT_MULTI_PORTS).
// Istio uses `-m multiport ! --dports 53,15008` for Envoy's hairpin rule.

import { ok, param, type XtResult } from '../errors';
import type { MatchExtension } from '../extension';
import { MATCHED, noMatch } from '../engine/types';
import { listRange, parsePortRange, saveRange, serviceProto, type PortRange } from '../ports';

export type MultiportDirection = 'sports' | 'dports' | 'ports';

export interface MultiportData {
	readonly direction?: MultiportDirection;
	readonly ports: readonly PortRange[];
	readonly invert: boolean;
}

const DIRECTIONS: Readonly<Record<string, MultiportDirection>> = {
	'source-ports': 'sports',
	sports: 'sports',
	'destination-ports': 'dports',
	dports: 'dports',
	ports: 'ports',
};

const ALL = ['source-ports', 'destination-ports', 'ports'];

/** Protocols with ports, the only ones multiport accepts. */
const PORT_PROTOCOLS = [6, 17, 33, 132, 136];

export const multiport: MatchExtension<MultiportData> = {
	kind: 'match',
	name: 'multiport',
	options: [
		{ name: 'source-ports', args: 1, invertible: true, excludes: ALL },
		{ name: 'sports', args: 1, invertible: true, excludes: ALL, aliasOf: 'source-ports' },
		{ name: 'destination-ports', args: 1, invertible: true, excludes: ALL },
		{ name: 'dports', args: 1, invertible: true, excludes: ALL, aliasOf: 'destination-ports' },
		{ name: 'ports', args: 1, invertible: true, excludes: ALL },
	],
	init: () => ({ ports: [], invert: false }),
	parse(data, option, args, invert, ctx): XtResult<MultiportData> {
		const proto = serviceProto(ctx.protocol, 'tcp');
		const ports: PortRange[] = [];
		for (const item of (args[0] ?? '').split(',')) {
			const r = parsePortRange(item, proto, ctx.resolver);
			if (!r.ok) return r.error.kind === 'parameter' && r.error.message.startsWith('invalid portrange') ? param('invalid portrange specified') : r;
			ports.push(r.value);
		}
		if (ports.length > 15) return param('too many ports specified');
		return ok({ direction: DIRECTIONS[option], ports, invert });
	},
	finalCheck(data, ctx) {
		const p = ctx.protocol;
		if (p === undefined || p.invert || !PORT_PROTOCOLS.includes(p.number)) {
			return param("multiport needs `-p tcp', `-p udp', `-p udplite', `-p sctp' or `-p dccp'");
		}
		if (data.direction === undefined) return param('multiport expects an option');
		return ok(data);
	},
	// ports_match_v1 in xt_multiport.c: any listed port or range, then the inversion.
	matches(data, ctx) {
		const { sport, dport } = ctx.packet;
		const hit = data.ports.some((r) =>
			data.direction === 'sports' ? sport >= r.lo && sport <= r.hi
			: data.direction === 'dports' ? dport >= r.lo && dport <= r.hi
			: (sport >= r.lo && sport <= r.hi) || (dport >= r.lo && dport <= r.hi));
		if (hit !== data.invert) return MATCHED;
		const actual = data.direction === 'sports' ? `${sport}` : data.direction === 'dports' ? `${dport}` : `${sport},${dport}`;
		return noMatch('ports', actual, data.ports.map((r) => saveRange(r)).join(','), data.invert);
	},
	save: (data) => `${data.invert ? '! ' : ''}--${data.direction} ${data.ports.map((r) => saveRange(r)).join(',')}`,
	list(data, ctx) {
		const proto = serviceProto(ctx.protocol, 'tcp');
		const ports = data.ports.map((r) => listRange(r, proto, ctx.numeric, ctx.resolver)).join(',');
		return `multiport ${data.direction} ${data.invert ? ' !' : ''}${ports}`;
	},
};
