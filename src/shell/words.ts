// Words and the expansions inside them, scanned from the raw line: quotes, backslashes, $name,
// ${...}, $(...), `...` and $((...)). A word can hold a whole list ("a $(b "c") d"), so the
// scanner calls back into the grammar (parse.ts) for command substitutions.

import type { List, ParamOp, ParseResult, Unsupported, Word, WordPart } from './types';

/** Unwinds the parser with a result; caught in parse() and returned as a value. */
export class Stop {
	constructor(readonly result: ParseResult) {}
}

export const syntax = (token: string): Stop => new Stop({ kind: 'error', message: `syntax error near unexpected token \`${token}'` });
export const eof = (): Stop => new Stop({ kind: 'incomplete', message: 'syntax error: unexpected end of file' });
export const unmatched = (c: string): Stop => new Stop({ kind: 'incomplete', message: `unexpected EOF while looking for matching \`${c}'` });
export const unsupported = (feature: Unsupported): Stop => new Stop({ kind: 'unsupported', feature });

/** Operators, longest first so that `&&` wins over `&`. */
export const OPERATORS = ['&&', '||', ';;', '|&', '&>>', '&>', '<<<', '<<', '<&', '<>', '>>', '>&', '>|', '<(', '>(', '<', '>', '|', '&', ';', '(', ')', '\n'];
export const META = new Set([' ', '\t', '\n', '|', '&', ';', '(', ')', '<', '>']);

export abstract class WordScanner {
	protected pos = 0;
	protected depth = 0;

	constructor(
		protected readonly src: string,
		protected readonly maxNesting: number,
		protected readonly maxPipeline: number,
	) {}

	/** The grammar's list parser, for $( ... ). */
	abstract parseList(inner: boolean): List;
	/** A fresh parser over the inside of `...`. */
	protected abstract parseNested(src: string): List;

	atEnd(): boolean {
		this.skipBlanks();
		return this.pos >= this.src.length;
	}

	/** Skips blanks, comments and backslash-newline continuations. */
	protected skipBlanks(): void {
		for (;;) {
			const c = this.src[this.pos];
			if (c === ' ' || c === '\t') this.pos++;
			else if (c === '\\' && this.src[this.pos + 1] === '\n') this.pos += 2;
			else if (c === '#') while (this.pos < this.src.length && this.src[this.pos] !== '\n') this.pos++;
			else return;
		}
	}

	peekOp(): string | undefined {
		this.skipBlanks();
		return OPERATORS.find((op) => this.src.startsWith(op, this.pos));
	}

	/** The next word as typed, for `syntax error near unexpected token`. */
	peekWordText(): string {
		this.skipBlanks();
		let end = this.pos;
		while (end < this.src.length && !META.has(this.src[end] ?? '')) end++;
		return this.src.slice(this.pos, end);
	}

	protected nest<T>(f: () => T): T {
		if (++this.depth > this.maxNesting) throw unsupported('too-deep');
		try {
			return f();
		} finally {
			this.depth--;
		}
	}

	/** One word up to an unquoted metacharacter, or up to one of `stops` inside ${...}. */
	parseWord(stops?: string): Word {
		const start = this.pos;
		const parts: WordPart[] = [];
		let lit = '';
		const flush = (): void => {
			if (lit !== '') parts.push({ kind: 'literal', text: lit, quoted: false });
			lit = '';
		};
		while (this.pos < this.src.length) {
			const c = this.src[this.pos] as string;
			if (stops === undefined ? META.has(c) : stops.includes(c)) break;
			if (c === "'") {
				flush();
				parts.push({ kind: 'literal', text: this.readSingle(), quoted: true });
			} else if (c === '"') {
				flush();
				this.pos++;
				parts.push(...this.readDouble());
			} else if (c === '\\') {
				const n = this.src[this.pos + 1];
				this.pos += 2;
				if (n === '\n') continue;
				flush();
				parts.push({ kind: 'literal', text: n ?? '\\', quoted: true });
			} else if (c === '$' || c === '`') {
				const part = this.readDollarOrBacktick(false);
				if (typeof part === 'string') lit += part;
				else {
					flush();
					parts.push(part);
				}
			} else {
				lit += c;
				this.pos++;
			}
		}
		flush();
		return { parts, raw: this.src.slice(start, this.pos) };
	}

	private readSingle(): string {
		const end = this.src.indexOf("'", this.pos + 1);
		if (end < 0) throw unmatched("'");
		const text = this.src.slice(this.pos + 1, end);
		this.pos = end + 1;
		return text;
	}

	/** The inside of "...": the opening quote is consumed, the closing one is consumed here. */
	private readDouble(): WordPart[] {
		const parts: WordPart[] = [{ kind: 'literal', text: '', quoted: true }];
		let lit = '';
		const flush = (): void => {
			if (lit !== '') parts.push({ kind: 'literal', text: lit, quoted: true });
			lit = '';
		};
		for (;;) {
			const c = this.src[this.pos];
			if (c === undefined) throw unmatched('"');
			if (c === '"') {
				this.pos++;
				flush();
				return parts.length > 1 ? parts.slice(1) : parts;
			}
			if (c === '\\') {
				const n = this.src[this.pos + 1];
				if (n === '$' || n === '`' || n === '"' || n === '\\') lit += n;
				else if (n !== '\n') lit += `\\${n ?? ''}`;
				this.pos += 2;
			} else if (c === '$' || c === '`') {
				const part = this.readDollarOrBacktick(true);
				if (typeof part === 'string') lit += part;
				else {
					flush();
					parts.push(part);
				}
			} else {
				lit += c;
				this.pos++;
			}
		}
	}

