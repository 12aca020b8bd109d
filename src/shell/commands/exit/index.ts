// bash's exit builtin. The session prints `exit` and reports control 'exit' to the terminal.

import type { CommandSpec } from '../../types';
import { fail, ok } from '../util';

export const exit: CommandSpec = {
	name: 'exit',
	builtin: true,
	help: { summary: { en: 'leave the shell', zh: '退出 shell' }, usage: 'exit [n]' },
	run(args, ctx) {
		if (args.length > 1) return fail('bash: exit: too many arguments\n');
		const arg = args[0];
		if (arg === undefined) {
			const status = Number(ctx.shell.getVar('?') ?? '0');
			ctx.shell.requestExit(status);
			return ok('', '', status);
		}
		if (!/^\s*[+-]?\d+\s*$/.test(arg)) {
			ctx.shell.requestExit(2);
			return fail(`bash: exit: ${arg}: numeric argument required\n`, 2);
		}
		const status = Number(BigInt.asUintN(8, BigInt(arg.trim())));
		ctx.shell.requestExit(status);
		return ok('', '', status);
	},
};
