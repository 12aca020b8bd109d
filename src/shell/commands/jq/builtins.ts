// jq's builtin functions and @formats that lessons and learners use, by name/arity. Arguments are
// filters: a function iterates over their outputs, as jq does.

import type { Env } from './eval';
import { type J, type JObject, dump, isObject, parseStream, typeOf } from './json';
import type { F } from './parse';
import { format } from './formats';
import { callText } from './text';
import { brief, compareJ, JqError } from './value';

export { isFormat } from './formats';

type Runner = (f: F, input: J, env: Env) => Generator<J>;

/** Names with the arities jq 1.6 defines them with (for "foo/0 is not defined"). */
export const BUILTIN_ARITY: ReadonlyMap<string, readonly number[]> = new Map([
	...['empty', 'not', 'length', 'utf8bytelength', 'keys', 'keys_unsorted', 'values', 'add', 'any', 'all', 'flatten', 'floor', 'ceil', 'round', 'sqrt', 'fabs', 'tostring', 'tonumber', 'type', 'ascii_downcase', 'ascii_upcase', 'to_entries', 'from_entries', 'reverse', 'sort', 'unique', 'min', 'max', 'first', 'last', 'tojson', 'fromjson', 'recurse', 'env', 'error', 'arrays', 'objects', 'iterables', 'booleans', 'numbers', 'strings', 'nulls', 'scalars', 'explode', 'implode', 'infinite', 'nan', 'transpose', 'debug', 'halt', 'input_filename'].map((n) => [n, [0]] as const),
	...['select', 'map', 'map_values', 'has', 'contains', 'inside', 'startswith', 'endswith', 'ltrimstr', 'rtrimstr', 'join', 'sort_by', 'group_by', 'unique_by', 'min_by', 'max_by', 'with_entries', 'first', 'last', 'index', 'rindex', 'indices', 'error', 'recurse', 'in', 'flatten', 'any', 'all', 'tostring', 'del', 'paths'].map((n) => [n, [1]] as const),
]
	.reduce((m, [n, a]) => m.set(n, [...(m.get(n) ?? []), ...a]), new Map<string, number[]>())
	.set('range', [1, 2])
	.set('limit', [2])
	.set('test', [1, 2])
	.set('split', [1, 2])
	.set('sub', [2, 3])
	.set('gsub', [2, 3])
	.set('match', [1, 2]));


const err = (value: J): JqError => new JqError(value);

function length(v: J): number {
	if (v === null) return 0;
	if (typeof v === 'boolean') throw err(`boolean (${v}) has no length`);
	if (typeof v === 'number') return Math.abs(v);
	if (typeof v === 'string') return [...v].length;
	return Array.isArray(v) ? v.length : v.size;
}

function contains(a: J, b: J): boolean {
	if (typeOf(a) !== typeOf(b)) throw err(`${typeOf(a)} (${brief(a)}) and ${typeOf(b)} (${brief(b)}) cannot have their containment checked`);
	if (typeof a === 'string') return a.includes(b as string);
	if (Array.isArray(a)) return (b as J[]).every((y) => a.some((x) => typeOf(x) === typeOf(y) && contains(x, y)));
	if (isObject(a)) return [...(b as JObject)].every(([k, v]) => a.has(k) && typeOf(a.get(k) as J) === typeOf(v) && contains(a.get(k) as J, v));
	return dump(a, { indent: 0 }) === dump(b, { indent: 0 });
}


function sortKey(v: J[], keys: J[][], cmp: (a: J, b: J) => number): number[] {
	return v.map((_, i) => i).sort((a, b) => cmp(keys[a] as J, keys[b] as J) || a - b);
}

export function* callBuiltin(name: string, args: readonly F[], input: J, env: Env, run: Runner): Generator<J> {
	yield* call(name, args, input, env, run);
}

