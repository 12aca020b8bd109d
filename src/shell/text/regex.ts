// POSIX regular expressions (basic and extended, with the GNU extensions grep and sed accept)
// translated to JavaScript RegExp sources. Errors are values worded like GNU regcomp's messages
// (glibc posix/regcomp.c, __re_error_msgid), which grep and sed print after their own prefix.

import { own } from '../own';

export type RegexResult = { readonly ok: true; readonly source: string; readonly groups: number } | { readonly ok: false; readonly error: string };

export interface RegexOptions {
	readonly extended: boolean;
}

/** Character classes inside brackets, as JavaScript class contents. */
export const CLASSES: Readonly<Record<string, string>> = {
	alpha: 'A-Za-z',
	digit: '0-9',
	alnum: 'A-Za-z0-9',
	upper: 'A-Z',
	lower: 'a-z',
	space: ' \\t\\n\\r\\f\\v',
	blank: ' \\t',
	punct: '!-\\/:-@\\[-`{-~',
	xdigit: '0-9A-Fa-f',
	print: ' -~',
	graph: '!-~',
	cntrl: '\\x00-\\x1f\\x7f',
	word: 'A-Za-z0-9_',
};

export const ERRORS = {
	paren: 'Unmatched ( or \\(',
	closeParen: 'Unmatched ) or \\)',
	bracket: 'Unmatched [, [^, [:, [., or [=',
	brace: 'Unmatched \\{',
	braceContent: 'Invalid content of \\{\\}',
	backref: 'Invalid back reference',
	classType: 'Invalid character class name',
	range: 'Invalid range end',
	trailing: 'Trailing backslash',
} as const;

/** A literal character as JavaScript regex source. */
function lit(c: string): string {
	return /[\\^$.*+?()[\]{}|/-]/.test(c) ? `\\${c}` : c;
}

/** Parses a bracket expression starting at `[`; returns the JS class and the index after `]`. */
export function bracket(p: string, start: number): { source: string; end: number } | { error: string } {
	let i = start + 1;
	let negate = false;
	if (p[i] === '^') {
		negate = true;
		i++;
	}
	let body = '';
	let first = true;
	for (;;) {
		const c = p[i];
		if (c === undefined) return { error: ERRORS.bracket };
		if (c === ']' && !first) break;
		first = false;
		if (c === '[' && (p[i + 1] === ':' || p[i + 1] === '=' || p[i + 1] === '.')) {
			const kind = p[i + 1] as string;
			const close = p.indexOf(`${kind}]`, i + 2);
			if (close < 0) return { error: ERRORS.bracket };
			const name = p.slice(i + 2, close);
			if (kind === ':') {
				const cls = own(CLASSES, name);
				if (cls === undefined) return { error: ERRORS.classType };
				body += cls;
			} else body += lit(name);
			i = close + 2;
			continue;
		}
		if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
			const hi = p[i + 2] as string;
			if (hi < c) return { error: ERRORS.range };
			body += `${lit(c)}-${lit(hi)}`;
			i += 3;
			continue;
		}
		body += lit(c);
		i++;
	}
	return { source: `[${negate ? '^' : ''}${body}]`, end: i + 1 };
}

