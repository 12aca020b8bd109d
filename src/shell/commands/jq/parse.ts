// jq filter text -> AST. Precedence from jq 1.6's parser.y, lowest first: `|`, `,`, `//`,
// `or`, `and`, comparisons, `+ -`, `* / %`, postfix (`.a`, `[i]`, `?`). Errors are worded like
// jq's bison messages ("syntax error, unexpected $end (Unix shell quoting issues?)").

import type { J } from './json';
import { describe, JqSyntaxError, type Tok, tokenize } from './lex';

export { JqSyntaxError } from './lex';

export type F =
	| { readonly k: 'identity' }
	| { readonly k: 'recurse' }
	| { readonly k: 'field'; readonly target: F; readonly name: string; readonly opt: boolean }
	| { readonly k: 'index'; readonly target: F; readonly index: F; readonly opt: boolean }
	| { readonly k: 'slice'; readonly target: F; readonly from?: F; readonly to?: F; readonly opt: boolean }
	| { readonly k: 'iter'; readonly target: F; readonly opt: boolean }
	| { readonly k: 'try'; readonly body: F; readonly catch?: F }
	| { readonly k: 'lit'; readonly v: J }
	| { readonly k: 'str'; readonly parts: readonly (string | F)[]; readonly format?: string }
	| { readonly k: 'format'; readonly name: string }
	| { readonly k: 'array'; readonly body?: F }
	| { readonly k: 'object'; readonly entries: readonly { readonly key: F; readonly value: F }[] }
	| { readonly k: 'pipe' | 'comma' | 'alt' | 'and' | 'or'; readonly a: F; readonly b: F }
	| { readonly k: 'bin'; readonly op: string; readonly a: F; readonly b: F }
	| { readonly k: 'neg'; readonly a: F }
	| { readonly k: 'call'; readonly name: string; readonly args: readonly F[] }
	| { readonly k: 'var'; readonly name: string }
	| { readonly k: 'as'; readonly src: F; readonly name: string; readonly body: F }
	| { readonly k: 'reduce'; readonly src: F; readonly name: string; readonly init: F; readonly update: F }
	| { readonly k: 'if'; readonly cond: F; readonly then: F; readonly else?: F };

