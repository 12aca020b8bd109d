// -j MARK: set the packet's fwmark. The kernel only knows "value/mask" (XOR-with-mask, xt_MARK
// revision 2), so iptables turns --set-mark/--and-mark/--or-mark/--xor-mark into --set-xmark.

import { ok, param, type XtResult } from '../errors';

import { hex, parseMarkMask, xmarkWord, type MarkMask, type TargetExtension } from '../extension';

export type MarkTargetData = MarkMask & { readonly set: boolean };

/** How each user-facing option maps onto value/mask (the xt_MARK_tginfo2 fields). */
export function xmarkFrom(option: string, value: number, mask: number, hasMask: boolean): MarkMask {
	switch (option) {
		case 'set-mark':
			return { value, mask: hasMask ? (value | mask) >>> 0 : 0xffffffff };
		case 'and-mark':
			return { value: 0, mask: ~value >>> 0 };
		case 'or-mark':
			return { value, mask: value };
		case 'xor-mark':
			return { value, mask: 0 };
		default:
			return { value, mask };
	}
}

export const MARK_OPTIONS = ['set-xmark', 'set-mark', 'and-mark', 'or-mark', 'xor-mark'];

export const MARK: TargetExtension<MarkTargetData> = {
	kind: 'target',
	name: 'MARK',
	options: MARK_OPTIONS.map((name) => ({ name, args: 1, excludes: MARK_OPTIONS })),
	init: () => ({ value: 0, mask: 0, set: false }),
	parse(data, option, args): XtResult<MarkTargetData> {
		const m = parseMarkMask('MARK', option, args[0] ?? '');
		if (!m.ok) return m;
		return ok({ ...xmarkFrom(option, m.value.value, m.value.mask, m.value.hasMask), set: true });
	},
	finalCheck: (d) => (d.set ? ok(d) : param('MARK: One of the --set-xmark, --{and,or,xor,set}-mark options is required')),
	// mark_tg in net/netfilter/xt_mark.c: skb->mark = (skb->mark & ~mask) ^ value.
	verdict: (d, ctx) => ({ kind: 'continue', effect: { mark: ((ctx.packet.mark & ~d.mask) ^ d.value) >>> 0 } }),
	save: (d) => `--set-xmark ${hex(d.value)}/${hex(d.mask)}`,
	list: (d) => `MARK ${xmarkWord(d)}`,
};
