// -j SNAT: rewrite the source of a new connection (nat POSTROUTING and INPUT) to a fixed address.

import { ok, type XtResult } from '../errors';
import type { TargetExtension } from '../extension';
import { EMPTY_RANGE, flagsText, parseNatTo, rangeText, type NatRange } from '../nat-range';
import { Hook } from '../types';
import { natVerdict } from './DNAT';

export const SNAT: TargetExtension<NatRange> = {
	kind: 'target',
	name: 'SNAT',
	table: 'nat',
	hooks: [Hook.Postrouting, Hook.Input],
	options: [
		{ name: 'to-source', args: 1, required: true },
		{ name: 'random', args: 0 },
		{ name: 'random-fully', args: 0 },
		{ name: 'persistent', args: 0 },
	],
	init: () => EMPTY_RANGE,
	parse(data, option, args, _invert, ctx): XtResult<NatRange> {
		if (option === 'random') return ok({ ...data, random: true });
		if (option === 'random-fully') return ok({ ...data, randomFully: true });
		if (option === 'persistent') return ok({ ...data, persistent: true });
		const r = parseNatTo(args[0] ?? '', data, ctx);
		// SNAT's kernel revision (struct nf_nat_range) has no base port: a shifted map keeps its
		// flag and reads back as `/0` (observed with iptables 1.8.9 on nf_tables).
		if (r.ok && r.value.ports?.base !== undefined) return ok({ ...r.value, ports: { ...r.value.ports, base: 0 } });
		return r;
	},
	verdict: (d, ctx) => natVerdict(d, ctx, 'src'),
	save: (d, ctx) => [`--to-source ${rangeText(d, ctx.family)}`, ...flagsText(d, '--')].join(' '),
	list: (d, ctx) => [`to:${rangeText(d, ctx.family)}`, ...flagsText(d, '')].join(' '),
};
