// clear(1): instead of terminfo's escape sequence the shell tells the terminal to clear itself.

import type { CommandSpec } from '../../types';
import { ok } from '../util';

export const clear: CommandSpec = {
	name: 'clear',
	help: { summary: { en: 'clear the terminal screen', zh: '清屏' }, usage: 'clear' },
	run(_args, ctx) {
		ctx.shell.requestClear();
		return ok();
	},
};
