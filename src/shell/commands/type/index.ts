// bash's type builtin: keywords, builtins, then commands on $PATH.

import type { CommandSpec } from '../../types';
import { ok } from '../util';

const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc']);

export const type: CommandSpec = {
	name: 'type',
	builtin: true,
	help: { summary: { en: 'tell how a name would be run', zh: '说明一个名字会被如何执行' }, usage: 'type [-t] name [name ...]' },
	run(args, ctx) {
		const terse = args.includes('-t');
		let out = '';
		let err = '';
		let status = 0;
		for (const name of args.filter((a) => !/^-[tapPf]+$/.test(a))) {
			const found = ctx.shell.lookup(name);
			if (KEYWORDS.has(name)) out += terse ? 'keyword\n' : `${name} is a shell keyword\n`;
			else if (found?.spec.builtin && !name.includes('/')) out += terse ? 'builtin\n' : `${name} is a shell builtin\n`;
			else if (found?.path !== undefined) out += terse ? 'file\n' : `${name} is ${found.path}\n`;
			else {
				status = 1;
				if (!terse) err += `bash: type: ${name}: not found\n`;
			}
		}
		return ok(out, err, status);
	},
};
