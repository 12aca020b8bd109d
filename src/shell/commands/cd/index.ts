// bash's cd builtin: no argument means $HOME, `-` means $OLDPWD (and prints it); PWD and
// OLDPWD follow the logical path, as with `set +P`.

import { STRERROR, resolvePath } from '../../fs';
import type { CommandSpec } from '../../types';
import { fail, ok } from '../util';

export const cd: CommandSpec = {
	name: 'cd',
	builtin: true,
	help: { summary: { en: 'change the working directory', zh: '切换当前目录' }, usage: 'cd [dir]' },
	run(args, ctx) {
		const operands = args[0] === '--' || args[0] === '-L' || args[0] === '-P' ? args.slice(1) : args;
		if (operands.length > 1) return fail('bash: cd: too many arguments\n');
		let target = operands[0];
		let print = false;
		if (target === undefined) {
			target = ctx.shell.getVar('HOME');
			if (target === undefined) return fail('bash: cd: HOME not set\n');
		} else if (target === '-') {
			target = ctx.shell.getVar('OLDPWD');
			if (target === undefined) return fail('bash: cd: OLDPWD not set\n');
			print = true;
		}
		if (target === '') return ok();
		const path = resolvePath(ctx.cwd, target);
		const st = ctx.fs.stat(path);
		if (typeof st === 'string') return fail(`bash: cd: ${target}: ${STRERROR[st]}\n`);
		if (st.type !== 'dir') return fail(`bash: cd: ${target}: Not a directory\n`);
		ctx.shell.setVar('OLDPWD', ctx.cwd);
		ctx.shell.setVar('PWD', path);
		ctx.shell.setCwd(path);
		return ok(print ? `${path}\n` : '');
	},
};
