// head(1) from GNU coreutils: -n [-]N lines, -c [-]N bytes, -q/-v headers, and the old `-N`.
// It reads standard input a line at a time, so `yes | head -n 3` stops the producer early.

import type { CommandSpec, Input } from '../../types';
import { lines, ok } from '../util';
import { eachOperand, parseCountOptions } from './options';

export { obsoleteCount } from './options';

function takeLines(input: Input, n: number): string {
	let out = '';
	for (let i = 0; i < n; i++) {
		const l = input.readLine();
		if (l === undefined) break;
		out += l;
	}
	return out;
}

export const head: CommandSpec = {
	name: 'head',
	help: { summary: { en: 'print the first lines of files', zh: '显示文件开头几行' }, usage: 'head [OPTION]... [FILE]...' },
	run(args, ctx) {
		const parsed = parseCountOptions('head', args, 'qvz', /^(-?)(\d+)$/);
		if (!parsed.ok) return ok('', parsed.error, 1);
		const o = parsed.options;
		const allBut = o.sign === '-';
		const count = o.count;
		const { out, err } = eachOperand(
			'head',
			ctx,
			o,
			(_name, text) => {
				if (text === undefined) return takeLines(ctx.stdin, count);
				if (o.bytes) {
					const b = new TextEncoder().encode(text);
					return new TextDecoder().decode(allBut ? b.slice(0, Math.max(0, b.length - count)) : b.slice(0, count));
				}
				const ls = lines(text);
				const kept = allBut ? ls.slice(0, Math.max(0, ls.length - count)) : ls.slice(0, count);
				const joined = kept.map((l) => `${l}\n`).join('');
				return !allBut && kept.length === ls.length && !text.endsWith('\n') && joined !== '' ? joined.slice(0, -1) : joined;
			},
			!o.bytes && !allBut,
		);
		return ok(out, err, err === '' ? 0 : 1);
	},
};
