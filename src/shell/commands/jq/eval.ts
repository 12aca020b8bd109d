// Runs a jq filter: each filter is a generator of outputs, as in jq. Runtime errors unwind as
// JqError and are reported per input, worded like jq 1.6 ("Cannot index number with string \"a\"").

import type { Budget } from '../../types';
import { callBuiltin } from './builtins';
import { dump, type J, type JObject, isObject, typeOf } from './json';
import type { F } from './parse';
import { brief, compareJ, fail, JqError, truthy } from './value';

export { JqError } from './value';

export interface Env {
	readonly vars: ReadonlyMap<string, J>;
	readonly budget: Budget;
	readonly environ: JObject;
}

export function index(t: J, i: J): J {
	if (t === null && (typeof i === 'string' || typeof i === 'number' || i === null)) return null;
	if (isObject(t) && typeof i === 'string') return t.get(i) ?? null;
	if (Array.isArray(t) && typeof i === 'number') {
		const n = Math.floor(i);
		return t[n < 0 ? t.length + n : n] ?? null;
	}
	if (typeof i === 'string') throw fail(`Cannot index ${typeOf(t)} with string "${i}"`);
	throw fail(`Cannot index ${typeOf(t)} with ${typeOf(i)}`);
}

function slice(t: J, from: J, to: J): J {
	if (t === null) return null;
	if (typeof t !== 'string' && !Array.isArray(t)) throw fail(`Cannot index ${typeOf(t)} with object`);
	const len = typeof t === 'string' ? [...t].length : t.length;
	const norm = (v: J, dflt: number): number => {
		if (v === null) return dflt;
		if (typeof v !== 'number') throw fail('Start and end indices of an array slice must be numbers');
		const n = Math.floor(v < 0 ? len + v : v);
		return Math.max(0, Math.min(len, n));
	};
	const a = norm(from, 0);
	const b = Math.max(a, norm(to, len));
	return typeof t === 'string' ? [...t].slice(a, b).join('') : t.slice(a, b);
}

export function* iterate(t: J): Generator<J> {
	if (Array.isArray(t)) yield* t;
	else if (isObject(t)) yield* t.values();
	else throw fail(t === null ? 'Cannot iterate over null' : `Cannot iterate over ${typeOf(t)} (${brief(t)})`);
}

function binary(op: string, a: J, b: J): J {
	if (op === '==') return compareJ(a, b) === 0;
	if (op === '!=') return compareJ(a, b) !== 0;
	if (op === '<') return compareJ(a, b) < 0;
	if (op === '<=') return compareJ(a, b) <= 0;
	if (op === '>') return compareJ(a, b) > 0;
	if (op === '>=') return compareJ(a, b) >= 0;
	const what = op === '+' ? 'added' : op === '-' ? 'subtracted' : op === '*' ? 'multiplied' : 'divided';
	const err = (): JqError => fail(`${typeOf(a)} (${brief(a)}) and ${typeOf(b)} (${brief(b)}) cannot be ${what}`);
	if (typeof a === 'number' && typeof b === 'number') {
		if ((op === '/' || op === '%') && (op === '%' ? Math.trunc(b) === 0 : b === 0)) throw fail(`${typeOf(a)} (${brief(a)}) and ${typeOf(b)} (${brief(b)}) cannot be divided because the divisor is zero`);
		return op === '+' ? a + b : op === '-' ? a - b : op === '*' ? a * b : op === '/' ? a / b : Math.trunc(a) % Math.trunc(b);
	}
	if (op === '+') {
		if (a === null) return b;
		if (b === null) return a;
		if (typeof a === 'string' && typeof b === 'string') return a + b;
		if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
		if (isObject(a) && isObject(b)) return new Map([...a, ...b]);
		throw err();
	}
	if (op === '-' && Array.isArray(a) && Array.isArray(b)) return a.filter((x) => !b.some((y) => compareJ(x, y) === 0));
	if (op === '*') {
		if (typeof a === 'string' && typeof b === 'number') return b <= 0 ? null : a.repeat(Math.max(1, Math.ceil(b)));
		if (typeof a === 'number' && typeof b === 'string') return a <= 0 ? null : b.repeat(Math.max(1, Math.ceil(a)));
		if (isObject(a) && isObject(b)) return deepMerge(a, b);
	}
	if (op === '/' && typeof a === 'string' && typeof b === 'string') return a === '' ? [] : a.split(b);
	throw err();
}

function deepMerge(a: JObject, b: JObject): JObject {
	const out = new Map(a);
	for (const [k, v] of b) {
		const old = out.get(k);
		out.set(k, old !== undefined && isObject(old) && isObject(v) ? deepMerge(old, v) : v);
	}
	return out;
}

function* product(fs: readonly F[], input: J, env: Env): Generator<J[]> {
	if (fs.length === 0) {
		yield [];
		return;
	}
	for (const rest of product(fs.slice(1), input, env)) for (const v of run(fs[0] as F, input, env)) yield [v, ...rest];
}

