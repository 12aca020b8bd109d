import type { CommandSpec } from '../../types';
import { ok } from '../util';

export const falseCommand: CommandSpec = {
	name: 'false',
	builtin: true,
	path: '/usr/bin/false',
	help: { summary: { en: 'do nothing, unsuccessfully', zh: '什么也不做，返回失败' }, usage: 'false' },
	run: () => ok('', '', 1),
};
