// bash's export builtin. `export` and `export -p` list exported variables as `declare -x`,
// sorted, with the value quoted the way bash re-reads it.

import type { CommandSpec } from '../../types';
import { fail, ok } from '../util';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const quoteDeclare = (v: string): string => `"${v.replace(/(["\\$`])/g, '\\$1')}"`;

export const exportBuiltin: CommandSpec = {
	name: 'export',
	builtin: true,
	help: { summary: { en: 'set a variable and pass it to commands', zh: '设置变量并传给子命令' }, usage: 'export [-n] [-p] [name[=value] ...]' },
	run(args, ctx) {
		let i = 0;
		let unexport = false;
		for (; i < args.length && (args[i] as string).startsWith('-'); i++) {
			const a = args[i] as string;
			if (a === '--') {
				i++;
				break;
			}
			if (!/^-[fnp]+$/.test(a)) return fail(`bash: export: ${a.slice(0, 2)}: invalid option\nexport: usage: export [-fn] [name[=value] ...] or export -p\n`, 2);
			if (a.includes('n')) unexport = true;
		}
		const names = args.slice(i);
		if (names.length === 0) {
			const vars = ctx.shell.variables().filter((v) => v.exported).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
			return ok(vars.map((v) => `declare -x ${v.name}${v.value === undefined ? '' : `=${quoteDeclare(v.value)}`}\n`).join(''));
		}
		let err = '';
		for (const arg of names) {
			const eq = arg.indexOf('=');
			const name = eq < 0 ? arg : arg.slice(0, eq);
			if (!NAME.test(name)) {
				err += `bash: export: \`${arg}': not a valid identifier\n`;
				continue;
			}
			if (eq >= 0) ctx.shell.setVar(name, arg.slice(eq + 1));
			if (unexport) {
				const v = ctx.shell.getVar(name);
				ctx.shell.unsetVar(name);
				if (v !== undefined) ctx.shell.setVar(name, v);
			} else ctx.shell.exportVar(name);
		}
		return ok('', err, err === '' ? 0 : 1);
	},
};
