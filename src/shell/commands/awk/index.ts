// awk(1), behaving as mawk 1.3.4 (the awk of Debian and Ubuntu images): -F fs, -v var=value,
// operands that are files or var=value assignments, BEGIN/END, patterns and ranges, fields,
// arrays, printf, the usual string and number functions. No getline, no user functions.

import type { CommandSpec } from '../../types';
import { ok, readOperand } from '../util';
import { AwkRuntime } from './eval';
import { unescape } from './lex';
import { parseProgram } from './parse';
import { strnum } from './value';

const USAGE = 'usage: awk [-F value] [-v var=value] [--] \'program text\' [file ...]\nusage: awk [-F value] [-v var=value] [-f program-file] [--] [file ...]\n';

export const awk: CommandSpec = {
	name: 'awk',
	aliases: ['mawk'],
	help: { summary: { en: 'pattern scanning and text processing language', zh: '按模式扫描和处理文本的语言' }, usage: "awk [-F value] [-v var=value] 'program text' [file ...]" },
	run(args, ctx) {
		let fs: string | undefined;
		const assigns: [string, string][] = [];
		let i = 0;
		for (; i < args.length; i++) {
			const a = args[i] as string;
			if (a === '--') {
				i++;
				break;
			}
			if (a.startsWith('-F')) {
				const v = a.length > 2 ? a.slice(2) : args[++i];
				if (v === undefined) return ok('', 'awk: option requires an argument -- F\n' + USAGE, 2);
				fs = v === 't' ? '\t' : unescape(v);
			} else if (a.startsWith('-v')) {
				const v = a.length > 2 ? a.slice(2) : args[++i];
				const m = v === undefined ? null : /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(v);
				if (m === null) return ok('', `awk: improper assignment: -v ${v ?? ''}\n`, 2);
				assigns.push([m[1] as string, unescape(m[2] as string)]);
			} else if (a.startsWith('-') && a !== '-') return ok('', `awk: not an option: ${a}\n`, 2);
			else break;
		}
		const program = args[i];
		if (program === undefined) return ok('', USAGE, 2);
		const parsed = parseProgram(program);
		if (!parsed.ok) return ok('', parsed.error, 2);
		const rt = new AwkRuntime(ctx.fs, ctx.cwd, ctx.budget);
		const env = new Map<string, import('./value').Val>();
		for (const [k, v] of ctx.env) env.set(k, strnum(v));
		rt.arrays.set('ENVIRON', env);
		if (fs !== undefined) rt.vars.set('FS', fs);
		for (const [k, v] of assigns) rt.vars.set(k, strnum(v));
		const items = parsed.items;
		const active = items.map(() => false);
		let exiting = false;
		for (const item of items.filter((x) => x.kind === 'begin')) {
			if (rt.action(item.action ?? []) === 'exit') {
				exiting = true;
				break;
			}
		}
		const mains = items.filter((x) => x.kind === 'main');
		const needInput = mains.length > 0 || items.some((x) => x.kind === 'end');
		const operands = args.slice(i + 1);
		const inputs = operands.filter((o) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(o)).length === 0 ? [...operands, '-'] : operands;
		let nr = 0;
		if (!exiting && needInput) {
			outer: for (const name of inputs) {
				const m = /^([A-Za-z_][A-Za-z0-9_]*)=([\s\S]*)$/.exec(name);
				if (m !== null) {
					rt.vars.set(m[1] as string, strnum(unescape(m[2] as string)));
					continue;
				}
				const r = readOperand(ctx, name);
				if (!r.ok) {
					rt.err += `awk: cannot open ${name} (${r.error})\n`;
					rt.exitCode = 2;
					break;
				}
				rt.vars.set('FILENAME', name === '-' ? '' : name);
				const rs = String(rt.vars.get('RS') ?? '\n');
				const records = rs === '' ? r.text.split(/\n\n+/).map((x) => x.replace(/^\n+|\n+$/g, '')).filter((x) => x !== '') : r.text.split(rs.length === 1 ? rs : rt.regex(rs));
				if (rs !== '' && records[records.length - 1] === '') records.pop();
				let fnr = 0;
				for (const rec of records) {
					if (!ctx.budget.spend()) break outer;
					rt.vars.set('NR', ++nr);
					rt.vars.set('FNR', ++fnr);
					rt.setRecord(rec);
					for (const [k, item] of mains.entries()) {
						if (!rt.matches(item, active, k)) continue;
						const flow = item.action === undefined ? rt.exec({ k: 'print', args: [] }) : rt.action(item.action);
						if (flow === 'next') break;
						if (flow === 'exit') {
							exiting = true;
							break outer;
						}
					}
				}
			}
		}
		if (!rt.fatal) for (const item of items.filter((x) => x.kind === 'end')) if (rt.action(item.action ?? []) === 'exit') break;
		return ok(rt.out, rt.err, rt.exitCode);
	},
};
