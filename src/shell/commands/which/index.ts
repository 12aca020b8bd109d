// which(1) from debianutils: searches $PATH only, so shell-only builtins (cd) are not found.

import type { CommandSpec } from '../../types';
import { ok } from '../util';

export const which: CommandSpec = {
	name: 'which',
	help: { summary: { en: 'show where a command is installed', zh: '显示命令所在的路径' }, usage: 'which [-a] filename ...' },
	run(args, ctx) {
		let out = '';
		let status = 0;
		for (const name of args.filter((a) => a !== '-a')) {
			const found = ctx.shell.lookup(name);
			if (found?.path === undefined) status = 1;
			else out += `${found.path}\n`;
		}
		return ok(out, '', args.length === 0 ? 1 : status);
	},
};
