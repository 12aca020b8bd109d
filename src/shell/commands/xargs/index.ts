// xargs(1) from GNU findutils: builds command lines from standard input (blank-separated, with
// quotes and backslashes), -n MAX per command, -I REPLACE per line, -r, -t. The command runs as
// a child of the shell, through the same registry.

import type { CommandSpec } from '../../types';
import { drain } from '../process';
import { has, last, ok, parseOptions, tryHelp } from '../util';

function items(text: string): string[] | string {
	const out: string[] = [];
	let cur: string | undefined;
	for (let i = 0; i < text.length; i++) {
		const c = text[i] as string;
		if (c === ' ' || c === '\t' || c === '\n') {
			if (cur !== undefined) out.push(cur);
			cur = undefined;
		} else if (c === "'" || c === '"') {
			const end = text.indexOf(c, i + 1);
			const nl = text.indexOf('\n', i + 1);
			if (end < 0 || (nl >= 0 && nl < end)) return `xargs: unmatched ${c === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option\n`;
			cur = (cur ?? '') + text.slice(i + 1, end);
			i = end;
		} else if (c === '\\' && i + 1 < text.length) cur = (cur ?? '') + text[++i];
		else cur = (cur ?? '') + c;
	}
	if (cur !== undefined) out.push(cur);
	return out;
}

export const xargs: CommandSpec = {
	name: 'xargs',
	help: { summary: { en: 'build and run command lines from standard input', zh: '用标准输入构造并执行命令' }, usage: 'xargs [OPTION]... COMMAND [INITIAL-ARGS]...' },
	run(args, ctx) {
		// Options end at the first operand: the rest belongs to the command.
		const firstCmd = args.findIndex((a, i) => !a.startsWith('-') && !['-n', '-I', '-d', '-L'].includes(args[i - 1] ?? ''));
		const own = firstCmd < 0 ? args : args.slice(0, firstCmd);
		const p = parseOptions('xargs', own, { flags: 'rt0', values: 'nIL', long: { 'max-args': { as: 'n', value: true }, 'no-run-if-empty': { as: 'r', value: false }, verbose: { as: 't', value: false } } });
		if (!p.ok) return ok('', p.error + tryHelp('xargs'), 1);
		const command = firstCmd < 0 ? ['echo'] : args.slice(firstCmd);
		const input = ctx.stdin.readAll();
		const replace = last(p.opts, 'I');
		const batches: string[][] = [];
		if (replace !== undefined) {
			for (const line of input.split('\n')) {
				const l = line.replace(/^[ \t]+/, '');
				if (l !== '') batches.push(command.map((a) => a.split(replace).join(l)));
			}
		} else {
			const list = items(input);
			if (typeof list === 'string') return ok('', list, 1);
			const max = Number(last(p.opts, 'n') ?? last(p.opts, 'L') ?? Number.POSITIVE_INFINITY);
			if (!(max >= 1)) return ok('', `xargs: value ${last(p.opts, 'n')} for -n option should be >= 1\n`, 1);
			for (let i = 0; i < list.length; i += max) batches.push([...command, ...list.slice(i, i + max)]);
			if (list.length === 0 && !has(p.opts, 'r')) batches.push(command);
		}
		let out = '';
		let err = '';
		let status = 0;
		for (const argv of batches) {
			if (ctx.budget.exhausted) break;
			if (has(p.opts, 't')) err += `${argv.join(' ')}\n`;
			const o = ctx.shell.exec(argv, '');
			if (o === undefined) return ok(out, `${err}xargs: ${argv[0]}: No such file or directory\n`, 127);
			const r = drain(o, ctx.budget, ctx.limits.maxInput);
			out += r.stdout;
			err += r.stderr;
			if (r.exitCode === 255) return ok(out, `${err}xargs: ${argv[0]}: exited with status 255; aborting\n`, 124);
			if (r.exitCode !== 0) status = 123;
			if (ctx.budget.exhausted) break;
		}
		return ok(out, err, status);
	},
};
