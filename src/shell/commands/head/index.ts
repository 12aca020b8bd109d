// head(1) from GNU coreutils: -n [-]N lines, -c [-]N bytes, -q/-v headers, and the old `-N`.
// It reads standard input a line at a time, so `yes | head -n 3` stops the producer early.

import type { CommandSpec, Input } from '../../types';
import { has, last, lines, ok, parseOptions, readOperand, tryHelp } from '../util';

const LONG = { lines: { as: 'n', value: true }, bytes: { as: 'c', value: true }, quiet: { as: 'q', value: false }, silent: { as: 'q', value: false }, verbose: { as: 'v', value: false } };

/** `head -3` and `tail -3` are the old spelling of `-n 3`. */
export function obsoleteCount(args: readonly string[]): readonly string[] {
	const first = args[0];
	return first !== undefined && /^-\d+$/.test(first) ? ['-n', first.slice(1), ...args.slice(1)] : args;
}

function takeLines(input: Input, n: number): string {
	let out = '';
	for (let i = 0; i < n; i++) {
		const l = input.readLine();
		if (l === undefined) break;
		out += l;
	}
	return out;
}

export const head: CommandSpec = {
	name: 'head',
	help: { summary: { en: 'print the first lines of files', zh: '显示文件开头几行' }, usage: 'head [OPTION]... [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('head', obsoleteCount(args), { flags: 'qvz', values: 'nc', long: LONG });
		if (!p.ok) return ok('', p.error + tryHelp('head'), 1);
		const bytes = p.opts.filter((o) => o.name === 'n' || o.name === 'c').at(-1)?.name === 'c';
		const spec = (bytes ? last(p.opts, 'c') : last(p.opts, 'n')) ?? '10';
		const m = /^(-?)(\d+)$/.exec(spec.trim());
		if (m === null) return ok('', `head: invalid number of ${bytes ? 'bytes' : 'lines'}: '${spec}'\n`, 1);
		const allBut = m[1] === '-';
		const count = Number(m[2]);
		const names = p.operands.length === 0 ? ['-'] : p.operands;
		const headers = has(p.opts, 'v') || (names.length > 1 && !has(p.opts, 'q'));
		let out = '';
		let err = '';
		let first = true;
		for (const name of names) {
			let text: string;
			if (name === '-' && !bytes && !allBut) text = takeLines(ctx.stdin, count);
			else {
				const r = readOperand(ctx, name);
				if (!r.ok) {
					err += `head: cannot open '${name}' for reading: ${r.error}\n`;
					continue;
				}
				if (bytes) {
					const b = new TextEncoder().encode(r.text);
					text = new TextDecoder().decode(allBut ? b.slice(0, Math.max(0, b.length - count)) : b.slice(0, count));
				} else {
					const ls = lines(r.text);
					const kept = allBut ? ls.slice(0, Math.max(0, ls.length - count)) : ls.slice(0, count);
					text = kept.map((l) => `${l}\n`).join('');
					if (!allBut && kept.length === ls.length && !r.text.endsWith('\n') && text !== '') text = text.slice(0, -1);
				}
			}
			if (headers) out += `${first ? '' : '\n'}==> ${name === '-' ? 'standard input' : name} <==\n`;
			first = false;
			out += text;
		}
		return ok(out, err, err === '' ? 0 : 1);
	},
};
