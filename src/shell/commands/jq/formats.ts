// jq's @formats (@csv, @tsv, @sh, @json, @text, @html, @uri, @base64, @base64d), as jq 1.6 writes
// them. Base64 is done by hand: the simulator imports nothing platform-specific.

import { dump, isObject, type J, typeOf } from './json';
import { brief, JqError } from './value';

const err = (value: J): JqError => new JqError(value);
export const tostring = (v: J): string => (typeof v === 'string' ? v : dump(v, { indent: 0 }));

const FORMATS = new Set(['text', 'json', 'csv', 'tsv', 'html', 'uri', 'sh', 'base64', 'base64d']);
export const isFormat = (name: string): boolean => FORMATS.has(name);

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function base64(s: string): string {
	const bytes = new TextEncoder().encode(s);
	let out = '';
	for (let i = 0; i < bytes.length; i += 3) {
		const n = ((bytes[i] ?? 0) << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
		out += B64[(n >> 18) & 63] + (B64[(n >> 12) & 63] as string) + (i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=') + (i + 2 < bytes.length ? B64[n & 63] : '=');
	}
	return out;
}

function base64d(s: string): string {
	const clean = s.replace(/[^A-Za-z0-9+/]/g, '');
	const bytes: number[] = [];
	for (let i = 0; i < clean.length; i += 4) {
		const n = [0, 1, 2, 3].reduce((acc, k) => (acc << 6) | Math.max(0, B64.indexOf(clean[i + k] ?? 'A')), 0);
		bytes.push((n >> 16) & 255);
		if (i + 2 < clean.length) bytes.push((n >> 8) & 255);
		if (i + 3 < clean.length) bytes.push(n & 255);
	}
	return new TextDecoder().decode(new Uint8Array(bytes));
}

export function format(name: string, v: J): string {
	switch (name) {
		case 'text':
			return tostring(v);
		case 'json':
			return dump(v, { indent: 0 });
		case 'html':
			return tostring(v).replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&#39;', '"': '&quot;' })[c] as string);
		case 'uri':
			return [...new TextEncoder().encode(tostring(v))].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
		case 'base64':
			return base64(tostring(v));
		case 'base64d':
			return base64d(tostring(v));
		case 'sh': {
			const one = (x: J): string => {
				if (isObject(x) || Array.isArray(x)) throw err(`${typeOf(x)} (${brief(x)}) can not be escaped for shell`);
				return typeof x === 'string' ? `'${x.replace(/'/g, "'\\''")}'` : dump(x, { indent: 0 });
			};
			return Array.isArray(v) ? v.map(one).join(' ') : one(v);
		}
		default: {
			if (!Array.isArray(v)) throw err(`${typeOf(v)} (${brief(v)}) cannot be ${name}-formatted, only an array can be`);
			const cell = (x: J): string => {
				if (x === null) return '';
				if (typeof x === 'boolean' || typeof x === 'number') return dump(x, { indent: 0 });
				if (typeof x === 'string') return name === 'csv' ? `"${x.replace(/"/g, '""')}"` : x.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c] as string);
				throw err(`${typeOf(x)} (${brief(x)}) is not valid in a csv row`);
			};
			return v.map(cell).join(name === 'csv' ? ',' : '\t');
		}
	}
}

