// Tokens of an awk program. Whether `/` starts a regular expression depends on the token before
// it, as in every awk: after an operand it divides.

export type Tok = { readonly t: 'num'; readonly v: number } | { readonly t: 'str'; readonly v: string } | { readonly t: 're'; readonly v: string } | { readonly t: 'name'; readonly v: string } | { readonly t: 'builtin'; readonly v: string } | { readonly t: 'kw'; readonly v: string } | { readonly t: 'op'; readonly v: string } | { readonly t: 'nl' } | { readonly t: 'eof' };

export const KEYWORDS = new Set(['BEGIN', 'END', 'if', 'else', 'while', 'for', 'do', 'in', 'break', 'continue', 'next', 'exit', 'print', 'printf', 'delete', 'getline', 'function', 'return', 'nextfile']);
export const BUILTINS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'tolower', 'toupper', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close', 'fflush']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '>>', '!~', '**', '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '='];
const ESC: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };

export type Lexed = { ok: true; toks: Tok[] } | { ok: false; error: string };

const endsOperand = (t: Tok | undefined): boolean => t !== undefined && (t.t === 'num' || t.t === 'str' || t.t === 'name' || t.t === 'builtin' || (t.t === 'op' && [')', ']', '$', '++', '--'].includes(t.v)));

/** Backslash escapes of awk strings and of -v values. */
export function unescape(s: string): string {
	return s.replace(/\\([0-7]{1,3}|.)/g, (all, e: string) => (/^[0-7]/.test(e) ? String.fromCharCode(parseInt(e, 8)) : (ESC[e] ?? all)));
}

export function lex(src: string): Lexed {
	const toks: Tok[] = [];
	let i = 0;
	const line = (): number => src.slice(0, i).split('\n').length;
	while (i < src.length) {
		const c = src[i] as string;
		if (c === ' ' || c === '\t' || c === '\r') i++;
		else if (c === '\\' && src[i + 1] === '\n') i += 2;
		else if (c === '#') while (i < src.length && src[i] !== '\n') i++;
		else if (c === '\n') {
			toks.push({ t: 'nl' });
			i++;
		} else if (/[0-9.]/.test(c) && /^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.test(src.slice(i))) {
			const m = /^(0[xX][0-9a-fA-F]+|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(src.slice(i)) as RegExpExecArray;
			toks.push({ t: 'num', v: Number(m[0]) });
			i += m[0].length;
		} else if (/[A-Za-z_]/.test(c)) {
			const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
			const w = m[0];
			toks.push(KEYWORDS.has(w) ? { t: 'kw', v: w } : BUILTINS.has(w) ? { t: 'builtin', v: w } : { t: 'name', v: w });
			i += w.length;
		} else if (c === '"') {
			let s = '';
			i++;
			for (;;) {
				const ch = src[i];
				if (ch === undefined || ch === '\n') return { ok: false, error: `awk: line ${line()}: runaway string constant "${s.slice(0, 10)} ...\n` };
				if (ch === '"') break;
				if (ch === '\\' && i + 1 < src.length) {
					s += ch + (src[i + 1] as string);
					i += 2;
				} else {
					s += ch;
					i++;
				}
			}
			i++;
			toks.push({ t: 'str', v: unescape(s) });
		} else if (c === '/' && !endsOperand(toks[toks.length - 1])) {
			let s = '';
			i++;
			for (;;) {
				const ch = src[i];
				if (ch === undefined || ch === '\n') return { ok: false, error: `awk: line ${line()}: runaway regular expression /${s.slice(0, 10)} ...\n` };
				if (ch === '/') break;
				if (ch === '\\' && src[i + 1] === '/') {
					s += '/';
					i += 2;
				} else {
					s += ch;
					i++;
				}
			}
			i++;
			toks.push({ t: 're', v: s });
		} else {
			const op = OPS.find((o) => src.startsWith(o, i));
			if (op === undefined) return { ok: false, error: `awk: line ${line()}: syntax error at or near ${c}\n` };
			toks.push({ t: 'op', v: op === '**' ? '^' : op });
			i += op.length;
		}
	}
	toks.push({ t: 'eof' });
	return { ok: true, toks };
}
