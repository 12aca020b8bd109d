// -m statistic: match a share of packets, at random (`--mode random --probability P`) or every
// Nth one (`--mode nth --every N --packet P`). kube-proxy spreads a Service's new connections over
// its endpoints with a chain of random rules: 1/3, then 1/2 of the rest, then the last endpoint.
//
// iptables stores the probability as a 31-bit fraction (lround(0x80000000 * P)) and prints it back
// with 11 decimals, so `--probability 0.33333333333` is saved as 0.33333333349 (libxt_statistic.c).

import { ok, param, type XtResult } from '../errors';
import { MATCHED, noMatch, type MatchContext, type MatchResult } from '../engine/types';
import type { MatchExtension } from '../extension';

export interface StatisticData {
	readonly mode?: 'random' | 'nth';
	readonly invert: boolean;
	/** Random mode: the 31-bit threshold (xt_statistic_info.u.random.probability). */
	readonly probability: number;
	/** Nth mode: N - 1 and the initial counter value, as the kernel keeps them. */
	readonly every: number;
	readonly packet: number;
	readonly sawProbability: boolean;
	readonly sawNth: boolean;
}

const U32 = 0xffffffff;

/** strtod over the whole argument, as xtables' XTTYPE_DOUBLE takes it. */
function parseDouble(text: string): number | undefined {
	if (!/^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) && !/^\s*[+-]?(inf|infinity|nan)$/i.test(text)) return undefined;
	return Number(text.trim().replace(/^([+-]?)inf(inity)?$/i, '$1Infinity'));
}

/** xtables' XTTYPE_UINT32 with a lower bound: decimal, 0x hex or 0-prefixed octal. */
function parseU32(text: string): number | undefined {
	let n: number;
	if (/^0x[0-9a-f]+$/i.test(text)) n = parseInt(text.slice(2), 16);
	else if (/^0[0-7]*$/.test(text)) n = parseInt(text, 8);
	else if (/^[1-9]\d*$/.test(text)) n = Number(text);
	else return undefined;
	return n <= U32 ? n : undefined;
}

/** C's "%.11f" of probability / 2^31 (exact: the quotient has at most 31 binary digits). */
export function probabilityText(threshold: number): string {
	return (threshold / 0x80000000).toFixed(11);
}

export const statistic: MatchExtension<StatisticData> = {
	kind: 'match',
	name: 'statistic',
	options: [
		{ name: 'mode', args: 1, required: true },
		{ name: 'probability', args: 1, invertible: true, excludes: ['every', 'packet'] },
		{ name: 'every', args: 1, invertible: true, excludes: ['probability'], also: ['packet'] },
		{ name: 'packet', args: 1, excludes: ['probability'], also: ['every'] },
	],
	init: () => ({ invert: false, probability: 0, every: 0, packet: 0, sawProbability: false, sawNth: false }),
	parse(data, option, args, invert): XtResult<StatisticData> {
		const arg = args[0] ?? '';
		const d = invert ? { ...data, invert: true } : data;
		switch (option) {
			case 'mode':
				if (arg === 'random' || arg === 'nth') return ok({ ...d, mode: arg });
				return param(`Bad mode "${arg}"`);
			case 'probability': {
				const p = parseDouble(arg);
				if (p === undefined || !(p >= 0 && p <= 1)) return param('statistic: bad value for option "--probability", or out of range (0-1).\n');
				// lround: halves away from zero (all values here are non-negative).
				return ok({ ...d, probability: Math.floor(0x80000000 * p + 0.5), sawProbability: true });
			}
			case 'every': {
				const n = parseU32(arg);
				if (n === undefined || n < 1) return param(`statistic: bad value for option "--every", or out of range (1-${U32}).\n`);
				return ok({ ...d, every: n - 1, sawNth: true });
			}
			default: {
				const n = parseU32(arg);
				if (n === undefined) return param(`statistic: bad value for option "--packet", or out of range (0-${U32}).\n`);
				return ok({ ...d, packet: n, sawNth: true });
			}
		}
	},
	finalCheck(d) {
		// A missing --mode reads as mode 0, which is random (XT_STATISTIC_MODE_RANDOM).
		if ((d.mode ?? 'random') === 'random' && !d.sawProbability) return param('--probability must be specified when using random mode');
		if (d.mode === 'nth' && !d.sawNth) return param('--every and --packet must be specified when using nth mode');
		if (d.packet > d.every) return param('the --packet p must be 0 <= p <= n-1');
		return ok(d);
	},
	matches: (d, ctx) => statisticMatches(d, ctx),
	save: (d) => print(d, '--'),
	list: (d) => `statistic ${print(d, '')}`,
};

function print(d: StatisticData, prefix: '--' | ''): string {
	const inv = d.invert ? ' !' : '';
	if (d.mode === 'nth') {
		const packet = d.packet !== 0 || prefix !== '' ? ` ${prefix}packet ${d.packet}` : '';
		return `${prefix}mode nth${inv} ${prefix}every ${d.every + 1}${packet}`;
	}
	return `${prefix}mode random${inv} ${prefix}probability ${probabilityText(d.probability)}`;
}

/**
 * statistic_mt (net/netfilter/xt_statistic.c), random mode: (get_random_u32() & 0x7FFFFFFF) <
 * probability, from the injected random source. Nth mode counts every packet that reaches the
 * match in a counter shared by the rule (info->master->count); the model keeps no state in rules,
 * so nth rules never match in the engine and the trace says why.
 */
function statisticMatches(d: StatisticData, ctx: MatchContext): MatchResult {
	if (d.mode === 'nth') return noMatch('unsupported', 'statistic --mode nth', 'statistic');
	const draw = ctx.random === undefined ? 0 : Math.floor(ctx.random() * 0x80000000);
	const hit = draw < d.probability;
	return hit !== d.invert ? MATCHED : noMatch('statistic', probabilityText(draw), probabilityText(d.probability), d.invert);
}
