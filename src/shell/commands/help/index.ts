// Our `help`: instead of bash's list of builtins, every command of this terminal with its one
// line of help in the session's language. `help NAME` shows one command.

import { t } from '../../messages';
import type { CommandSpec } from '../../types';
import { fail, helpText, ok } from '../util';

export const help: CommandSpec = {
	name: 'help',
	builtin: true,
	help: { summary: { en: 'list the commands of this terminal', zh: '列出本终端的命令' }, usage: 'help [name]' },
	run(args, ctx) {
		if (args.length > 0) {
			let out = '';
			for (const name of args) {
				const found = ctx.shell.lookup(name);
				if (found === undefined) return fail(`bash: help: no help topics match \`${name}'.  Try \`help help' or \`man -k ${name}' or \`info ${name}'.\n`);
				out += `${name}: ${helpText(found.spec, ctx.lang)}`;
			}
			return ok(out);
		}
		const cmds = ctx.shell.commands();
		const width = Math.max(...cmds.map((c) => c.name.length)) + 2;
		const rows = cmds.map((c) => `  ${c.name.padEnd(width)}${c.help.summary[ctx.lang]}\n`).join('');
		return ok(`${t(ctx.lang, 'help.header')}\n${rows}${t(ctx.lang, 'help.footer')}\n`);
	},
};