function* call(name: string, args: readonly F[], input: J, env: Env, run: Runner): Generator<J> {
	const arg = (i: number, v: J = input): Generator<J> => run(args[i] as F, v, env);
	const first = (i: number): J => {
		for (const v of arg(i)) return v;
		return null;
	};
	const cmp = compareJ;
	if (name.startsWith('@')) {
		yield format(name.slice(1), input);
		return;
	}
	switch (`${name}/${args.length}`) {
		case 'empty/0':
			return;
		case 'not/0':
			yield input === null || input === false;
			return;
		case 'length/0':
			yield length(input);
			return;
		case 'utf8bytelength/0':
			yield new TextEncoder().encode(String(input)).length;
			return;
		case 'keys/0':
		case 'keys_unsorted/0':
			if (isObject(input)) yield name === 'keys' ? [...input.keys()].sort() : [...input.keys()];
			else if (Array.isArray(input)) yield input.map((_, i) => i);
			else throw err(`${typeOf(input)} (${brief(input)}) has no keys`);
			return;
		case 'values/0':
			if (input !== null) yield input;
			return;
		case 'has/1':
			for (const k of arg(0)) {
				if (isObject(input) && typeof k === 'string') yield input.has(k);
				else if (Array.isArray(input) && typeof k === 'number') yield k >= 0 && k < input.length;
				else throw err(`Cannot check whether ${typeOf(input)} has a ${typeOf(k)} key`);
			}
			return;
		case 'in/1':
			for (const o of arg(0)) yield* call('has', [{ k: 'lit', v: input }], o, env, run);
			return;
		case 'select/1':
			for (const c of arg(0)) if (c !== null && c !== false) yield input;
			return;
		case 'map/1':
			yield [...iter(input).flatMap((x) => [...arg(0, x)])];
			return;
		case 'map_values/1':
			if (isObject(input)) yield new Map([...input].flatMap(([k, v]) => [...arg(0, v)].slice(0, 1).map((x) => [k, x] as [string, J])));
			else yield iter(input).flatMap((x) => [...arg(0, x)].slice(0, 1));
			return;
		case 'add/0': {
			let acc: J = null;
			for (const v of iter(input)) acc = acc === null ? v : add(acc, v);
			yield acc;
			return;
		}
		case 'any/0':
			yield iter(input).some((v) => v !== null && v !== false);
			return;
		case 'all/0':
			yield iter(input).every((v) => v !== null && v !== false);
			return;
		case 'any/1':
			yield iter(input).some((x) => [...arg(0, x)].some((v) => v !== null && v !== false));
			return;
		case 'all/1':
			yield iter(input).every((x) => [...arg(0, x)].every((v) => v !== null && v !== false));
			return;
		case 'flatten/0':
		case 'flatten/1': {
			const depth = args.length === 0 ? 1e9 : (first(0) as number);
			if (typeof depth !== 'number' || depth < 0) throw err('flatten depth must not be negative');
			const flat = (a: J[], d: number): J[] => a.flatMap((x) => (Array.isArray(x) && d > 0 ? flat(x, d - 1) : [x]));
			if (!Array.isArray(input)) throw err(`Cannot iterate over ${typeOf(input)}${input === null ? '' : ` (${brief(input)})`}`);
			yield flat(input, depth);
			return;
		}
		case 'floor/0':
		case 'ceil/0':
		case 'round/0':
		case 'sqrt/0':
		case 'fabs/0':
			if (typeof input !== 'number') throw err(`${typeOf(input)} (${brief(input)}) number required`);
			yield name === 'floor' ? Math.floor(input) : name === 'ceil' ? Math.ceil(input) : name === 'round' ? Math.round(input) : name === 'sqrt' ? Math.sqrt(input) : Math.abs(input);
			return;
		case 'type/0':
			yield typeOf(input);
			return;
		case 'to_entries/0':
			if (!isObject(input)) throw err(`${typeOf(input)} (${brief(input)}) has no keys`);
			yield [...input].map(([k, v]) => new Map<string, J>([['key', k], ['value', v]]));
			return;
		case 'from_entries/0': {
			const out: JObject = new Map();
			for (const e of iter(input)) {
				if (!isObject(e)) throw err(`Cannot index ${typeOf(e)} with "key"`);
				const k = e.get('key') ?? e.get('k') ?? e.get('name') ?? e.get('Name') ?? e.get('K') ?? e.get('Key') ?? null;
				const v = e.has('value') ? e.get('value') : e.has('v') ? e.get('v') : (e.get('Value') ?? null);
				out.set(typeof k === 'string' ? k : dump(k, { indent: 0 }), v ?? null);
			}
			yield out;
			return;
		}
		case 'with_entries/1':
			yield* run({ k: 'pipe', a: { k: 'call', name: 'to_entries', args: [] }, b: { k: 'pipe', a: { k: 'call', name: 'map', args }, b: { k: 'call', name: 'from_entries', args: [] } } }, input, env);
			return;
		case 'reverse/0':
			yield typeof input === 'string' ? [...input].reverse().join('') : input === null ? [] : [...iter(input)].reverse();
			return;
		case 'sort/0':
			yield [...sortable(input)].sort(cmp);
			return;
		case 'sort_by/1':
		case 'group_by/1':
		case 'unique_by/1':
		case 'min_by/1':
		case 'max_by/1':
		case 'unique/0':
		case 'min/0':
		case 'max/0': {
			const arr = sortable(input);
			const keys = arr.map((x) => (args.length === 0 ? [x] : [...arg(0, x)]));
			const order = sortKey(arr, keys, cmp);
			const sorted = order.map((i) => arr[i] as J);
			const sortedKeys = order.map((i) => keys[i] as J[]);
			if (name === 'sort_by') yield sorted;
			else if (name === 'min' || name === 'min_by') yield sorted[0] ?? null;
			else if (name === 'max' || name === 'max_by') {
				let best = sorted.length - 1;
				while (best > 0 && cmp(sortedKeys[best - 1] as J, sortedKeys[best] as J) === 0) best--;
				yield sorted.length === 0 ? null : (sorted[name === 'max' ? sorted.length - 1 : best] as J);
			} else {
				const groups: J[][] = [];
				sorted.forEach((x, i) => {
					if (i > 0 && cmp(sortedKeys[i - 1] as J, sortedKeys[i] as J) === 0) (groups[groups.length - 1] as J[]).push(x);
					else groups.push([x]);
				});
				yield name === 'group_by' ? groups : groups.map((g) => g[0] as J);
			}
			return;
		}
		case 'first/0':
			yield* run({ k: 'index', target: { k: 'identity' }, index: { k: 'lit', v: 0 }, opt: false }, input, env);
			return;
		case 'last/0':
			yield* run({ k: 'index', target: { k: 'identity' }, index: { k: 'lit', v: -1 }, opt: false }, input, env);
			return;
		case 'first/1':
			for (const v of arg(0)) {
				yield v;
				return;
			}
			return;
		case 'last/1': {
			let last: J | undefined;
			for (const v of arg(0)) last = v;
			if (last !== undefined) yield last;
			return;
		}
		case 'limit/2':
			for (const n of arg(0)) {
				if (typeof n !== 'number' || n <= 0) continue;
				let k = 0;
				for (const v of arg(1)) {
					yield v;
					if (++k >= n) break;
				}
			}
			return;
		case 'range/1':
		case 'range/2': {
			const [lo, hi] = args.length === 1 ? [0, first(0)] : [first(0), first(1)];
			if (typeof lo !== 'number' || typeof hi !== 'number') throw err('Range bounds must be numeric');
			for (let i = lo; i < hi; i++) {
				if (!env.budget.spend()) return;
				yield i;
			}
			return;
		}
		case 'tojson/0':
			yield dump(input, { indent: 0 });
			return;
		case 'fromjson/0': {
			if (typeof input !== 'string') throw err(`${typeOf(input)} (${brief(input)}) cannot be parsed as JSON`);
			const r = parseStream(input);
			if (r.error !== undefined || r.values.length !== 1) throw err(`${input} (while parsing '${input}')`);
			yield r.values[0] as J;
			return;
		}
		case 'recurse/0':
		case 'recurse/1': {
			const go = function* (v: J, depth: number): Generator<J> {
				if (depth > 512 || !env.budget.spend()) return;
				yield v;
				const children = args.length === 0 ? (Array.isArray(v) ? v : isObject(v) ? [...v.values()] : []) : [...arg(0, v)];
				for (const c of children) yield* go(c, depth + 1);
			};
			yield* go(input, 0);
			return;
		}
		case 'env/0':
			yield env.environ;
			return;
		case 'error/0':
			throw err(input);
		case 'error/1':
			for (const m of arg(0)) throw err(m);
			return;
		case 'arrays/0':
		case 'objects/0':
		case 'booleans/0':
		case 'numbers/0':
		case 'strings/0':
		case 'nulls/0':
			if (`${typeOf(input)}s` === name || (name === 'booleans' && typeof input === 'boolean')) yield input;
			return;
		case 'iterables/0':
			if (Array.isArray(input) || isObject(input)) yield input;
			return;
		case 'scalars/0':
			if (!Array.isArray(input) && !isObject(input)) yield input;
			return;
		case 'infinite/0':
			yield Number.POSITIVE_INFINITY;
			return;
		case 'nan/0':
			yield Number.NaN;
			return;
		case 'debug/0':
		case 'input_filename/0':
			yield name === 'debug' ? input : null;
			return;
		case 'transpose/0': {
			const rows = iter(input).map((r) => (Array.isArray(r) ? r : []));
			const width = Math.max(0, ...rows.map((r) => r.length));
			yield Array.from({ length: width }, (_, i) => rows.map((r) => r[i] ?? null));
			return;
		}
		case 'contains/1':
			for (const b of arg(0)) yield contains(input, b);
			return;
		case 'inside/1':
			for (const b of arg(0)) yield contains(b, input);
			return;
		default:
			yield* callText(name, args, input, env, run);
	}
}

function iter(v: J): J[] {
	if (Array.isArray(v)) return v;
	if (isObject(v)) return [...v.values()];
	throw err(v === null ? 'Cannot iterate over null' : `Cannot iterate over ${typeOf(v)} (${brief(v)})`);
}

function sortable(v: J): J[] {
	if (!Array.isArray(v)) throw err(`${typeOf(v)} (${brief(v)}) cannot be sorted, as it is not an array`);
	return v;
}

function add(a: J, b: J): J {
	if (typeof a === 'number' && typeof b === 'number') return a + b;
	if (typeof a === 'string' && typeof b === 'string') return a + b;
	if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
	if (isObject(a) && isObject(b)) return new Map([...a, ...b]);
	if (b === null) return a;
	throw err(`${typeOf(a)} (${brief(a)}) and ${typeOf(b)} (${brief(b)}) cannot be added`);
}
