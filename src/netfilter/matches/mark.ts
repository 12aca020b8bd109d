// -m mark: compare the packet's fwmark (nfmark). In TPROXY mode Istio marks diverted packets
// 0x539 (1337) and policy routing (`ip rule fwmark 0x539 lookup 133`) delivers them locally.

import { ok } from '../errors';
import { MATCHED, noMatch } from '../engine/types';
import { hex, markText, parseMarkMask, type MarkMask, type MatchExtension } from '../extension';

export interface MarkData extends MarkMask {
	readonly invert: boolean;
}

export const mark: MatchExtension<MarkData> = {
	kind: 'match',
	name: 'mark',
	options: [{ name: 'mark', args: 1, invertible: true }],
	init: () => ({ value: 0, mask: 0xffffffff, invert: false }),
	parse(_data, option, args, invert) {
		const m = parseMarkMask('mark', option, args[0] ?? '');
		return m.ok ? ok({ value: m.value.value, mask: m.value.mask, invert }) : m;
	},
	// mark_mt: (skb->mark & mask) == mark, then the inversion.
	matches: (d, ctx) => ((((ctx.packet.mark & d.mask) >>> 0) === d.value) !== d.invert ? MATCHED : noMatch('mark', hex(ctx.packet.mark), markText(d), d.invert)),
	save: (d) => `${d.invert ? '! ' : ''}--mark ${markText(d)}`,
	list: (d) => `mark match ${d.invert ? '! ' : ''}${markText(d)}`,
};
