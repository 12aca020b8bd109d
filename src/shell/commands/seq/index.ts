// seq(1) from GNU coreutils: FIRST INCREMENT LAST, -s, -w. Decimals print with as many digits
// after the point as FIRST or INCREMENT have. Long sequences come out in chunks (a Process), so
// `seq 1000000000 | head -n 2` ends at once.

import type { CommandSpec } from '../../types';
import { chunked } from '../process';
import { fail, has, last, ok, parseOptions, tryHelp } from '../util';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export const seq: CommandSpec = {
	name: 'seq',
	help: { summary: { en: 'print a sequence of numbers', zh: '输出一串数字' }, usage: 'seq [OPTION]... [FIRST [INCREMENT]] LAST' },
	run(args, ctx) {
		// Negative numbers are operands, not options (seq 5 -2 1).
		const p = parseOptions('seq', args.map((a) => (/^-\d/.test(a) ? `\u0000${a}` : a)), { flags: 'w', values: 'sf', long: { separator: { as: 's', value: true }, 'equal-width': { as: 'w', value: false } } });
		if (!p.ok) return fail(p.error + tryHelp('seq'));
		const ops = p.operands.map((o) => o.replace(/^\u0000/, ''));
		if (ops.length === 0) return fail(`seq: missing operand\n${tryHelp('seq')}`);
		if (ops.length > 3) return fail(`seq: extra operand '${ops[3]}'\n${tryHelp('seq')}`);
		for (const o of ops) if (!NUMBER.test(o)) return fail(`seq: invalid floating point argument: '${o}'\n${tryHelp('seq')}`);
		const [first, incr, lastV] = ops.length === 1 ? ['1', '1', ops[0] as string] : ops.length === 2 ? [ops[0] as string, '1', ops[1] as string] : (ops as [string, string, string]);
		const step = Number(incr);
		if (step === 0) return fail(`seq: invalid Zero increment value: '${incr}'\n${tryHelp('seq')}`);
		const decimals = (s: string): number => (/e/i.test(s) ? 0 : (s.split('.')[1] ?? '').length);
		const prec = Math.max(decimals(first), decimals(incr));
		const sep = last(p.opts, 's') ?? '\n';
		const start = Number(first);
		const end = Number(lastV);
		const width = has(p.opts, 'w') ? Math.max(start.toFixed(prec).length, end.toFixed(prec).length) : 0;
		const fmt = (v: number): string => {
			const s = v.toFixed(prec);
			return width > 0 && s.length < width ? (s.startsWith('-') ? `-${s.slice(1).padStart(width - 1, '0')}` : s.padStart(width, '0')) : s;
		};
		let i = 0;
		let any = false;
		let finished = false;
		const next = (): string | undefined => {
			if (finished) return undefined;
			let out = '';
			for (let k = 0; k < 2048; k++, i++) {
				const v = start + i * step;
				if (step > 0 ? v > end + 1e-10 : v < end - 1e-10) {
					finished = true;
					return any ? `${out}\n` : out === '' ? undefined : out;
				}
				out += `${any ? sep : ''}${fmt(v)}`;
				any = true;
			}
			return out;
		};
		const count = Math.floor((end - start) / step) + 1;
		if (count <= 4096) {
			let all = '';
			for (let s = next(); s !== undefined; s = next()) all += s;
			return ok(all);
		}
		ctx.budget.spend();
		return chunked(next);
	},
};
