// wc(1) from GNU coreutils. The column width follows coreutils' rule: one count of one input is
// printed bare; otherwise the width fits the total size of the regular files, and is at least 7
// when an input is not a regular file (a pipe); files under /proc have size 0.

import { resolvePath } from '../../fs';
import type { CommandSpec } from '../../types';
import { has, ok, parseOptions, readOperand, tryHelp } from '../util';

interface Counts {
	lines: number;
	words: number;
	chars: number;
	bytes: number;
	longest: number;
}

function count(text: string): Counts {
	const ls = text.split('\n');
	return {
		lines: ls.length - 1,
		words: (text.match(/[^\s]+/g) ?? []).length,
		chars: [...text].length,
		bytes: new TextEncoder().encode(text).length,
		longest: Math.max(0, ...ls.map((l) => [...l.replace(/\t/g, '        ')].length)),
	};
}

export const wc: CommandSpec = {
	name: 'wc',
	help: { summary: { en: 'count lines, words and bytes', zh: '统计行数、单词数和字节数' }, usage: 'wc [OPTION]... [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('wc', args, { flags: 'lwcmL', long: { lines: { as: 'l', value: false }, words: { as: 'w', value: false }, bytes: { as: 'c', value: false }, chars: { as: 'm', value: false }, 'max-line-length': { as: 'L', value: false } } });
		if (!p.ok) return ok('', p.error + tryHelp('wc'), 1);
		let fields = (['l', 'w', 'm', 'c', 'L'] as const).filter((f) => has(p.opts, f));
		if (fields.length === 0) fields = ['l', 'w', 'c'];
		const names = p.operands.length === 0 ? [undefined] : p.operands;
		const rows: { counts: Counts; name: string | undefined }[] = [];
		let err = '';
		let regularSize = 0;
		let nonRegular = false;
		for (const name of names) {
			const r = readOperand(ctx, name ?? '-');
			if (!r.ok) {
				err += `wc: ${name}: ${r.error}\n`;
				continue;
			}
			const st = name === undefined || name === '-' ? undefined : ctx.fs.stat(resolvePath(ctx.cwd, name));
			if (st === undefined || typeof st === 'string' || st.type !== 'file') nonRegular = true;
			else regularSize += st.size;
			rows.push({ counts: count(r.text), name });
		}
		const total: Counts = { lines: 0, words: 0, chars: 0, bytes: 0, longest: 0 };
		for (const r of rows) {
			total.lines += r.counts.lines;
			total.words += r.counts.words;
			total.chars += r.counts.chars;
			total.bytes += r.counts.bytes;
			total.longest = Math.max(total.longest, r.counts.longest);
		}
		const width = fields.length === 1 && names.length === 1 ? 1 : Math.max(nonRegular ? 7 : 1, String(regularSize).length);
		const pick = (c: Counts, f: (typeof fields)[number]): number => (f === 'l' ? c.lines : f === 'w' ? c.words : f === 'm' ? c.chars : f === 'c' ? c.bytes : c.longest);
		const line = (c: Counts, name: string | undefined): string => `${fields.map((f) => String(pick(c, f)).padStart(width)).join(' ')}${name === undefined ? '' : ` ${name}`}\n`;
		let out = rows.map((r) => line(r.counts, r.name)).join('');
		if (names.length > 1) out += line(total, 'total');
		return ok(out, err, err === '' ? 0 : 1);
	},
};
