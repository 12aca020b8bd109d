// grep(1) from GNU grep 3.8: -E -F -G, -i -v -w -x, -c -l -L -o -q -s, -n -h -H, -m, -A -B -C, -e,
// -r over the virtual filesystem. Exit 0 when a line was selected, 1 when none, 2 on trouble.

import { resolvePath } from '../../fs';
import { compile } from '../../text/regex';
import type { CommandContext, CommandSpec } from '../../types';
import { has, last, lines, ok, parseOptions, readOperand } from '../util';

const USAGE = "Usage: grep [OPTION]... PATTERNS [FILE]...\nTry 'grep --help' for more information.\n";

const LONG = {
	'extended-regexp': { as: 'E', value: false },
	'fixed-strings': { as: 'F', value: false },
	'basic-regexp': { as: 'G', value: false },
	'ignore-case': { as: 'i', value: false },
	'invert-match': { as: 'v', value: false },
	'word-regexp': { as: 'w', value: false },
	'line-regexp': { as: 'x', value: false },
	count: { as: 'c', value: false },
	'files-with-matches': { as: 'l', value: false },
	'files-without-match': { as: 'L', value: false },
	'only-matching': { as: 'o', value: false },
	quiet: { as: 'q', value: false },
	silent: { as: 'q', value: false },
	'no-messages': { as: 's', value: false },
	'line-number': { as: 'n', value: false },
	'no-filename': { as: 'h', value: false },
	'with-filename': { as: 'H', value: false },
	'max-count': { as: 'm', value: true },
	'after-context': { as: 'A', value: true },
	'before-context': { as: 'B', value: true },
	context: { as: 'C', value: true },
	regexp: { as: 'e', value: true },
	recursive: { as: 'r', value: false },
	color: { as: '#', value: false },
	colour: { as: '#', value: false },
	text: { as: 'a', value: false },
} as const;

/** Files under a directory, depth first in byte order (grep -r). */
function walk(ctx: CommandContext, dir: string, shown: string, out: string[], depth = 0): void {
	const names = ctx.fs.list(dir);
	if (typeof names === 'string' || depth > 32 || !ctx.budget.spend()) return;
	for (const n of names) {
		const path = `${dir === '/' ? '' : dir}/${n}`;
		const show = `${shown.endsWith('/') ? shown : `${shown}/`}${n}`;
		const st = ctx.fs.stat(path);
		if (typeof st === 'string') continue;
		if (st.type === 'dir') walk(ctx, path, show, out, depth + 1);
		else if (st.type === 'file') out.push(show);
	}
}

function contextCount(v: string | undefined, what: string): number | string {
	if (v === undefined) return 0;
	return /^\d+$/.test(v) ? Number(v) : `grep: ${v}: invalid context length argument\n`;
}

