// tee(1): copies standard input to each FILE and to standard output; -a appends.

import { STRERROR, resolvePath } from '../../fs';
import type { CommandSpec } from '../../types';
import { has, ok, parseOptions, tryHelp } from '../util';

export const tee: CommandSpec = {
	name: 'tee',
	help: { summary: { en: 'copy standard input to files and to standard output', zh: '把标准输入同时写到文件和标准输出' }, usage: 'tee [OPTION]... [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('tee', args, { flags: 'ai', long: { append: { as: 'a', value: false } } });
		if (!p.ok) return ok('', p.error + tryHelp('tee'), 1);
		const text = ctx.stdin.readAll();
		let err = '';
		for (const name of p.operands) {
			if (name === '-') continue;
			const e = ctx.fs.write(resolvePath(ctx.cwd, name), text, has(p.opts, 'a'));
			if (e !== undefined) err += `tee: ${name}: ${STRERROR[e]}\n`;
		}
		return ok(text, err, err === '' ? 0 : 1);
	},
};
