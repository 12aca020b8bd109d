// Parses a sed script into commands, with GNU sed 4.9's error messages and positions
// ("-e expression #1, char 5: unterminated `s' command"). Supported: addresses N, $, /re/, \cREc,
// first~step, addr,addr, addr,+N, !; commands s y p d q Q = n a i c h H g G x { } and # comments.

import { compile } from '../../text/regex';

export type Address = { kind: 'line'; n: number } | { kind: 'last' } | { kind: 're'; re: RegExp | undefined } | { kind: 'step'; first: number; step: number } | { kind: 'plus'; n: number };

export interface SedCommand {
	readonly a1?: Address;
	readonly a2?: Address;
	readonly negate: boolean;
	readonly name: string;
	/** s: the expression (undefined means "the last one used"), replacement and flags. */
	readonly re?: RegExp | undefined;
	readonly replacement?: string;
	readonly global?: boolean;
	readonly occurrence?: number;
	readonly print?: boolean;
	/** y: source and target characters. */
	readonly from?: string[];
	readonly to?: string[];
	/** a, i, c: the text; q, Q: the exit code. */
	readonly text?: string;
	readonly exitCode?: number;
	/** {: index of the matching }. */
	end?: number;
	/** Range state while running. */
	active?: boolean;
	rangeEnd?: number;
}

export type Script = { ok: true; commands: SedCommand[] } | { ok: false; error: string };

class Fail {
	constructor(readonly message: string) {}
}

