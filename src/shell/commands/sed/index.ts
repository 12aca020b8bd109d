// sed(1) from GNU sed 4.9: -n, -e, -E/-r, -i, -s over the script language of script.ts. The input
// of all files is one stream ($ is its last line) unless -i or -s; a last line without a newline
// stays without one.

import { resolvePath } from '../../fs';
import type { CommandSpec } from '../../types';
import { has, ok, parseOptions, rawLines, readOperand } from '../util';
import { type Address, parseScript, type SedCommand } from './script';

const USAGE = 'Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...\n\n  -n, --quiet, --silent\n                 suppress automatic printing of pattern space\n  -e script, --expression=script\n                 add the script to the commands to be executed\n  -E, -r, --regexp-extended\n                 use extended regular expressions in the script\n  -i[SUFFIX], --in-place[=SUFFIX]\n                 edit files in place\n  -s, --separate\n                 consider files as separate rather than as a single\n                 continuous long stream.\n';

/** `&`, \1..\9, \n and escaped characters in a replacement. */
function expand(replacement: string, m: RegExpExecArray): string {
	let out = '';
	for (let i = 0; i < replacement.length; i++) {
		const c = replacement[i] as string;
		if (c === '&') out += m[0];
		else if (c === '\\' && i + 1 < replacement.length) {
			const n = replacement[++i] as string;
			out += /\d/.test(n) ? (m[Number(n)] ?? '') : n === 'n' ? '\n' : n === 't' ? '\t' : n;
		} else out += c;
	}
	return out;
}

interface Line {
	readonly text: string;
	readonly newline: boolean;
}

interface RunResult {
	out: string;
	quit?: number;
}

function runStream(commands: SedCommand[], input: readonly Line[], quiet: boolean, budget: () => boolean): RunResult {
	let out = '';
	let hold = '';
	let lastRe: RegExp | undefined;
	for (const c of commands) c.active = false;
	const matchOne = (a: Address, n: number, ps: string, isLast: boolean): boolean => {
		if (a.kind === 'line') return n === a.n;
		if (a.kind === 'last') return isLast;
		if (a.kind === 'step') return a.step <= 0 ? n === a.first : n >= a.first && (n - a.first) % a.step === 0;
		if (a.kind === 're') {
			const re = a.re ?? lastRe;
			if (re === undefined) return false;
			lastRe = re;
			re.lastIndex = 0;
			return re.test(ps);
		}
		return false;
	};
	const selected = (c: SedCommand, n: number, ps: string, isLast: boolean): boolean => {
		if (c.a1 === undefined) return true;
		if (c.a2 === undefined) return matchOne(c.a1, n, ps, isLast);
		if (!c.active) {
			if (!matchOne(c.a1, n, ps, isLast)) return false;
			const a2 = c.a2;
			if (a2.kind === 'plus') {
				c.rangeEnd = n + a2.n;
				c.active = n < c.rangeEnd;
			} else c.active = !(a2.kind === 'line' && a2.n <= n) && !(a2.kind === 'last' && isLast);
			return true;
		}
		const a2 = c.a2;
		if (a2.kind === 'plus') c.active = n < (c.rangeEnd ?? 0);
		else if (a2.kind === 'line') c.active = n < a2.n;
		else c.active = !matchOne(a2, n, ps, isLast);
		return true;
	};
	for (let li = 0; li < input.length; li++) {
		if (!budget()) break;
		let line = input[li] as Line;
		let ps = line.text;
		const appended: string[] = [];
		let deleted = false;
		let quit: number | undefined;
		let printPs = !quiet;
		for (let pc = 0; pc < commands.length; pc++) {
			const c = commands[pc] as SedCommand;
			if (c.name === '}') continue;
			const isLast = li === input.length - 1;
			const sel = selected(c, li + 1, ps, isLast) !== c.negate;
			if (!sel) {
				if (c.name === '{') pc = c.end ?? pc;
				continue;
			}
			const nl = (): string => `${ps}${line.newline || li < input.length - 1 ? '\n' : ''}`;
			switch (c.name) {
				case 's': {
					const re = c.re ?? lastRe;
					if (re === undefined) break;
					lastRe = re;
					re.lastIndex = 0;
					let count = 0;
					let result = '';
					let pos = 0;
					let done = false;
					for (let m = re.exec(ps); m !== null && !done; m = re.exec(ps)) {
						count++;
						if (count >= (c.occurrence ?? 1)) {
							result += ps.slice(pos, m.index) + expand(c.replacement ?? '', m);
							pos = m.index + m[0].length;
							if (!c.global) done = true;
						}
						if (m[0] === '') re.lastIndex++;
						if (re.lastIndex > ps.length) break;
					}
					if (pos > 0 || count >= (c.occurrence ?? 1)) {
						if (count >= (c.occurrence ?? 1)) {
							ps = result + ps.slice(pos);
							if (c.print) out += nl();
						}
					}
					break;
				}
				case 'y':
					ps = [...ps].map((ch) => {
						const k = (c.from ?? []).indexOf(ch);
						return k < 0 ? ch : ((c.to ?? [])[k] ?? ch);
					}).join('');
					break;
				case 'p':
					out += nl();
					break;
				case 'd':
					deleted = true;
					break;
				case '=':
					out += `${li + 1}\n`;
					break;
				case 'i':
					out += `${c.text}\n`;
					break;
				case 'a':
					appended.push(`${c.text}\n`);
					break;
				case 'c':
					deleted = true;
					if (!c.active) out += `${c.text}\n`;
					break;
				case 'h':
					hold = ps;
					break;
				case 'H':
					hold += `\n${ps}`;
					break;
				case 'g':
					ps = hold;
					break;
				case 'G':
					ps += `\n${hold}`;
					break;
				case 'x':
					[ps, hold] = [hold, ps];
					break;
				case 'n':
					if (!quiet) out += nl();
					if (li + 1 >= input.length) {
						printPs = false;
						quit = 0;
						break;
					}
					line = input[++li] as Line;
					ps = line.text;
					break;
				case 'q':
					quit = c.exitCode ?? 0;
					break;
				case 'Q':
					quit = c.exitCode ?? 0;
					printPs = false;
					break;
			}
			if (deleted || quit !== undefined) break;
		}
		if (!deleted && printPs) out += `${ps}${line.newline ? '\n' : ''}`;
		out += appended.join('');
		if (quit !== undefined) return { out, quit };
	}
	return { out };
}

