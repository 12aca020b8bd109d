// cat(1) from GNU coreutils: -n numbers all lines, -b non-blank ones, -E marks line ends, -s
// squeezes blank lines; the numbering goes on across files, as in GNU cat.

import type { CommandSpec } from '../../types';
import { has, ok, parseOptions, rawLines, readOperand, tryHelp } from '../util';

export const cat: CommandSpec = {
	name: 'cat',
	help: { summary: { en: 'concatenate files and print them', zh: '连接文件并输出' }, usage: 'cat [OPTION]... [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('cat', args, { flags: 'nbEsAuT', long: { number: { as: 'n', value: false }, 'number-nonblank': { as: 'b', value: false }, 'show-ends': { as: 'E', value: false }, 'squeeze-blank': { as: 's', value: false } } });
		if (!p.ok) return ok('', p.error + tryHelp('cat'), 1);
		const numberAll = has(p.opts, 'n');
		const numberNonBlank = has(p.opts, 'b');
		const ends = has(p.opts, 'E') || has(p.opts, 'A');
		const squeeze = has(p.opts, 's');
		const plain = !numberAll && !numberNonBlank && !ends && !squeeze;
		let out = '';
		let err = '';
		let n = 0;
		let blankRun = false;
		for (const name of p.operands.length === 0 ? ['-'] : p.operands) {
			const r = readOperand(ctx, name);
			if (!r.ok) {
				err += `cat: ${name}: ${r.error}\n`;
				continue;
			}
			if (plain) {
				out += r.text;
				continue;
			}
			for (const raw of rawLines(r.text)) {
				const hasNl = raw.endsWith('\n');
				const line = hasNl ? raw.slice(0, -1) : raw;
				if (squeeze && line === '' && blankRun) continue;
				blankRun = line === '';
				const num = numberNonBlank ? line !== '' : numberAll;
				out += `${num ? `${String(++n).padStart(6)}\t` : ''}${line}${ends && hasNl ? '$' : ''}${hasNl ? '\n' : ''}`;
			}
			if (!ctx.budget.spend()) break;
		}
		return ok(out, err, err === '' ? 0 : 1);
	},
};
