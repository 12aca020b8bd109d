// uniq(1) from GNU coreutils: adjacent equal lines; -c counts ("%7d "), -d repeated only,
// -u unique only, -i ignores case, -f skips fields, -s skips characters.

import { STRERROR, resolvePath } from '../../fs';
import type { CommandSpec } from '../../types';
import { has, last, lines, ok, parseOptions, readOperand, tryHelp } from '../util';

export const uniq: CommandSpec = {
	name: 'uniq',
	help: { summary: { en: 'report or omit repeated lines', zh: '去掉或报告相邻的重复行' }, usage: 'uniq [OPTION]... [INPUT [OUTPUT]]' },
	run(args, ctx) {
		const p = parseOptions('uniq', args, { flags: 'cdui', values: 'fsw', long: { count: { as: 'c', value: false }, repeated: { as: 'd', value: false }, unique: { as: 'u', value: false }, 'ignore-case': { as: 'i', value: false }, 'skip-fields': { as: 'f', value: true }, 'skip-chars': { as: 's', value: true } } });
		if (!p.ok) return ok('', p.error + tryHelp('uniq'), 1);
		if (p.operands.length > 2) return ok('', `uniq: extra operand '${p.operands[2]}'\n${tryHelp('uniq')}`, 1);
		const input = p.operands[0] ?? '-';
		const r = readOperand(ctx, input);
		if (!r.ok) return ok('', `uniq: ${input}: ${r.error}\n`, 1);
		const skipFields = Number(last(p.opts, 'f') ?? 0);
		const skipChars = Number(last(p.opts, 's') ?? 0);
		const icase = has(p.opts, 'i');
		const keyOf = (l: string): string => {
			let k = l;
			for (let i = 0; i < skipFields; i++) k = k.replace(/^[ \t]*[^ \t]*/, '');
			k = k.slice(skipChars);
			return icase ? k.toLowerCase() : k;
		};
		const groups: { line: string; n: number }[] = [];
		for (const l of lines(r.text)) {
			const g = groups[groups.length - 1];
			if (g !== undefined && keyOf(g.line) === keyOf(l)) g.n++;
			else groups.push({ line: l, n: 1 });
		}
		const shown = groups.filter((g) => (has(p.opts, 'd') ? g.n > 1 : true) && (has(p.opts, 'u') ? g.n === 1 : true));
		const text = shown.map((g) => `${has(p.opts, 'c') ? `${String(g.n).padStart(7)} ` : ''}${g.line}\n`).join('');
		const output = p.operands[1];
		if (output !== undefined) {
			const e = ctx.fs.write(resolvePath(ctx.cwd, output), text, false);
			return e === undefined ? ok() : ok('', `uniq: ${output}: ${STRERROR[e]}\n`, 1);
		}
		return ok(text);
	},
};
