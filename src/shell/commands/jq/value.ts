// Values shared by the evaluator and the builtins: jq's error, its order of values, and the
// short form of a value inside an error message.

import { dump, isObject, type J, typeOf } from './json';

export class JqError {
	constructor(readonly value: J) {}
}

export const fail = (msg: string): JqError => new JqError(msg);

/** A value in an error message: its compact JSON, cut to 11 characters and "..." (jq 1.6). */
export function brief(v: J): string {
	const d = dump(v, { indent: 0 });
	return d.length > 14 ? `${d.slice(0, 11)}...` : d;
}

export const truthy = (v: J): boolean => v !== null && v !== false;

const ORDER = ['null', 'boolean', 'number', 'string', 'array', 'object'];

/** jq's total order: null < false < true < numbers < strings < arrays < objects. */
export function compareJ(a: J, b: J): number {
	const ta = typeOf(a);
	const tb = typeOf(b);
	if (ta !== tb) return ORDER.indexOf(ta) - ORDER.indexOf(tb);
	if (typeof a === 'boolean') return Number(a) - Number(b as boolean);
	if (typeof a === 'number') return a < (b as number) ? -1 : a > (b as number) ? 1 : 0;
	if (typeof a === 'string') return a < (b as string) ? -1 : a > (b as string) ? 1 : 0;
	if (Array.isArray(a)) {
		const bb = b as J[];
		for (let i = 0; i < Math.min(a.length, bb.length); i++) {
			const c = compareJ(a[i] as J, bb[i] as J);
			if (c !== 0) return c;
		}
		return a.length - bb.length;
	}
	if (isObject(a) && isObject(b)) {
		const ka = [...a.keys()].sort();
		const kb = [...b.keys()].sort();
		const c = compareJ(ka, kb);
		if (c !== 0) return c;
		for (const k of ka) {
			const d = compareJ(a.get(k) as J, b.get(k) as J);
			if (d !== 0) return d;
		}
	}
	return 0;
}

