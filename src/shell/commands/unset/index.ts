import type { CommandSpec } from '../../types';
import { ok } from '../util';

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const unset: CommandSpec = {
	name: 'unset',
	builtin: true,
	help: { summary: { en: 'remove variables', zh: '删除变量' }, usage: 'unset [-fv] [name ...]' },
	run(args, ctx) {
		let err = '';
		for (const name of args.filter((a) => !/^-[fv]+$/.test(a))) {
			if (!NAME.test(name)) err += `bash: unset: \`${name}': not a valid identifier\n`;
			else ctx.shell.unsetVar(name);
		}
		return ok('', err, err === '' ? 0 : 1);
	},
};