export function* run(f: F, input: J, env: Env): Generator<J> {
	if (!env.budget.spend()) throw fail('jq: this filter did too much work (simulator limit)');
	switch (f.k) {
		case 'identity':
			yield input;
			return;
		case 'recurse':
			yield* recurse(input, env);
			return;
		case 'field':
			for (const t of run(f.target, input, env)) {
				try {
					yield index(t, f.name);
				} catch (e) {
					if (!f.opt || !(e instanceof JqError)) throw e;
				}
			}
			return;
		case 'index':
			for (const t of run(f.target, input, env)) {
				for (const i of run(f.index, input, env)) {
					try {
						yield index(t, i);
					} catch (e) {
						if (!f.opt || !(e instanceof JqError)) throw e;
					}
				}
			}
			return;
		case 'slice':
			for (const t of run(f.target, input, env)) {
				for (const to of f.to === undefined ? [null] : run(f.to, input, env)) {
					for (const from of f.from === undefined ? [null] : run(f.from, input, env)) {
						try {
							yield slice(t, from, to);
						} catch (e) {
							if (!f.opt || !(e instanceof JqError)) throw e;
						}
					}
				}
			}
			return;
		case 'iter':
			for (const t of run(f.target, input, env)) {
				try {
					yield* iterate(t);
				} catch (e) {
					if (!f.opt || !(e instanceof JqError)) throw e;
				}
			}
			return;
		case 'try':
			try {
				yield* run(f.body, input, env);
			} catch (e) {
				if (!(e instanceof JqError)) throw e;
				if (f.catch !== undefined) yield* run(f.catch, e.value, env);
			}
			return;
		case 'lit':
			yield f.v;
			return;
		case 'str': {
			const filters = f.parts.filter((p): p is F => typeof p !== 'string');
			for (const values of product(filters, input, env)) {
				let k = 0;
				let s = '';
				for (const p of f.parts) {
					if (typeof p === 'string') s += p;
					else {
						const v = values[k++] as J;
						s += f.format !== undefined ? String(callBuiltin(`@${f.format}`, [], v, env, run).next().value) : typeof v === 'string' ? v : dump(v, { indent: 0 });
					}
				}
				yield s;
			}
			return;
		}
		case 'format':
			yield* callBuiltin(`@${f.name}`, [], input, env, run);
			return;
		case 'array':
			yield f.body === undefined ? [] : [...run(f.body, input, env)];
			return;
		case 'object':
			yield* objects(f.entries, input, env);
			return;
		case 'pipe':
			for (const a of run(f.a, input, env)) yield* run(f.b, a, env);
			return;
		case 'comma':
			yield* run(f.a, input, env);
			yield* run(f.b, input, env);
			return;
		case 'alt': {
			let any = false;
			try {
				for (const a of run(f.a, input, env)) {
					if (truthy(a)) {
						any = true;
						yield a;
					}
				}
			} catch (e) {
				if (!(e instanceof JqError)) throw e;
			}
			if (!any) yield* run(f.b, input, env);
			return;
		}
		case 'and':
		case 'or':
			for (const a of run(f.a, input, env)) {
				if (f.k === 'and' ? !truthy(a) : truthy(a)) yield f.k === 'or';
				else for (const b of run(f.b, input, env)) yield truthy(b);
			}
			return;
		case 'bin':
			for (const b of run(f.b, input, env)) for (const a of run(f.a, input, env)) yield binary(f.op, a, b);
			return;
		case 'neg':
			for (const a of run(f.a, input, env)) {
				if (typeof a !== 'number') throw fail(`${typeOf(a)} (${brief(a)}) cannot be negated`);
				yield -a;
			}
			return;
		case 'var':
			if (f.name === 'ENV') yield env.environ;
			else yield env.vars.get(f.name) ?? null;
			return;
		case 'as':
			for (const v of run(f.src, input, env)) yield* run(f.body, input, { ...env, vars: new Map([...env.vars, [f.name, v]]) });
			return;
		case 'reduce':
			for (const init of run(f.init, input, env)) {
				let acc: J = init;
				for (const v of run(f.src, input, env)) {
					let last: J = null;
					for (const out of run(f.update, acc, { ...env, vars: new Map([...env.vars, [f.name, v]]) })) last = out;
					acc = last;
				}
				yield acc;
			}
			return;
		case 'if':
			for (const c of run(f.cond, input, env)) {
				if (truthy(c)) yield* run(f.then, input, env);
				else if (f.else !== undefined) yield* run(f.else, input, env);
				else yield input;
			}
			return;
		case 'call':
			yield* callBuiltin(f.name, f.args, input, env, run);
			return;
	}
}

function* recurse(v: J, env: Env): Generator<J> {
	if (!env.budget.spend()) return;
	yield v;
	if (Array.isArray(v)) for (const x of v) yield* recurse(x, env);
	else if (isObject(v)) for (const x of v.values()) yield* recurse(x, env);
}

function* objects(entries: readonly { key: F; value: F }[], input: J, env: Env): Generator<J> {
	if (entries.length === 0) {
		yield new Map();
		return;
	}
	const [first, ...rest] = entries as [{ key: F; value: F }, ...{ key: F; value: F }[]];
	for (const k of run(first.key, input, env)) {
		if (typeof k !== 'string') throw fail(`Object keys must be strings`);
		for (const v of run(first.value, input, env)) {
			for (const tail of objects(rest, input, env)) yield new Map([[k, v], ...(tail as JObject)]);
		}
	}
}