export const sed: CommandSpec = {
	name: 'sed',
	help: { summary: { en: 'edit text with a script (s/old/new/ and more)', zh: '用脚本编辑文本（s/旧/新/ 等）' }, usage: 'sed [OPTION]... {script-only-if-no-other-script} [input-file]...' },
	run(args, ctx) {
		const p = parseOptions('sed', args, { flags: 'nErsiuz', values: 'e', long: { quiet: { as: 'n', value: false }, silent: { as: 'n', value: false }, expression: { as: 'e', value: true }, 'regexp-extended': { as: 'E', value: false }, 'in-place': { as: 'i', value: false }, separate: { as: 's', value: false } } });
		if (!p.ok) return ok('', p.error + USAGE, 1);
		const operands = [...p.operands];
		const exprs = p.opts.filter((o) => o.name === 'e').map((o) => o.value ?? '');
		if (exprs.length === 0) {
			const first = operands.shift();
			if (first === undefined) return ok('', USAGE, 1);
			exprs.push(first);
		}
		const script = parseScript(exprs, has(p.opts, 'E') || has(p.opts, 'r'));
		if (!script.ok) return ok('', script.error, 1);
		const files = operands.length === 0 ? ['-'] : operands;
		const quiet = has(p.opts, 'n');
		const inPlace = has(p.opts, 'i');
		let err = '';
		let out = '';
		let status = 0;
		const budget = (): boolean => ctx.budget.spend(1 / 64);
		const streams: { name: string; lines: Line[] }[] = [];
		for (const f of files) {
			const r = readOperand(ctx, f);
			if (!r.ok) {
				err += `sed: can't read ${f}: ${r.error}\n`;
				status = 2;
				continue;
			}
			streams.push({ name: f, lines: rawLines(r.text).map((l) => ({ text: l.replace(/\n$/, ''), newline: l.endsWith('\n') })) });
		}
		const separate = inPlace || has(p.opts, 's');
		const groups = separate ? streams : [{ name: '-', lines: streams.flatMap((s) => s.lines) }];
		for (const g of groups) {
			const r = runStream(script.commands, g.lines, quiet, budget);
			if (inPlace && g.name !== '-') ctx.fs.write(resolvePath(ctx.cwd, g.name), r.out, false);
			else out += r.out;
			if (r.quit !== undefined) return ok(out, err, r.quit);
		}
		return ok(out, err, status);
	},
};
