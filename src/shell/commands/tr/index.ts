// tr(1) from GNU coreutils: translate (SET2 is padded with its last character), -d delete,
// -s squeeze repeats, -c complement; sets take ranges (a-z), escapes (\n) and [:classes:].

import type { CommandSpec } from '../../types';
import { has, ok, parseOptions, tryHelp } from '../util';
import { own } from '../../own';

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const CLASSES: Readonly<Record<string, string>> = {
	upper: UPPER,
	lower: LOWER,
	alpha: UPPER + LOWER,
	alnum: `${UPPER}${LOWER}0123456789`,
	digit: '0123456789',
	space: ' \t\n\r\f\v',
	blank: ' \t',
	punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};
const ESC: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', f: '\f', v: '\v', a: '\x07', b: '\b', '\\': '\\' };

function expandSet(spec: string): string[] | string {
	const chars: string[] = [];
	const src = [...spec];
	for (let i = 0; i < src.length; i++) {
		const c = src[i] as string;
		if (c === '[' && src[i + 1] === ':') {
			const close = spec.indexOf(':]', i + 2);
			const name = close < 0 ? '' : spec.slice(i + 2, close);
			const set = own(CLASSES, name);
			if (set !== undefined) {
				chars.push(...set);
				i = close + 1;
				continue;
			}
			if (close >= 0) return `tr: invalid character class '${name}'\n`;
		}
		let ch = c;
		if (c === '\\' && i + 1 < src.length) {
			const n = src[++i] as string;
			const oct = /^[0-7]{1,3}/.exec(spec.slice(i));
			if (oct !== null) {
				ch = String.fromCharCode(parseInt(oct[0], 8));
				i += oct[0].length - 1;
			} else ch = ESC[n] ?? n;
		}
		if (src[i + 1] === '-' && i + 2 < src.length) {
			let hi = src[i + 2] as string;
			let skip = 2;
			if (hi === '\\' && i + 3 < src.length) {
				hi = ESC[src[i + 3] as string] ?? (src[i + 3] as string);
				skip = 3;
			}
			const lo = ch.codePointAt(0) as number;
			const top = hi.codePointAt(0) as number;
			if (top < lo) return `tr: range-endpoints of '${ch}-${hi}' are in reverse collating sequence order\n`;
			for (let k = lo; k <= top; k++) chars.push(String.fromCodePoint(k));
			i += skip;
			continue;
		}
		chars.push(ch);
	}
	return chars;
}

export const tr: CommandSpec = {
	name: 'tr',
	help: { summary: { en: 'translate, squeeze or delete characters', zh: '替换、压缩或删除字符' }, usage: 'tr [OPTION]... STRING1 [STRING2]' },
	run(args, ctx) {
		const p = parseOptions('tr', args, { flags: 'cdstC', long: { complement: { as: 'c', value: false }, delete: { as: 'd', value: false }, 'squeeze-repeats': { as: 's', value: false } } });
		if (!p.ok) return ok('', p.error + tryHelp('tr'), 1);
		const del = has(p.opts, 'd');
		const squeeze = has(p.opts, 's');
		const complement = has(p.opts, 'c') || has(p.opts, 'C');
		const [s1, s2, extra] = p.operands;
		if (s1 === undefined) return ok('', `tr: missing operand\n${tryHelp('tr')}`, 1);
		if (del && !squeeze && s2 !== undefined) return ok('', `tr: extra operand '${s2}'\nOnly one string may be given when deleting without squeezing repeats.\n${tryHelp('tr')}`, 1);
		if (!del && !squeeze && s2 === undefined) return ok('', `tr: missing operand after '${s1}'\nTwo strings must be given when translating.\n${tryHelp('tr')}`, 1);
		if (extra !== undefined) return ok('', `tr: extra operand '${extra}'\n${tryHelp('tr')}`, 1);
		const set1 = expandSet(s1);
		if (typeof set1 === 'string') return ok('', set1, 1);
		const set2 = s2 === undefined ? [] : expandSet(s2);
		if (typeof set2 === 'string') return ok('', set2, 1);
		const in1 = (c: string): boolean => set1.includes(c) !== complement;
		const translating = !del && s2 !== undefined;
		const map = new Map<string, string>();
		if (translating && !complement) set1.forEach((c, i) => map.set(c, set2[Math.min(i, set2.length - 1)] ?? c));
		const squeezeSet = del || translating ? set2 : set1;
		let out = '';
		let prev: string | undefined;
		for (const c of ctx.stdin.readAll()) {
			if (del && in1(c)) continue;
			let o = c;
			if (translating) o = complement ? (in1(c) ? (set2[set2.length - 1] ?? c) : c) : (map.get(c) ?? c);
			if (squeeze && o === prev && (squeezeSet.includes(o) !== (complement && !translating && !del))) continue;
			out += o;
			prev = o;
		}
		return ok(out);
	},
};
