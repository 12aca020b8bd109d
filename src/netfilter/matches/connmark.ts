// -m connmark: compare the mark stored on the conntrack entry (ctmark), which CONNMARK
// --save-mark copied there from an earlier packet of the same connection.

import { ok } from '../errors';
import { MATCHED, noMatch } from '../engine/types';
import { hex, markText, parseMarkMask, type MarkMask, type MatchExtension } from '../extension';

export interface ConnmarkData extends MarkMask {
	readonly invert: boolean;
}

export const connmark: MatchExtension<ConnmarkData> = {
	kind: 'match',
	name: 'connmark',
	options: [{ name: 'mark', args: 1, invertible: true }],
	init: () => ({ value: 0, mask: 0xffffffff, invert: false }),
	parse(_data, option, args, invert) {
		const m = parseMarkMask('connmark', option, args[0] ?? '');
		return m.ok ? ok({ value: m.value.value, mask: m.value.mask, invert }) : m;
	},
	// connmark_mt: no conntrack entry, no match; else (ctmark & mask) == mark, then the inversion.
	matches(d, ctx) {
		if (ctx.ct === undefined || ctx.ct.state === 'UNTRACKED') return noMatch('no-conntrack', '', markText(d));
		return (((ctx.ct.mark & d.mask) >>> 0) === d.value) !== d.invert ? MATCHED : noMatch('connmark', hex(ctx.ct.mark), markText(d), d.invert);
	},
	save: (d) => `${d.invert ? '! ' : ''}--mark ${markText(d)}`,
	// iptables prints a space where the `!` would be: "connmark match  0x539".
	list: (d) => `connmark match ${d.invert ? '!' : ''} ${markText(d)}`,
};
