import type { CommandSpec } from '../../types';
import { ok } from '../util';

export const trueCommand: CommandSpec = {
	name: 'true',
	builtin: true,
	path: '/usr/bin/true',
	help: { summary: { en: 'do nothing, successfully', zh: '什么也不做，返回成功' }, usage: 'true' },
	run: () => ok(),
};
