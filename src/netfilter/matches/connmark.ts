// -m connmark: compare the mark stored on the conntrack entry (ctmark), which CONNMARK
// --save-mark copied there from an earlier packet of the same connection.

import { ok } from '../errors';
import { markText, parseMarkMask, type MarkMask, type MatchExtension } from '../extension';

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
	save: (d) => `${d.invert ? '! ' : ''}--mark ${markText(d)}`,
	// iptables prints a space where the `!` would be: "connmark match  0x539".
	list: (d) => `connmark match ${d.invert ? '!' : ''} ${markText(d)}`,
};