export function parseScript(expressions: readonly string[], extended: boolean): Script {
	const commands: SedCommand[] = [];
	const open: number[] = [];
	for (const [n, expr] of expressions.entries()) {
		let i = 0;
		const fail = (msg: string, at = i): Fail => new Fail(`sed: -e expression #${n + 1}, char ${at}: ${msg}\n`);
		const regex = (delim: string, flags: string): RegExp | undefined => {
			let src = '';
			for (;;) {
				const c = expr[i];
				if (c === undefined || c === '\n') throw fail(`unterminated address regex`);
				i++;
				if (c === delim) break;
				if (c === '\\') {
					const next = expr[i++];
					if (next === undefined) throw fail('unterminated address regex');
					src += next === delim ? delim : next === 'n' ? '\n' : `\\${next}`;
				} else src += c;
			}
			if (src === '') return undefined;
			const r = compile(src, { extended, ignoreCase: flags.includes('I') });
			if (!r.ok) throw fail(r.error);
			return r.re;
		};
		const address = (): Address | undefined => {
			const c = expr[i];
			if (c === undefined) return undefined;
			if (/\d/.test(c)) {
				const m = /^(\d+)(?:~(\d+))?/.exec(expr.slice(i)) as RegExpExecArray;
				i += m[0].length;
				return m[2] !== undefined ? { kind: 'step', first: Number(m[1]), step: Number(m[2]) } : { kind: 'line', n: Number(m[1]) };
			}
			if (c === '$') {
				i++;
				return { kind: 'last' };
			}
			if (c === '/' || c === '\\') {
				i++;
				const delim = c === '/' ? '/' : (expr[i++] ?? '');
				const start = i;
				let re: RegExp | undefined;
				try {
					re = regex(delim, expr[i + 0] ?? '');
				} catch (e) {
					if (e instanceof Fail) throw e;
					throw fail('unterminated address regex', start);
				}
				let flags = '';
				while (expr[i] === 'I' || expr[i] === 'M') flags += expr[i++];
				if (flags.includes('I') && re !== undefined) re = new RegExp(re.source, 'i');
				return { kind: 're', re };
			}
			return undefined;
		};
		const blanks = (): void => {
			while (expr[i] === ' ' || expr[i] === '\t') i++;
		};
		const endOfCommand = (): void => {
			blanks();
			const c = expr[i];
			if (c === undefined || c === ';' || c === '\n' || c === '}' || c === '#') return;
			throw fail('extra characters after command', i + 1);
		};
		try {
			while (i < expr.length) {
				while (i < expr.length && /[\s;]/.test(expr[i] as string)) i++;
				if (i >= expr.length) break;
				if (expr[i] === '#') {
					while (i < expr.length && expr[i] !== '\n') i++;
					continue;
				}
				const a1 = address();
				let a2: Address | undefined;
				if (a1 !== undefined && expr[i] === ',') {
					i++;
					blanks();
					if (expr[i] === '+') {
						const m = /^\+(\d+)/.exec(expr.slice(i));
						if (m === null) throw fail('unexpected `,\'');
						i += m[0].length;
						a2 = { kind: 'plus', n: Number(m[1]) };
					} else {
						a2 = address();
						if (a2 === undefined) throw fail("unexpected `,'");
					}
				}
				blanks();
				let negate = false;
				while (expr[i] === '!') {
					negate = true;
					i++;
					blanks();
				}
				const name = expr[i++];
				if (name === undefined || name === '\n' || name === ';') throw fail('missing command', i - (name === undefined ? 0 : 1));
				const base = { negate, name, ...(a1 === undefined ? {} : { a1 }), ...(a2 === undefined ? {} : { a2 }) };
				switch (name) {
					case '{':
						open.push(commands.length);
						commands.push(base);
						break;
					case '}': {
						if (a1 !== undefined) throw fail("} doesn't want any addresses", i);
						const at = open.pop();
						if (at === undefined) throw fail("unexpected `}'", i);
						(commands[at] as SedCommand).end = commands.length;
						commands.push(base);
						endOfCommand();
						break;
					}
					case 's': {
						const delim = expr[i++];
						if (delim === undefined || delim === '\n' || delim === '\\') throw fail("unterminated `s' command", expr.length);
						let re: RegExp | undefined;
						let src = '';
						for (;;) {
							const c = expr[i++];
							if (c === undefined) throw fail("unterminated `s' command", expr.length);
							if (c === delim) break;
							if (c === '\\') {
								const nx = expr[i++];
								if (nx === undefined) throw fail("unterminated `s' command", expr.length);
								src += nx === delim ? delim : nx === 'n' ? '\n' : `\\${nx}`;
							} else src += c;
						}
						let replacement = '';
						for (;;) {
							const c = expr[i++];
							if (c === undefined) throw fail("unterminated `s' command", expr.length);
							if (c === delim) break;
							if (c === '\\') {
								const nx = expr[i++];
								if (nx === undefined) throw fail("unterminated `s' command", expr.length);
								replacement += nx === delim ? (delim === '&' ? '\\&' : delim) : `\\${nx}`;
							} else replacement += c;
						}
						let global = false;
						let print = false;
						let icase = false;
						let occurrence = 1;
						for (;;) {
							const c = expr[i];
							if (c === 'g') global = true;
							else if (c === 'p') print = true;
							else if (c === 'i' || c === 'I') icase = true;
							else if (c === 'm' || c === 'M' || c === 'e') {
								/* accepted, no effect on single lines */
							} else if (c !== undefined && /\d/.test(c)) {
								const m = /^\d+/.exec(expr.slice(i)) as RegExpExecArray;
								occurrence = Number(m[0]);
								if (occurrence === 0) throw fail("number option to `s' command may not be zero", i + 1);
								i += m[0].length - 1;
							} else break;
							i++;
						}
						blanks();
						const c = expr[i];
						if (c !== undefined && c !== ';' && c !== '\n' && c !== '}' && c !== '#') throw fail("unknown option to `s'", i + 1);
						if (src !== '') {
							const r = compile(src, { extended, ignoreCase: icase, global: true });
							if (!r.ok) throw fail(r.error, i);
							const refs = [...replacement.matchAll(/\\(\d)/g)].map((m) => Number(m[1]));
							if (refs.some((ref) => ref > r.groups)) throw fail(`invalid reference \\${Math.max(...refs)} on \`s' command's RHS`, i);
							re = r.re;
						}
						commands.push({ ...base, re, replacement, global, occurrence, print });
						break;
					}
					case 'y': {
						const delim = expr[i++] ?? '';
						const parts: string[][] = [[], []];
						for (const part of parts) {
							for (;;) {
								const c = expr[i++];
								if (c === undefined) throw fail("unterminated `y' command", expr.length);
								if (c === delim) break;
								if (c === '\\') {
									const nx = expr[i++] ?? '';
									part.push(nx === 'n' ? '\n' : nx === 't' ? '\t' : nx);
								} else part.push(c);
							}
						}
						if ((parts[0] as string[]).length !== (parts[1] as string[]).length) throw fail("strings for `y' command are different lengths");
						commands.push({ ...base, from: parts[0], to: parts[1] });
						endOfCommand();
						break;
					}
					case 'a':
					case 'i':
					case 'c': {
						blanks();
						if (expr[i] === '\\') {
							i++;
							if (expr[i] === '\n') i++;
						}
						let text = '';
						while (i < expr.length && expr[i] !== '\n') {
							if (expr[i] === '\\' && i + 1 < expr.length) i++;
							text += expr[i++];
						}
						if (text === '' && expressions.length === 1) throw fail('expected \\ after `a\', `c\' or `i\'');
						commands.push({ ...base, text });
						break;
					}
					case 'q':
					case 'Q': {
						if (a2 !== undefined) throw fail('command only uses one address', i);
						blanks();
						const m = /^\d+/.exec(expr.slice(i));
						if (m !== null) i += m[0].length;
						commands.push({ ...base, exitCode: m === null ? 0 : Number(m[0]) });
						endOfCommand();
						break;
					}
					case 'p':
					case 'd':
					case '=':
					case 'n':
					case 'h':
					case 'H':
					case 'g':
					case 'G':
					case 'x':
						commands.push(base);
						endOfCommand();
						break;
					default:
						throw fail(`unknown command: \`${name}'`, i);
				}
			}
		} catch (e) {
			if (e instanceof Fail) return { ok: false, error: e.message };
			throw e;
		}
	}
	if (open.length > 0) return { ok: false, error: `sed: -e expression #${expressions.length}, char 0: unmatched \`{'\n` };
	return { ok: true, commands };
}
