// sort(1) from GNU coreutils in the C locale (byte order, as in a container without $LANG).
// Keys (-k), a field separator (-t), -n, -r, -u, -f, -b, -s, -o. Lines whose keys compare equal
// are ordered by the whole line ("last-resort comparison") unless -s or -u.

import { resolvePath } from '../../fs';
import type { CommandSpec } from '../../types';
import { has, last, lines, ok, parseOptions, readOperand, tryHelp } from '../util';

interface KeyOpts {
	numeric: boolean;
	reverse: boolean;
	fold: boolean;
	blanks: boolean;
}

interface Key extends KeyOpts {
	readonly startField: number;
	readonly startChar: number;
	readonly endField: number | undefined;
	readonly endChar: number;
}

const byteCompare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Leading blanks, an optional minus, digits, an optional fraction: what -n reads; else 0. */
function numericValue(s: string): number {
	const m = /^[ \t]*(-?\d*\.?\d*)/.exec(s);
	const v = m === null ? NaN : Number(m[1]);
	return Number.isNaN(v) ? 0 : v;
}

/** Field starts: without -t a field begins with the blanks before it (GNU default). */
function fieldSpans(line: string, sep: string | undefined): [number, number][] {
	const spans: [number, number][] = [];
	if (sep !== undefined) {
		let start = 0;
		for (;;) {
			const i = line.indexOf(sep, start);
			spans.push([start, i < 0 ? line.length : i]);
			if (i < 0) return spans;
			start = i + 1;
		}
	}
	const re = /[ \t]*[^ \t]+/g;
	for (let m = re.exec(line); m !== null; m = re.exec(line)) spans.push([m.index, m.index + m[0].length]);
	return spans;
}

function keyText(line: string, k: Key, sep: string | undefined): string {
	const spans = fieldSpans(line, sep);
	const startSpan = spans[k.startField - 1];
	if (startSpan === undefined) return '';
	let start = startSpan[0];
	if (k.blanks) while (line[start] === ' ' || line[start] === '\t') start++;
	start += k.startChar > 0 ? k.startChar - 1 : 0;
	let end = line.length;
	if (k.endField !== undefined) {
		const endSpan = spans[k.endField - 1];
		if (endSpan !== undefined) end = k.endChar > 0 ? Math.min(endSpan[1], endSpan[0] + k.endChar) : endSpan[1];
	}
	return start >= end ? '' : line.slice(start, end);
}

function parseKey(spec: string, global: KeyOpts): Key | string {
	const m = /^(\d+)(?:\.(\d+))?([bfnr]*)(?:,(\d+)(?:\.(\d+))?([bfnr]*))?$/.exec(spec);
	if (m === null) return `sort: invalid number at field start: invalid count at start of '${spec}'\n`;
	if (Number(m[1]) === 0) return `sort: field number is zero: invalid field specification '${spec}'\n`;
	const flags = `${m[3] ?? ''}${m[6] ?? ''}`;
	const own = flags !== '';
	return {
		startField: Number(m[1]),
		startChar: Number(m[2] ?? 0),
		endField: m[4] === undefined ? undefined : Number(m[4]),
		endChar: Number(m[5] ?? 0),
		numeric: own ? flags.includes('n') : global.numeric,
		reverse: own ? flags.includes('r') : global.reverse,
		fold: own ? flags.includes('f') : global.fold,
		blanks: own ? flags.includes('b') : global.blanks,
	};
}

export const sort: CommandSpec = {
	name: 'sort',
	help: { summary: { en: 'sort lines of text', zh: '对文本行排序' }, usage: 'sort [OPTION]... [FILE]...' },
	run(args, ctx) {
		const p = parseOptions('sort', args, {
			flags: 'nrufbsgh',
			values: 'kto',
			long: { 'numeric-sort': { as: 'n', value: false }, reverse: { as: 'r', value: false }, unique: { as: 'u', value: false }, 'ignore-case': { as: 'f', value: false }, key: { as: 'k', value: true }, 'field-separator': { as: 't', value: true }, output: { as: 'o', value: true }, stable: { as: 's', value: false } },
		});
		if (!p.ok) return ok('', p.error + tryHelp('sort'), 2);
		const global: KeyOpts = { numeric: has(p.opts, 'n') || has(p.opts, 'g') || has(p.opts, 'h'), reverse: has(p.opts, 'r'), fold: has(p.opts, 'f'), blanks: has(p.opts, 'b') };
		const sep = last(p.opts, 't');
		if (sep !== undefined && [...sep].length !== 1) return ok('', sep === '' ? 'sort: empty tab\n' : `sort: multi-character tab '${sep}'\n`, 2);
		const keys: Key[] = [];
		for (const o of p.opts.filter((x) => x.name === 'k')) {
			const k = parseKey(o.value ?? '', global);
			if (typeof k === 'string') return ok('', k, 2);
			keys.push(k);
		}
		if (keys.length === 0) keys.push({ startField: 1, startChar: 0, endField: undefined, endChar: 0, ...global });
		const whole = keys.length === 1 && keys[0]?.startField === 1 && keys[0].startChar === 0 && keys[0].endField === undefined;
		let all: string[] = [];
		for (const name of p.operands.length === 0 ? ['-'] : p.operands) {
			const r = readOperand(ctx, name);
			if (!r.ok) return ok('', `sort: cannot read: ${name}: ${r.error}\n`, 2);
			all = all.concat(lines(r.text));
		}
		ctx.budget.spend(Math.ceil(all.length / 64));
		const compareKeys = (a: string, b: string): number => {
			for (const k of keys) {
				let ka = whole && sep === undefined ? a : keyText(a, k, sep);
				let kb = whole && sep === undefined ? b : keyText(b, k, sep);
				let c: number;
				if (k.numeric) c = numericValue(ka) - numericValue(kb);
				else {
					if (k.blanks) {
						ka = ka.trimStart();
						kb = kb.trimStart();
					}
					c = k.fold ? byteCompare(ka.toUpperCase(), kb.toUpperCase()) : byteCompare(ka, kb);
				}
				if (c !== 0) return k.reverse ? -Math.sign(c) : Math.sign(c);
			}
			return 0;
		};
		const unique = has(p.opts, 'u');
		const lastResort = !unique && !has(p.opts, 's');
		const sorted = all
			.map((line, i) => ({ line, i }))
			.sort((x, y) => compareKeys(x.line, y.line) || (lastResort ? (global.reverse ? -byteCompare(x.line, y.line) : byteCompare(x.line, y.line)) : x.i - y.i))
			.map((x) => x.line);
		const out = unique ? sorted.filter((l, i) => i === 0 || compareKeys(sorted[i - 1] as string, l) !== 0) : sorted;
		const text = out.map((l) => `${l}\n`).join('');
		const file = last(p.opts, 'o');
		if (file !== undefined) {
			const e = ctx.fs.write(resolvePath(ctx.cwd, file), text, false);
			return e === undefined ? ok() : ok('', `sort: open failed: ${file}: ${e}\n`, 2);
		}
		return ok(text);
	},
};
