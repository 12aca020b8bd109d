// -j CONNMARK: copy marks between the packet (nfmark) and its conntrack entry (ctmark).
// TPROXY mode saves the 0x539 mark on the connection in PREROUTING and restores it in OUTPUT so
// Envoy's replies follow the same policy route.

import { ok, param, type XtResult } from '../errors';
import { hex, parseMarkMask, parseUInt, xmarkWord, U32_MAX, type OptionSpec, type TargetExtension } from '../extension';
import { MARK_OPTIONS, xmarkFrom } from './MARK';

export interface ConnmarkTargetData {
	readonly mode?: 'set' | 'save' | 'restore';
	/** --set-*: value/mask applied to the ctmark (XOR with mask, as MARK does). */
	readonly value: number;
	readonly mask: number;
	/** --save-mark/--restore-mark: which bits are taken from the source and kept in the target. */
	readonly nfmask: number;
	readonly ctmask: number;
}

const ACTIONS = [...MARK_OPTIONS, 'save-mark', 'restore-mark'];

/**
 * The option table in libxt_CONNMARK's order: when two options clash, iptables names them in
 * this order ("--set-mark" cannot be used together with "--save-mark").
 */
const OPTIONS: readonly OptionSpec[] = [
	...MARK_OPTIONS.map((name) => ({ name, args: 1 as const, excludes: ACTIONS })),
	{ name: 'save-mark', args: 0, excludes: ACTIONS },
	{ name: 'restore-mark', args: 0, excludes: ACTIONS },
	{ name: 'ctmask', args: 1, excludes: ['mask'] },
	{ name: 'nfmask', args: 1, excludes: ['mask'] },
	{ name: 'mask', args: 1, excludes: ['ctmask', 'nfmask'] },
];

export const CONNMARK: TargetExtension<ConnmarkTargetData> = {
	kind: 'target',
	name: 'CONNMARK',
	options: OPTIONS,
	init: () => ({ value: 0, mask: 0, nfmask: U32_MAX, ctmask: U32_MAX }),
	parse(data, option, args): XtResult<ConnmarkTargetData> {
		const arg = args[0] ?? '';
		if (option === 'save-mark' || option === 'restore-mark') return ok({ ...data, mode: option === 'save-mark' ? 'save' : 'restore' });
		if (option === 'nfmask' || option === 'ctmask' || option === 'mask') {
			const n = parseUInt(arg);
			if (n === undefined) return param(`CONNMARK: bad integer value for option "--${option}", or out of range.\n`);
			return ok({ ...data, nfmask: option === 'ctmask' ? data.nfmask : n, ctmask: option === 'nfmask' ? data.ctmask : n });
		}
		const m = parseMarkMask('CONNMARK', option, arg);
		if (!m.ok) return m;
		return ok({ ...data, mode: 'set', ...xmarkFrom(option, m.value.value, m.value.mask, m.value.hasMask) });
	},
	finalCheck: (d) => (d.mode === undefined ? param('CONNMARK target: No operation specified') : ok(d)),
	// connmark_tg_shift in net/netfilter/xt_connmark.c (shift 0). Without an entry it does nothing.
	verdict(d, ctx) {
		if (ctx.ct === undefined || ctx.ct.state === 'UNTRACKED') return { kind: 'continue' };
		const nf = ctx.packet.mark;
		const ct = ctx.ctmark;
		if (d.mode === 'set') return { kind: 'continue', effect: { ctmark: ((ct & ~d.mask) ^ d.value) >>> 0 } };
		if (d.mode === 'save') return { kind: 'continue', effect: { ctmark: ((ct & ~d.ctmask) ^ (nf & d.nfmask)) >>> 0 } };
		return { kind: 'continue', effect: { mark: ((nf & ~d.nfmask) ^ (ct & d.ctmask)) >>> 0 } };
	},
	save(d) {
		if (d.mode === 'set') return `--set-xmark ${hex(d.value)}/${hex(d.mask)}`;
		return `--${d.mode}-mark --nfmask ${hex(d.nfmask)} --ctmask ${hex(d.ctmask)}`;
	},
	list(d) {
		if (d.mode === 'set') return `CONNMARK ${xmarkWord(d)}`;
		let masks = '';
		if (d.nfmask === d.ctmask) masks = d.nfmask === U32_MAX ? '' : ` mask ${hex(d.nfmask)}`;
		// The source mask is printed first, the destination mask negated (the bits that are kept).
		else if (d.mode === 'save') masks = ` nfmask ${hex(d.nfmask)} ctmask ~${hex(d.ctmask)}`;
		else masks = ` ctmask ${hex(d.ctmask)} nfmask ~${hex(d.nfmask)}`;
		return `CONNMARK ${d.mode}${masks}`;
	},
};
