// bash's history builtin over the session's history (the terminal adds each line it runs).

import type { CommandSpec } from '../../types';
import { fail, ok } from '../util';

export const history: CommandSpec = {
	name: 'history',
	builtin: true,
	help: { summary: { en: 'list the commands typed so far', zh: '列出输入过的命令' }, usage: 'history [-c] [n]' },
	run(args, ctx) {
		if (args[0] === '-c') {
			ctx.shell.clearHistory();
			return ok();
		}
		const all = ctx.shell.history();
		let shown = all.map((line, i) => ({ n: i + 1, line }));
		if (args[0] !== undefined) {
			if (!/^\d+$/.test(args[0])) return fail(`bash: history: ${args[0]}: numeric argument required\n`);
			shown = Number(args[0]) === 0 ? [] : shown.slice(-Number(args[0]));
		}
		return ok(shown.map((h) => `${String(h.n).padStart(5)}  ${h.line}\n`).join(''));
	},
};