	/** `$name`, `${...}`, `$(...)`, `$((...))`, `` `...` ``, `$'...'`; a lone `$` stays literal text. */
	private readDollarOrBacktick(quoted: boolean): WordPart | string {
		const s = this.src;
		if (s[this.pos] === '`') return this.readBacktick(quoted);
		const n = s[this.pos + 1];
		if (n === '(' && s[this.pos + 2] === '(') return this.readArith(quoted);
		if (n === '(') {
			this.pos += 2;
			const body = this.nest(() => this.parseList(true));
			if (this.src[this.pos] !== ')' && this.peekOp() !== ')') throw this.atEnd() ? unmatched(')') : syntax(this.peekOp() ?? this.peekWordText());
			this.pos++;
			return { kind: 'subst', body, quoted };
		}
		if (n === '{') return this.readBraced(quoted);
		if (n === "'" && !quoted) {
			this.pos++;
			return { kind: 'literal', text: ansiC(this.readSingle()), quoted: true } as WordPart;
		}
		if (n === '"' && !quoted) {
			this.pos++;
			return '';
		}
		const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*!-])/.exec(s.slice(this.pos + 1, this.pos + 256));
		if (m === null) {
			this.pos++;
			return '$';
		}
		this.pos += 1 + m[0].length;
		return { kind: 'param', name: m[0], quoted };
	}

	private readBacktick(quoted: boolean): WordPart {
		let inner = '';
		let i = this.pos + 1;
		for (;; i++) {
			const c = this.src[i];
			if (c === undefined) throw unmatched('`');
			if (c === '`') break;
			if (c === '\\' && ['$', '`', '\\'].includes(this.src[i + 1] ?? '')) inner += this.src[++i];
			else inner += c;
		}
		this.pos = i + 1;
		const sub = this.nest(() => this.parseNested(inner));
		return { kind: 'subst', body: sub, quoted };
	}

	private readArith(quoted: boolean): WordPart {
		let depth = 0;
		for (let i = this.pos + 3; i < this.src.length; i++) {
			const c = this.src[i];
			if (c === '(') depth++;
			else if (c === ')' && depth > 0) depth--;
			else if (c === ')' && this.src[i + 1] === ')') {
				const expr = this.src.slice(this.pos + 3, i);
				this.pos = i + 2;
				return { kind: 'arith', expr, quoted };
			}
		}
		throw unmatched(')');
	}

	private readBraced(quoted: boolean): WordPart {
		const s = this.src;
		this.pos += 2;
		if (s[this.pos] === '#' && s[this.pos + 1] !== '}') {
			const m = /^#([A-Za-z_][A-Za-z0-9_]*|[0-9?$#@*])\}/.exec(s.slice(this.pos, this.pos + 256));
			if (m !== null) {
				this.pos += m[0].length;
				return { kind: 'param', name: m[1] as string, op: 'length', quoted };
			}
		}
		const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$#@*!-])/.exec(s.slice(this.pos, this.pos + 256));
		const name = m?.[0] ?? '';
		this.pos += name.length;
		const opm = /^(?::[-=+?]|[-=+?]|##|#|%%|%|\/\/|\/)/.exec(s.slice(this.pos, this.pos + 2));
		if (name !== '' && s[this.pos] === '}') {
			this.pos++;
			return { kind: 'param', name, quoted };
		}
		if (name !== '' && s[this.pos] === ':' && opm === null) throw unsupported('substring');
		if (name === '' || opm === null) return this.badSubstitution(quoted);
		const op = opm[0] as ParamOp;
		this.pos += op.length;
		const arg = this.parseBraceWord(op === '/' || op === '//' ? '/}' : '}', quoted);
		let repl: Word | undefined;
		if ((op === '/' || op === '//') && s[this.pos] === '/') {
			this.pos++;
			repl = this.parseBraceWord('}', quoted);
		}
		if (s[this.pos] !== '}') throw unmatched('}');
		this.pos++;
		return repl === undefined ? { kind: 'param', name, op, arg, quoted } : { kind: 'param', name, op, arg, repl, quoted };
	}

	/** The word inside ${name:-word}: blanks are literal, quotes and expansions work as outside. */
	private parseBraceWord(stops: string, quoted: boolean): Word {
		const word = this.parseWord(stops);
		return quoted ? { parts: word.parts.map((p) => ({ ...p, quoted: true })), raw: word.raw } : word;
	}

	/** Bash reports a bad ${...} when it runs the command, not when it parses the line. */
	private badSubstitution(quoted: boolean): WordPart {
		const start = this.src.lastIndexOf('${', this.pos);
		const end = this.src.indexOf('}', this.pos);
		if (end < 0) throw unmatched('}');
		this.pos = end + 1;
		return { kind: 'param', name: this.src.slice(start, end + 1), op: 'bad', quoted };
	}
}

const C_ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

/** $'...' quoting: backslash escapes as in C. */
function ansiC(s: string): string {
	return s.replace(/\\(x[0-9A-Fa-f]{1,2}|[0-7]{1,3}|.)/g, (all, e: string) => {
		if (e.startsWith('x')) return String.fromCharCode(parseInt(e.slice(1), 16));
		if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 0xff);
		return C_ESCAPES[e] ?? all;
	});
}