export function parseFilter(src: string, depth = 0): F {
	if (depth > 32) throw new JqSyntaxError('syntax error, too deeply nested', 0);
	const toks = tokenize(src, depth, parseFilter);
	let i = 0;
	let level = depth;
	const peek = (): Tok => toks[i] as Tok;
	const is = (v: string): boolean => peek().t !== 'str' && peek().t !== 'field' && peek().v === v && (peek().t === 'op' || peek().t === 'kw');
	const fail = (): JqSyntaxError => new JqSyntaxError(`syntax error, unexpected ${describe(peek())}`, peek().start);
	const expect = (v: string): void => {
		if (!is(v)) throw fail();
		i++;
	};

	const pipe = (): F => {
		if (++level > 64) throw fail();
		const a = comma();
		if (is('as')) {
			i++;
			const v = peek();
			if (v.t !== 'var') throw fail();
			i++;
			expect('|');
			level--;
			return { k: 'as', src: a, name: v.v, body: pipe() };
		}
		if (is('|')) {
			i++;
			const b = pipe();
			level--;
			return { k: 'pipe', a, b };
		}
		level--;
		return a;
	};
	const comma = (): F => {
		let a = alt();
		while (is(',')) {
			i++;
			a = { k: 'comma', a, b: alt() };
		}
		return a;
	};
	const alt = (): F => {
		const a = or();
		if (!is('//')) return a;
		i++;
		return { k: 'alt', a, b: alt() };
	};
	const or = (): F => {
		let a = and();
		while (is('or')) {
			i++;
			a = { k: 'or', a, b: and() };
		}
		return a;
	};
	const and = (): F => {
		let a = cmp();
		while (is('and')) {
			i++;
			a = { k: 'and', a, b: cmp() };
		}
		return a;
	};
	const cmp = (): F => {
		const a = additive();
		for (const op of ['==', '!=', '<=', '>=', '<', '>']) {
			if (is(op)) {
				i++;
				return { k: 'bin', op, a, b: additive() };
			}
		}
		if (['=', '|=', '+=', '-=', '*=', '/=', '%=', '//='].some((o) => is(o))) throw fail();
		return a;
	};
	const additive = (): F => {
		let a = mul();
		while (is('+') || is('-')) {
			const op = peek().v;
			i++;
			a = { k: 'bin', op, a, b: mul() };
		}
		return a;
	};
	const mul = (): F => {
		let a = unary();
		while (is('*') || is('/') || is('%')) {
			const op = peek().v;
			i++;
			a = { k: 'bin', op, a, b: unary() };
		}
		return a;
	};
	const unary = (): F => {
		if (is('-')) {
			i++;
			return { k: 'neg', a: postfix() };
		}
		return postfix();
	};
	const postfix = (): F => {
		let t = term();
		for (;;) {
			const p = peek();
			if (p.t === 'field') {
				i++;
				t = { k: 'field', target: t, name: p.v, opt: optional() };
			} else if (is('.') && toks[i + 1]?.t === 'str') {
				i++;
				const s = peek();
				i++;
				t = { k: 'field', target: t, name: String((s.parts ?? [''])[0] ?? ''), opt: optional() };
			} else if (is('[') || (is('.') && toks[i + 1]?.v === '[' && toks[i + 1]?.t === 'op')) {
				if (is('.')) i++;
				t = bracket(t);
			} else if (is('?')) {
				i++;
				t = { k: 'try', body: t };
			} else return t;
		}
	};
	const optional = (): boolean => {
		if (!is('?')) return false;
		i++;
		return true;
	};
	const bracket = (target: F): F => {
		expect('[');
		if (is(']')) {
			i++;
			return { k: 'iter', target, opt: optional() };
		}
		if (is(':')) {
			i++;
			const to = pipe();
			expect(']');
			return { k: 'slice', target, to, opt: optional() };
		}
		const index = pipe();
		if (is(':')) {
			i++;
			if (is(']')) {
				i++;
				return { k: 'slice', target, from: index, opt: optional() };
			}
			const to = pipe();
			expect(']');
			return { k: 'slice', target, from: index, to, opt: optional() };
		}
		expect(']');
		return { k: 'index', target, index, opt: optional() };
	};
	const term = (): F => {
		const t = peek();
		if (t.t === 'eof') throw fail();
		if (t.t === 'field') {
			i++;
			return { k: 'field', target: { k: 'identity' }, name: t.v, opt: optional() };
		}
		if (t.t === 'num') {
			i++;
			return { k: 'lit', v: Number(t.v) };
		}
		if (t.t === 'str') {
			i++;
			const parts = t.parts ?? [];
			return parts.length === 1 && typeof parts[0] === 'string' ? { k: 'lit', v: parts[0] } : { k: 'str', parts };
		}
		if (t.t === 'format') {
			i++;
			const s = peek();
			if (s.t === 'str') {
				i++;
				return { k: 'str', parts: s.parts ?? [], format: t.v };
			}
			return { k: 'format', name: t.v };
		}
		if (t.t === 'var') {
			i++;
			return { k: 'var', name: t.v };
		}
		if (t.t === 'ident') {
			i++;
			if (t.v === 'true' || t.v === 'false') return { k: 'lit', v: t.v === 'true' };
			if (t.v === 'null') return { k: 'lit', v: null };
			const args: F[] = [];
			if (is('(')) {
				i++;
				args.push(pipe());
				while (is(';')) {
					i++;
					args.push(pipe());
				}
				expect(')');
			}
			return { k: 'call', name: t.v, args };
		}
		if (t.t === 'kw') {
			if (t.v === 'if') {
				i++;
				const cond = pipe();
				expect('then');
				const then = pipe();
				if (is('elif')) {
					toks[i] = { ...peek(), t: 'kw', v: 'if' };
					return { k: 'if', cond, then, else: term() };
				}
				let otherwise: F | undefined;
				if (is('else')) {
					i++;
					otherwise = pipe();
				}
				expect('end');
				return otherwise === undefined ? { k: 'if', cond, then } : { k: 'if', cond, then, else: otherwise };
			}
			if (t.v === 'try') {
				i++;
				const body = postfix();
				if (is('catch')) {
					i++;
					return { k: 'try', body, catch: postfix() };
				}
				return { k: 'try', body };
			}
			if (t.v === 'reduce') {
				i++;
				const src = postfix();
				expect('as');
				const v = peek();
				if (v.t !== 'var') throw fail();
				i++;
				expect('(');
				const init = pipe();
				expect(';');
				const update = pipe();
				expect(')');
				return { k: 'reduce', src, name: v.v, init, update };
			}
			throw fail();
		}
		if (is('.')) {
			i++;
			if (peek().t === 'str') {
				const s = peek();
				i++;
				return { k: 'field', target: { k: 'identity' }, name: String((s.parts ?? [''])[0] ?? ''), opt: optional() };
			}
			if (is('[')) return bracket({ k: 'identity' });
			return { k: 'identity' };
		}
		if (is('..')) {
			i++;
			return { k: 'recurse' };
		}
		if (is('(')) {
			i++;
			const e = pipe();
			expect(')');
			return e;
		}
		if (is('[')) {
			i++;
			if (is(']')) {
				i++;
				return { k: 'array' };
			}
			const body = pipe();
			expect(']');
			return { k: 'array', body };
		}
		if (is('{')) return object();
		throw fail();
	};
	const object = (): F => {
		expect('{');
		const entries: { key: F; value: F }[] = [];
		while (!is('}')) {
			const t = peek();
			let key: F;
			let value: F | undefined;
			if (t.t === 'ident' || (t.t === 'kw' && !['if', 'try', 'reduce'].includes(t.v))) {
				i++;
				key = { k: 'lit', v: t.v };
				value = { k: 'field', target: { k: 'identity' }, name: t.v, opt: false };
			} else if (t.t === 'var') {
				i++;
				key = { k: 'lit', v: t.v };
				value = { k: 'var', name: t.v };
			} else if (t.t === 'str') {
				i++;
				const parts = t.parts ?? [];
				key = parts.length === 1 && typeof parts[0] === 'string' ? { k: 'lit', v: parts[0] } : { k: 'str', parts };
				value = { k: 'index', target: { k: 'identity' }, index: key, opt: false };
			} else if (t.t === 'num') {
				i++;
				key = { k: 'lit', v: t.v };
			} else if (is('(')) {
				i++;
				key = pipe();
				expect(')');
			} else throw fail();
			if (is(':')) {
				i++;
				value = objectValue();
			} else if (value === undefined) throw fail();
			entries.push({ key, value });
			if (!is(',')) break;
			i++;
		}
		expect('}');
		return { k: 'object', entries };
	};
	/** An object value stops at `,` and `}`: `{a: 1, b: 2}` is two entries, not a comma filter. */
	const objectValue = (): F => {
		let v = alt();
		while (is('|')) {
			i++;
			v = { k: 'pipe', a: v, b: alt() };
		}
		return v;
	};

	const f = pipe();
	if (peek().t !== 'eof') throw fail();
	return f;
}
