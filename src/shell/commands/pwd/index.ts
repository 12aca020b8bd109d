import type { CommandSpec } from '../../types';
import { fail, ok } from '../util';

export const pwd: CommandSpec = {
	name: 'pwd',
	builtin: true,
	path: '/usr/bin/pwd',
	help: { summary: { en: 'print the working directory', zh: '显示当前目录' }, usage: 'pwd [-LP]' },
	run(args, ctx) {
		const bad = args.find((a) => a.startsWith('-') && !/^-[LP]+$/.test(a) && a !== '--');
		if (bad !== undefined) return fail(`bash: pwd: ${bad.slice(0, 2)}: invalid option\npwd: usage: pwd [-LP]\n`, 2);
		return ok(`${ctx.cwd}\n`);
	},
};
