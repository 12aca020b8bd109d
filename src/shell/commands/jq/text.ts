// jq's string builtins (tostring, split, join, test, match, sub, gsub, index ...). Regular
// expressions are JavaScript's, close to the Oniguruma syntax jq uses for the common cases.

import type { Env } from './eval';
import { tostring } from './formats';
import { dump, type J, isObject, typeOf } from './json';
import type { F } from './parse';
import { brief, compareJ, JqError } from './value';

type Runner = (f: F, input: J, env: Env) => Generator<J>;
const err = (value: J): JqError => new JqError(value);

function iter(v: J): J[] {
	if (Array.isArray(v)) return v;
	if (isObject(v)) return [...v.values()];
	throw err(v === null ? 'Cannot iterate over null' : `Cannot iterate over ${typeOf(v)} (${brief(v)})`);
}

function regex(re: J, flags: J): RegExp {
	if (typeof re !== 'string') throw err(`${typeOf(re)} (${brief(re)}) cannot be matched, as it is not a string`);
	const f = typeof flags === 'string' ? flags : '';
	try {
		return new RegExp(re, `${f.includes('i') ? 'i' : ''}${f.includes('x') ? '' : ''}g`);
	} catch {
		throw err(`${re} (at offset 0) is not a valid regex`);
	}
}

export function* callText(name: string, args: readonly F[], input: J, env: Env, run: Runner): Generator<J> {
	const arg = (i: number, v: J = input): Generator<J> => run(args[i] as F, v, env);
	const first = (i: number): J => {
		for (const v of arg(i)) return v;
		return null;
	};
	const cmp = compareJ;
	switch (`${name}/${args.length}`) {
		case 'tostring/0':
			yield tostring(input);
			return;
		case 'tonumber/0':
			if (typeof input === 'number') yield input;
			else if (typeof input === 'string' && /^\s*-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(input)) yield Number(input);
			else throw err(typeof input === 'string' ? `Cannot parse '${input}' as JSON` : `${typeOf(input)} (${brief(input)}) cannot be parsed as a number`);
			return;
		case 'ascii_downcase/0':
		case 'ascii_upcase/0':
			if (typeof input !== 'string') throw err(`${name} input must be a string`);
			yield name === 'ascii_downcase' ? input.replace(/[A-Z]/g, (c) => c.toLowerCase()) : input.replace(/[a-z]/g, (c) => c.toUpperCase());
			return;
		case 'explode/0':
			yield [...String(input)].map((c) => c.codePointAt(0) as number);
			return;
		case 'implode/0':
			yield iter(input).map((c) => String.fromCodePoint(Number(c))).join('');
			return;
		case 'startswith/1':
		case 'endswith/1':
			for (const s of arg(0)) {
				if (typeof input !== 'string' || typeof s !== 'string') throw err(`${name}() requires string inputs`);
				yield name === 'startswith' ? input.startsWith(s) : input.endsWith(s);
			}
			return;
		case 'ltrimstr/1':
		case 'rtrimstr/1':
			for (const s of arg(0)) {
				if (typeof input !== 'string' || typeof s !== 'string') yield input;
				else if (name === 'ltrimstr') yield input.startsWith(s) ? input.slice(s.length) : input;
				else yield input.endsWith(s) && s !== '' ? input.slice(0, input.length - s.length) : input;
			}
			return;
		case 'split/1':
			for (const s of arg(0)) {
				if (typeof input !== 'string' || typeof s !== 'string') throw err('split input and separator must be strings');
				yield input === '' ? [] : input.split(s);
			}
			return;
		case 'split/2':
			for (const f of arg(1)) for (const re of arg(0)) yield String(input).split(regex(re, f));
			return;
		case 'join/1':
			for (const s of arg(0)) {
				yield iter(input).map((x) => {
					if (x === null) return '';
					if (isObject(x) || Array.isArray(x)) throw err(`Cannot join with ${typeOf(x)}`);
					return typeof x === 'string' ? x : dump(x, { indent: 0 });
				}).join(String(s));
			}
			return;
		case 'test/1':
		case 'test/2':
			for (const f of args.length > 1 ? arg(1) : [null]) {
				for (const re of arg(0)) {
					if (typeof input !== 'string') throw err(`${typeOf(input)} (${brief(input)}) cannot be matched, as it is not a string`);
					yield regex(re, f).test(input);
				}
			}
			return;
		case 'match/1':
		case 'match/2':
			for (const f of args.length > 1 ? arg(1) : [null]) {
				for (const re of arg(0)) {
					const r = regex(re, f);
					for (const m of String(input).matchAll(r)) {
						yield new Map<string, J>([['offset', m.index], ['length', m[0].length], ['string', m[0]], ['captures', m.slice(1).map((c) => new Map<string, J>([['offset', c === undefined ? -1 : String(input).indexOf(c, m.index)], ['length', c?.length ?? 0], ['string', c ?? null], ['name', null]]))]]);
						if (!(typeof f === 'string' && f.includes('g'))) break;
					}
				}
			}
			return;
		case 'sub/2':
		case 'gsub/2':
		case 'sub/3':
		case 'gsub/3':
			for (const re of arg(0)) {
				if (typeof input !== 'string') throw err(`${typeOf(input)} (${brief(input)}) cannot be matched, as it is not a string`);
				const r = regex(re, args.length > 2 ? first(2) : null);
				let n = 0;
				yield input.replace(r, (m) => {
					if (name === 'sub' && n++ > 0) return m;
					const repl = first(1);
					return typeof repl === 'string' ? repl : tostring(repl);
				});
			}
			return;
		case 'index/1':
		case 'rindex/1':
		case 'indices/1':
			for (const s of arg(0)) {
				if (typeof input === 'string' && typeof s === 'string') {
					const all: number[] = [];
					for (let i = input.indexOf(s); i >= 0 && s !== ''; i = input.indexOf(s, i + 1)) all.push(i);
					yield name === 'indices' ? all : all.length === 0 ? null : (name === 'index' ? all[0] : all[all.length - 1]) as J;
				} else if (Array.isArray(input)) {
					const needle = Array.isArray(s) ? s : [s];
					const all: number[] = [];
					for (let i = 0; i + needle.length <= input.length && needle.length > 0; i++) if (needle.every((x, k) => cmp(x, input[i + k] as J) === 0)) all.push(i);
					yield name === 'indices' ? all : all.length === 0 ? null : (name === 'index' ? all[0] : all[all.length - 1]) as J;
				} else yield null;
			}
			return;

		default:
			throw err(`${name}/${args.length} is not defined`);
	}
}