/** Translates a POSIX regular expression; `groups` counts capture groups for \N references. */
export function translate(p: string, opts: RegexOptions): RegexResult {
	const ere = opts.extended;
	let out = '';
	let groups = 0;
	const open: number[] = [];
	/** Whether the previous item can take a quantifier (bash-style "nothing to repeat" otherwise). */
	let canRepeat = false;
	let lastWasQuantifier = false;
	const atStart = (): boolean => out === '' || out.endsWith('(') || out.endsWith('|');
	for (let i = 0; i < p.length; i++) {
		const c = p[i] as string;
		const n = p[i + 1];
		let special: string | undefined;
		if (c === '\\') {
			if (n === undefined) return { ok: false, error: ERRORS.trailing };
			i++;
			if (!ere && '(){}|+?'.includes(n)) special = n;
			else if (/[1-9]/.test(n)) {
				if (Number(n) > groups || open.includes(Number(n))) return { ok: false, error: ERRORS.backref };
				out += `\\${n}`;
				canRepeat = true;
				lastWasQuantifier = false;
				continue;
			} else if ('wWsSbB'.includes(n)) {
				out += `\\${n}`;
				canRepeat = !'bB'.includes(n);
				lastWasQuantifier = false;
				continue;
			} else if (n === '<') {
				out += '\\b(?=\\w)';
				canRepeat = false;
				continue;
			} else if (n === '>') {
				out += '\\b(?<=\\w)';
				canRepeat = false;
				continue;
			} else if (n === 'n') {
				out += '\\n';
				canRepeat = true;
				continue;
			} else {
				out += lit(n);
				canRepeat = true;
				lastWasQuantifier = false;
				continue;
			}
		} else if (ere && '(){}|+?'.includes(c)) special = c;
		if (special === undefined) {
			if (c === '[') {
				const b = bracket(p, i);
				if ('error' in b) return { ok: false, error: b.error };
				out += b.source;
				i = b.end - 1;
				canRepeat = true;
			} else if (c === '*') {
				if (!canRepeat && (atStart() || ere)) {
					if (ere && !atStart()) continue;
					out += '\\*';
					canRepeat = true;
				} else if (!lastWasQuantifier) {
					out += '*';
					lastWasQuantifier = true;
					continue;
				}
			} else if (c === '^') {
				if (ere || atStart()) {
					out += '^';
					canRepeat = false;
				} else {
					out += '\\^';
					canRepeat = true;
				}
			} else if (c === '$') {
				const rest = p.slice(i + 1);
				const end = ere || rest === '' || rest.startsWith('\\)') || rest.startsWith('\\|');
				out += end ? '$' : '\\$';
				canRepeat = !end;
			} else if (c === '.') {
				out += '.';
				canRepeat = true;
			} else {
				out += lit(c);
				canRepeat = true;
			}
			lastWasQuantifier = false;
			continue;
		}
		// An operator: ( ) | { } + ? (written \( \) ... in a basic expression).
		if (special === '(') {
			groups++;
			open.push(groups);
			out += '(';
			canRepeat = false;
		} else if (special === ')') {
			if (open.length === 0) {
				if (ere) {
					out += '\\)';
					canRepeat = true;
					continue;
				}
				return { ok: false, error: ERRORS.closeParen };
			}
			open.pop();
			out += ')';
			canRepeat = true;
		} else if (special === '|') {
			out += '|';
			canRepeat = false;
		} else if (special === '+' || special === '?') {
			if (!canRepeat) {
				if (ere && !atStart()) continue;
				out += lit(special);
				canRepeat = true;
			} else if (!lastWasQuantifier) {
				out += special;
				lastWasQuantifier = true;
				continue;
			}
		} else if (special === '{') {
			const close = ere ? p.indexOf('}', i) : p.indexOf('\\}', i);
			const body = close < 0 ? undefined : p.slice(i + 1, close);
			if (body === undefined || !/^\d*(,\d*)?$/.test(body) || body === '' || body === ',') {
				if (ere && (body === undefined || !/^\d/.test(body))) {
					out += '\\{';
					canRepeat = true;
					continue;
				}
				return { ok: false, error: body === undefined ? ERRORS.brace : ERRORS.braceContent };
			}
			const [lo, hi] = body.split(',');
			if (hi !== undefined && hi !== '' && Number(hi) < Number(lo ?? 0)) return { ok: false, error: ERRORS.braceContent };
			if (!canRepeat) {
				if (ere && !atStart()) {
					i = close + (ere ? 0 : 1);
					continue;
				}
				out += lit('{') + body + lit('}');
			} else if (!lastWasQuantifier) out += `{${lo === '' ? '0' : lo}${hi === undefined ? '' : `,${hi}`}}`;
			i = close + (ere ? 0 : 1);
			lastWasQuantifier = true;
			continue;
		} else if (special === '}') {
			out += '\\}';
			canRepeat = true;
		}
		lastWasQuantifier = false;
	}
	if (open.length > 0) return { ok: false, error: ERRORS.paren };
	return { ok: true, source: out, groups };
}

/** Compiles a POSIX expression; JavaScript's own refusals become GNU's wording where we know it. */
export function compile(p: string, opts: RegexOptions & { readonly ignoreCase?: boolean; readonly global?: boolean }): { ok: true; re: RegExp; groups: number } | { ok: false; error: string } {
	const t = translate(p, opts);
	if (!t.ok) return t;
	try {
		return { ok: true, re: new RegExp(t.source, `${opts.ignoreCase ? 'i' : ''}${opts.global ? 'g' : ''}`), groups: t.groups };
	} catch {
		return { ok: false, error: ERRORS.paren };
	}
}
