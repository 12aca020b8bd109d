// cut(1) from GNU coreutils: -f with -d (default TAB) and -s, -c/-b, --complement,
// --output-delimiter. Fields come out in input order whatever the order of the list.

import type { CommandSpec } from '../../types';
import { has, last, lines, ok, parseOptions, readOperand, tryHelp } from '../util';

type Ranges = [number, number][];

function parseList(list: string, what: 'field' | 'byte/character'): Ranges | string {
	const ranges: Ranges = [];
	for (const part of list.split(/[, ]/)) {
		const m = /^(\d*)(-?)(\d*)$/.exec(part);
		if (m === null || part === '' || part === '-') return `cut: invalid ${what === 'field' ? 'field' : 'byte/character'} value '${part === '' ? list : part}'\n`;
		const lo = m[1] === '' ? 1 : Number(m[1]);
		const hi = m[2] === '' ? lo : m[3] === '' ? Number.POSITIVE_INFINITY : Number(m[3]);
		if (lo === 0 || hi === 0) return `cut: ${what === 'field' ? 'fields' : 'byte/character positions'} are numbered from 1\n`;
		if (hi < lo) return 'cut: invalid decreasing range\n';
		ranges.push([lo, hi]);
	}
	return ranges;
}

const selected = (ranges: Ranges, i: number): boolean => ranges.some(([lo, hi]) => i >= lo && i <= hi);

export const cut: CommandSpec = {
	name: 'cut',
	help: { summary: { en: 'print selected fields or characters of each line', zh: '截取每行中的字段或字符' }, usage: 'cut OPTION... [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('cut', args, {
			flags: 'sn',
			values: 'bcdf',
			long: { fields: { as: 'f', value: true }, delimiter: { as: 'd', value: true }, characters: { as: 'c', value: true }, bytes: { as: 'b', value: true }, 'only-delimited': { as: 's', value: false }, complement: { as: 'C', value: false }, 'output-delimiter': { as: 'O', value: true } },
		});
		if (!p.ok) return ok('', p.error + tryHelp('cut'), 1);
		const modes = ['f', 'c', 'b'].filter((m) => has(p.opts, m));
		if (modes.length === 0) return ok('', `cut: you must specify a list of bytes, characters, or fields\n${tryHelp('cut')}`, 1);
		if (modes.length > 1) return ok('', `cut: only one list may be specified\n${tryHelp('cut')}`, 1);
		const mode = modes[0] as string;
		const delim = last(p.opts, 'd') ?? '\t';
		if (mode !== 'f' && has(p.opts, 'd')) return ok('', `cut: an input delimiter may be specified only when operating on fields\n${tryHelp('cut')}`, 1);
		if ([...delim].length !== 1) return ok('', `cut: the delimiter must be a single character\n${tryHelp('cut')}`, 1);
		const ranges = parseList(last(p.opts, mode) ?? '', mode === 'f' ? 'field' : 'byte/character');
		if (typeof ranges === 'string') return ok('', ranges + tryHelp('cut'), 1);
		const complement = has(p.opts, 'C');
		const keep = (i: number): boolean => selected(ranges, i) !== complement;
		const outDelim = last(p.opts, 'O') ?? (mode === 'f' ? delim : undefined);
		let out = '';
		let err = '';
		for (const name of p.operands.length === 0 ? ['-'] : p.operands) {
			const r = readOperand(ctx, name);
			if (!r.ok) {
				err += `cut: ${name}: ${r.error}\n`;
				continue;
			}
			for (const line of lines(r.text)) {
				if (mode === 'f') {
					if (!line.includes(delim)) {
						if (!has(p.opts, 's')) out += `${line}\n`;
						continue;
					}
					out += `${line.split(delim).filter((_, i) => keep(i + 1)).join(outDelim)}\n`;
				} else {
					const chars = [...line];
					out += `${chars.filter((_, i) => keep(i + 1)).join(outDelim ?? '')}\n`;
				}
			}
		}
		return ok(out, err, err === '' ? 0 : 1);
	},
};
