// yes(1): repeats its arguments (or `y`) forever; the reader or Ctrl-C stops it.

import type { CommandSpec } from '../../types';
import { endless } from '../process';

export const yes: CommandSpec = {
	name: 'yes',
	help: { summary: { en: 'print a line over and over until stopped', zh: '不停地输出同一行，直到被中止' }, usage: 'yes [STRING]...' },
	run(args) {
		const line = `${args.length === 0 ? 'y' : args.join(' ')}\n`;
		const chunk = line.repeat(Math.max(1, Math.floor(8192 / line.length)));
		return endless(() => chunk);
	},
};
