// sleep(1) from GNU coreutils: NUMBER[smhd], several are added up. It returns a Process that
// waits for simulated time: the terminal lets real time pass, tests and the CLI do not wait.

import type { CommandSpec } from '../../types';
import { waiting } from '../process';
import { fail, parseOptions, tryHelp } from '../util';

const UNIT: Readonly<Record<string, number>> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export const sleep: CommandSpec = {
	name: 'sleep',
	help: { summary: { en: 'wait for an amount of time', zh: '等待一段时间' }, usage: 'sleep NUMBER[SUFFIX]...' },
	run(args) {
		const p = parseOptions('sleep', args, {});
		if (!p.ok) return fail(p.error + tryHelp('sleep'));
		if (p.operands.length === 0) return fail(`sleep: missing operand\n${tryHelp('sleep')}`);
		let ms = 0;
		let err = '';
		for (const a of p.operands) {
			const m = /^(\d+\.?\d*|\.\d+|inf(?:inity)?)([smhd]?)$/i.exec(a);
			if (m === null) err += `sleep: invalid time interval '${a}'\n`;
			else ms += /^inf/i.test(m[1] as string) ? Number.POSITIVE_INFINITY : Number(m[1]) * (UNIT[m[2] as string] ?? 1000);
		}
		if (err !== '') return fail(err + tryHelp('sleep'));
		return waiting(ms);
	},
};
