// tail(1) from GNU coreutils: -n [+]N, -c [+]N, -q/-v, the old `-N`, and -f, which keeps
// waiting (a Process) until Ctrl-C, as the real one does on a file nobody writes to.

import type { CommandSpec, Process } from '../../types';
import { obsoleteCount } from '../head';
import { has, last, ok, parseOptions, rawLines, readOperand, tryHelp } from '../util';

const LONG = { lines: { as: 'n', value: true }, bytes: { as: 'c', value: true }, quiet: { as: 'q', value: false }, silent: { as: 'q', value: false }, verbose: { as: 'v', value: false }, follow: { as: 'f', value: false } };

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
		const p = parseOptions('tail', obsoleteCount(args), { flags: 'qvfF', values: 'nc', long: LONG });
		if (!p.ok) return ok('', p.error + tryHelp('tail'), 1);
		const bytes = p.opts.filter((o) => o.name === 'n' || o.name === 'c').at(-1)?.name === 'c';
		const spec = (bytes ? last(p.opts, 'c') : last(p.opts, 'n')) ?? '10';
		const m = /^([+-]?)(\d+)$/.exec(spec.trim());
		if (m === null) return ok('', `tail: invalid number of ${bytes ? 'bytes' : 'lines'}: '${spec}'\n`, 1);
		const fromStart = m[1] === '+';
		const count = Number(m[2]);
		const names = p.operands.length === 0 ? ['-'] : p.operands;
		const headers = has(p.opts, 'v') || (names.length > 1 && !has(p.opts, 'q'));
		let out = '';
		let err = '';
		let first = true;
		for (const name of names) {
			const r = readOperand(ctx, name);
			if (!r.ok) {
				err += `tail: cannot open '${name}' for reading: ${r.error}\n`;
				continue;
			}
			let text: string;
			if (bytes) {
				const b = new TextEncoder().encode(r.text);
				text = new TextDecoder().decode(fromStart ? b.slice(Math.max(0, count - 1)) : b.slice(Math.max(0, b.length - count)));
			} else {
				const ls = rawLines(r.text);
				text = (fromStart ? ls.slice(Math.max(0, count - 1)) : count === 0 ? [] : ls.slice(-count)).join('');
			}
			if (headers) out += `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`;
			first = false;
			out += text;
		}
		const status = err === '' ? 0 : 1;
		if (has(p.opts, 'f') || has(p.opts, 'F')) return following(out, err);
		return ok(out, err, status);
	},
};
