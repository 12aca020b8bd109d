// Tokens of a jq filter. String literals carry their \( ) interpolations already parsed, so the
// tokenizer and the parser call each other (parseFilter is passed in).

import type { F } from './parse';

export interface Tok {
	readonly t: 'op' | 'field' | 'ident' | 'var' | 'num' | 'str' | 'format' | 'kw' | 'eof';
	readonly v: string;
	readonly start: number;
	readonly parts?: readonly (string | F)[];
}

export class JqSyntaxError {
	constructor(
		readonly message: string,
		readonly at: number,
	) {}
}

const KEYWORDS = new Set(['and', 'or', 'if', 'then', 'elif', 'else', 'end', 'as', 'reduce', 'foreach', 'try', 'catch', 'label', 'def', 'import', 'include', '__loc__']);
const OPS = ['?//', '|=', '+=', '-=', '*=', '/=', '%=', '//=', '==', '!=', '<=', '>=', '//', '..', '|', ',', '+', '-', '*', '/', '%', '=', '<', '>', '.', '[', ']', '(', ')', '{', '}', ':', ';', '?', '$'];
const ESC: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '"': '"', '\\': '\\', '/': '/' };

export function tokenize(src: string, depth: number, parseFilter: (src: string, depth: number) => F): Tok[] {
	const toks: Tok[] = [];
	let i = 0;
	while (i < src.length) {
		const c = src[i] as string;
		if (/\s/.test(c)) {
			i++;
			continue;
		}
		if (c === '#') {
			while (i < src.length && src[i] !== '\n') i++;
			continue;
		}
		const start = i;
		const rest = src.slice(i);
		let m: RegExpExecArray | null;
		if (c === '"') {
			const parts: (string | F)[] = [];
			let s = '';
			i++;
			for (;;) {
				const ch = src[i];
				if (ch === undefined) throw new JqSyntaxError('syntax error, unexpected $end', start);
				if (ch === '"') break;
				if (ch === '\\') {
					const e = src[i + 1];
					if (e === '(') {
						let level = 1;
						let j = i + 2;
						for (; j < src.length && level > 0; j++) {
							if (src[j] === '(') level++;
							else if (src[j] === ')') level--;
						}
						if (level > 0) throw new JqSyntaxError('syntax error, unexpected $end', start);
						if (s !== '') parts.push(s);
						s = '';
						parts.push(parseFilter(src.slice(i + 2, j - 1), depth + 1));
						i = j;
						continue;
					}
					if (e === 'u' && /^[0-9a-fA-F]{4}/.test(src.slice(i + 2))) {
						s += String.fromCharCode(parseInt(src.slice(i + 2, i + 6), 16));
						i += 6;
						continue;
					}
					const r = e === undefined ? undefined : ESC[e];
					if (r === undefined) throw new JqSyntaxError(`Invalid escape at line 1, column ${i + 2} (while parsing '"${src.slice(start + 1, i + 2)}"')`, start);
					s += r;
					i += 2;
					continue;
				}
				s += ch;
				i++;
			}
			i++;
			if (s !== '' || parts.length === 0) parts.push(s);
			toks.push({ t: 'str', v: src.slice(start, i), start, parts });
		} else if ((m = /^\.[A-Za-z_][A-Za-z0-9_]*/.exec(rest)) !== null) {
			toks.push({ t: 'field', v: m[0].slice(1), start });
			i += m[0].length;
		} else if ((m = /^\$(__loc__|[A-Za-z_][A-Za-z0-9_]*)/.exec(rest)) !== null) {
			toks.push({ t: 'var', v: m[1] as string, start });
			i += m[0].length;
		} else if ((m = /^@[A-Za-z0-9_]+/.exec(rest)) !== null) {
			toks.push({ t: 'format', v: m[0].slice(1), start });
			i += m[0].length;
		} else if ((m = /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(rest)) !== null) {
			toks.push({ t: 'num', v: m[0], start });
			i += m[0].length;
		} else if ((m = /^[A-Za-z_][A-Za-z0-9_]*(::[A-Za-z_][A-Za-z0-9_]*)*/.exec(rest)) !== null) {
			toks.push({ t: KEYWORDS.has(m[0]) ? 'kw' : 'ident', v: m[0], start });
			i += m[0].length;
		} else {
			const op = OPS.find((o) => src.startsWith(o, i));
			if (op === undefined) throw new JqSyntaxError('syntax error, unexpected INVALID_CHARACTER', start);
			toks.push({ t: 'op', v: op, start });
			i += op.length;
		}
	}
	toks.push({ t: 'eof', v: '$end', start: toks.length > 0 ? (toks[toks.length - 1] as Tok).start : 0 });
	return toks;
}

/** How bison names a token in "unexpected X". */
export function describe(t: Tok): string {
	if (t.t === 'eof') return '$end';
	if (t.t === 'op') return t.v.length === 1 ? `'${t.v}'` : t.v === '..' ? 'REC' : t.v === '//' ? '"//"' : t.v === '==' ? 'EQ' : t.v === '!=' ? 'NEQ' : t.v === '<=' ? 'LESSEQ' : t.v === '>=' ? 'GREATEREQ' : t.v;
	if (t.t === 'field') return 'FIELD';
	if (t.t === 'ident') return 'IDENT';
	if (t.t === 'num') return 'LITERAL';
	if (t.t === 'str') return 'QQSTRING_START';
	if (t.t === 'format') return 'FORMAT';
	if (t.t === 'var') return '\'$\'';
	return t.v;
}