export const grep: CommandSpec = {
	name: 'grep',
	aliases: ['egrep', 'fgrep'],
	help: { summary: { en: 'print lines that match patterns', zh: '输出匹配模式的行' }, usage: 'grep [OPTION]... PATTERNS [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('grep', args, { flags: 'EFGivwxclLoqsnhHrRazy', values: 'mABCef', long: LONG });
		if (!p.ok) return ok('', p.error + USAGE, 2);
		const o = p.opts;
		const patterns: string[] = [];
		for (const opt of o) if (opt.name === 'e') patterns.push(...(opt.value ?? '').split('\n'));
		const operands = [...p.operands];
		if (!o.some((x) => x.name === 'e' || x.name === 'f')) {
			const first = operands.shift();
			if (first === undefined) return ok('', USAGE, 2);
			patterns.push(...first.split('\n'));
		}
		const mode = o.filter((x) => 'EFG'.includes(x.name)).at(-1)?.name ?? (ctx.argv0.endsWith('egrep') ? 'E' : ctx.argv0.endsWith('fgrep') ? 'F' : 'G');
		const icase = has(o, 'i') || has(o, 'y');
		const regexes: RegExp[] = [];
		for (const pat of patterns) {
			let source: string;
			if (mode === 'F') source = pat.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
			else {
				const c = compile(pat, { extended: mode === 'E' });
				if (!c.ok) return ok('', `grep: ${c.error}\n`, 2);
				source = c.re.source;
			}
			if (has(o, 'x')) source = `^(?:${source})$`;
			else if (has(o, 'w')) source = `(?<![A-Za-z0-9_])(?:${source})(?![A-Za-z0-9_])`;
			regexes.push(new RegExp(source, icase ? 'gi' : 'g'));
		}
		const after = contextCount(last(o, 'A') ?? last(o, 'C'), 'A');
		const before = contextCount(last(o, 'B') ?? last(o, 'C'), 'B');
		if (typeof after === 'string') return ok('', after, 2);
		if (typeof before === 'string') return ok('', before, 2);
		const maxCount = last(o, 'm') === undefined ? Number.POSITIVE_INFINITY : Number(last(o, 'm'));
		const recursive = has(o, 'r') || has(o, 'R');
		let files = operands.length === 0 ? [recursive ? '.' : '-'] : operands;
		if (recursive) {
			const expanded: string[] = [];
			for (const f of files) {
				const st = f === '-' ? undefined : ctx.fs.stat(resolvePath(ctx.cwd, f));
				if (st !== undefined && typeof st !== 'string' && st.type === 'dir') walk(ctx, resolvePath(ctx.cwd, f), operands.length === 0 ? '' : f, expanded);
				else expanded.push(f);
			}
			files = expanded.map((f) => f.replace(/^\//, operands.length === 0 ? '' : '/'));
		}
		const withName = has(o, 'H') || (!has(o, 'h') && (files.length > 1 || recursive));
		const invert = has(o, 'v');
		const quiet = has(o, 'q');
		let out = '';
		let err = '';
		let selectedAny = false;
		let trouble = false;
		const matches = (line: string): boolean =>
			regexes.some((re) => {
				re.lastIndex = 0;
				return re.test(line);
			});
		for (const file of files) {
			const label = file === '-' ? '(standard input)' : file;
			const r = readOperand(ctx, file);
			if (!r.ok) {
				trouble = true;
				if (!has(o, 's')) err += `grep: ${file}: ${r.error}\n`;
				continue;
			}
			const ls = lines(r.text);
			ctx.budget.spend(Math.ceil(ls.length / 256));
			let count = 0;
			let lastPrinted = -1;
			let afterLeft = 0;
			const prefix = (i: number, sep: string): string => `${withName ? `${label}${sep}` : ''}${has(o, 'n') ? `${i + 1}${sep}` : ''}`;
			for (let i = 0; i < ls.length; i++) {
				const line = ls[i] as string;
				const selected = matches(line) !== invert;
				if (!selected || count >= maxCount) {
					if (count >= maxCount && afterLeft === 0) break;
					if (afterLeft > 0 && !quiet && !has(o, 'c') && !has(o, 'l') && !has(o, 'L')) {
						out += `${prefix(i, '-')}${line}\n`;
						lastPrinted = i;
						afterLeft--;
					}
					continue;
				}
				count++;
				selectedAny = true;
				if (quiet) return ok('', err, 0);
				if (has(o, 'c') || has(o, 'l') || has(o, 'L')) continue;
				const from = Math.max(lastPrinted + 1, i - before);
				if ((before > 0 || after > 0) && lastPrinted >= 0 && from > lastPrinted + 1) out += '--\n';
				for (let j = from; j < i; j++) out += `${prefix(j, '-')}${ls[j]}\n`;
				if (has(o, 'o')) {
					if (!invert) out += onlyMatching(line, regexes).map((m) => `${prefix(i, ':')}${m}\n`).join('');
				} else out += `${prefix(i, ':')}${line}\n`;
				lastPrinted = i;
				afterLeft = after;
			}
			if (has(o, 'c')) out += `${withName ? `${label}:` : ''}${count}\n`;
			if (has(o, 'l') && count > 0) out += `${label}\n`;
			if (has(o, 'L') && count === 0) out += `${label}\n`;
		}
		return ok(out, err, trouble && !(quiet && selectedAny) ? 2 : selectedAny ? 0 : 1);
	},
};

/** Every non-empty match, leftmost first, trying all patterns at each position (grep -o). */
function onlyMatching(line: string, regexes: readonly RegExp[]): string[] {
	const found: string[] = [];
	let pos = 0;
	while (pos <= line.length) {
		let best: RegExpExecArray | undefined;
		for (const re of regexes) {
			re.lastIndex = pos;
			const m = re.exec(line);
			if (m !== null && (best === undefined || m.index < best.index || (m.index === best.index && m[0].length > best[0].length))) best = m;
		}
		if (best === undefined) break;
		if (best[0] === '') {
			pos = best.index + 1;
			continue;
		}
		found.push(best[0]);
		pos = best.index + best[0].length;
	}
	return found;
}
