// $(( expression )): bash's integer arithmetic on 64-bit signed integers (man bash, ARITHMETIC
// EVALUATION), without assignments. Errors are values worded as bash words them.

import { own } from './own';

export type ArithResult = { readonly ok: true; readonly value: bigint } | { readonly ok: false; readonly error: string };

const BINARY: Readonly<Record<string, number>> = {
	'||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6, '<': 7, '>': 7, '<=': 7, '>=': 7,
	'<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10, '**': 11,
};
const TOKEN = /\s*(0[xX][0-9a-fA-F]+|\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!~&|^?:])/y;
const wrap = (v: bigint): bigint => BigInt.asIntN(64, v);

class Fail {
	constructor(readonly error: string) {}
}

export function evaluateArith(expr: string, lookup: (name: string) => string | undefined, depth = 0): ArithResult {
	const tokens: string[] = [];
	TOKEN.lastIndex = 0;
	let pos = 0;
	while (pos < expr.length && expr.slice(pos).trim() !== '') {
		TOKEN.lastIndex = pos;
		const m = TOKEN.exec(expr);
		if (m === null) return { ok: false, error: `${expr.trim()}: syntax error: invalid arithmetic operator (error token is "${expr.slice(pos).trim()}")` };
		tokens.push(m[1] as string);
		pos = TOKEN.lastIndex;
	}
	let i = 0;
	const rest = (): string => tokens.slice(i).join(' ');
	const text = expr.trim();

	const primary = (): bigint => {
		const t = tokens[i];
		if (t === undefined) throw new Fail(`${text}: syntax error: operand expected (error token is "${rest()}")`);
		i++;
		if (t === '(') {
			const v = ternary();
			if (tokens[i] !== ')') throw new Fail(`${text}: missing \`)' (error token is "${rest()}")`);
			i++;
			return v;
		}
		if (t === '-') return wrap(-primary());
		if (t === '+') return primary();
		if (t === '!') return primary() === 0n ? 1n : 0n;
		if (t === '~') return wrap(~primary());
		if (/^\d/.test(t)) {
			if (/^0[0-7]+$/.test(t)) return wrap(BigInt(`0o${t.slice(1)}`));
			if (/^0\d/.test(t)) throw new Fail(`${t}: value too great for base (error token is "${t}")`);
			return wrap(BigInt(t));
		}
		if (/^[A-Za-z_]/.test(t)) {
			const v = (lookup(t) ?? '').trim();
			if (v === '') return 0n;
			if (depth > 8) throw new Fail(`${t}: expression recursion level exceeded (error token is "${t}")`);
			const r = evaluateArith(v, lookup, depth + 1);
			if (!r.ok) throw new Fail(r.error);
			return r.value;
		}
		i--;
		throw new Fail(`${text}: syntax error: operand expected (error token is "${rest()}")`);
	};

	const binary = (minPrec: number): bigint => {
		let left = primary();
		for (;;) {
			const op = tokens[i];
			const prec = op === undefined ? undefined : own(BINARY, op);
			if (op === undefined || prec === undefined || prec < minPrec) return left;
			i++;
			const right = binary(op === '**' ? prec : prec + 1);
			left = apply(op, left, right, tokens[i - 1] ?? '');
		}
	};

	const apply = (op: string, a: bigint, b: bigint, tok: string): bigint => {
		switch (op) {
			case '+': return wrap(a + b);
			case '-': return wrap(a - b);
			case '*': return wrap(a * b);
			case '/':
			case '%':
				if (b === 0n) throw new Fail(`${text}: division by 0 (error token is "${tok}")`);
				return wrap(op === '/' ? a / b : a % b);
			case '**':
				if (b < 0n) throw new Fail(`${text}: exponent less than 0 (error token is "${tok}")`);
				return wrap(a ** (b > 64n ? 64n : b));
			case '<<': return wrap(a << (b & 63n));
			case '>>': return wrap(a >> (b & 63n));
			case '<': return a < b ? 1n : 0n;
			case '>': return a > b ? 1n : 0n;
			case '<=': return a <= b ? 1n : 0n;
			case '>=': return a >= b ? 1n : 0n;
			case '==': return a === b ? 1n : 0n;
			case '!=': return a !== b ? 1n : 0n;
			case '&': return a & b;
			case '|': return a | b;
			case '^': return a ^ b;
			case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
			default: return a !== 0n || b !== 0n ? 1n : 0n;
		}
	};

	const ternary = (): bigint => {
		const cond = binary(1);
		if (tokens[i] !== '?') return cond;
		i++;
		const yes = ternary();
		if (tokens[i] !== ':') throw new Fail(`${text}: \`:' expected for conditional expression (error token is "${rest()}")`);
		i++;
		const no = ternary();
		return cond !== 0n ? yes : no;
	};

	try {
		if (tokens.length === 0) return { ok: true, value: 0n };
		const value = ternary();
		if (i < tokens.length) return { ok: false, error: `${text}: syntax error in expression (error token is "${rest()}")` };
		return { ok: true, value };
	} catch (e) {
		if (e instanceof Fail) return { ok: false, error: e.error };
		throw e;
	}
}
