// tail(1) from GNU coreutils: -n [+]N, -c [+]N, -q/-v, the old `-N`, and -f, which keeps
// waiting (a Process) until Ctrl-C, as the real one does on a file nobody writes to.

import type { CommandSpec, Process } from '../../types';
import { eachOperand, parseCountOptions } from '../head/options';
import { ok, rawLines } from '../util';

export function following(stdout: string, stderr: string): Process {
	let pending = { stdout, stderr };
	const take = () => {
		const p = pending;
		pending = { stdout: '', stderr: '' };
		return p;
	};
	return {
		kind: 'process',
		advance: (ms) => ({ ...take(), elapsedMs: ms }),
		signal: () => ({ ...take(), elapsedMs: 0, exitCode: 130 }),
	};
}

export const tail: CommandSpec = {
	name: 'tail',
	help: { summary: { en: 'print the last lines of files', zh: '显示文件末尾几行' }, usage: 'tail [OPTION]... [FILE]...' },
	run(args, ctx) {
		const parsed = parseCountOptions('tail', args, 'qvfF', /^([+-]?)(\d+)$/);
		if (!parsed.ok) return ok('', parsed.error, 1);
		const o = parsed.options;
		const fromStart = o.sign === '+';
		const count = o.count;
		const { out, err } = eachOperand(
			'tail',
			ctx,
			o,
			(_name, text = '') => {
				if (o.bytes) {
					const b = new TextEncoder().encode(text);
					return new TextDecoder().decode(fromStart ? b.slice(Math.max(0, count - 1)) : b.slice(Math.max(0, b.length - count)));
				}
				const ls = rawLines(text);
				return (fromStart ? ls.slice(Math.max(0, count - 1)) : count === 0 ? [] : ls.slice(-count)).join('');
			},
			false,
		);
		if (o.has('f') || o.has('F')) return following(out, err);
		return ok(out, err, err === '' ? 0 : 1);
	},
};
