// JSON values as jq 1.6 holds them (objects keep insertion order, so they are Maps), a reader for
// a stream of concatenated texts with jq 1.6's parse error messages, and jq's printer.

export type J = null | boolean | number | string | J[] | JObject;
export type JObject = Map<string, J>;

export const isObject = (v: J): v is JObject => v instanceof Map;

export function typeOf(v: J): string {
	if (v === null) return 'null';
	if (typeof v === 'boolean') return 'boolean';
	if (typeof v === 'number') return 'number';
	if (typeof v === 'string') return 'string';
	return Array.isArray(v) ? 'array' : 'object';
}

/** Numbers as jq 1.6 prints them: shortest digits, exponent form outside 1e-4 .. 1e(digits+15). */
export function formatNumber(n: number): string {
	if (Number.isNaN(n)) return 'null';
	if (!Number.isFinite(n)) return n > 0 ? '1.7976931348623157e+308' : '-1.7976931348623157e+308';
	if (Object.is(n, -0)) return '-0';
	const [mant, expStr] = Math.abs(n).toExponential().split('e') as [string, string];
	const digits = mant.replace('.', '');
	const decpt = Number(expStr) + 1;
	const sign = n < 0 ? '-' : '';
	if (decpt <= -4 || decpt > digits.length + 15) {
		const e = decpt - 1;
		return `${sign}${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
	}
	if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
	if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}`;
	return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

export function quote(s: string): string {
	let out = '"';
	for (const c of s) {
		const code = c.codePointAt(0) as number;
		if (c === '"') out += '\\"';
		else if (c === '\\') out += '\\\\';
		else if (c === '\n') out += '\\n';
		else if (c === '\t') out += '\\t';
		else if (c === '\r') out += '\\r';
		else if (c === '\b') out += '\\b';
		else if (c === '\f') out += '\\f';
		else if (code < 0x20 || code === 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
		else out += c;
	}
	return `${out}"`;
}

export interface DumpOptions {
	readonly indent: number;
	readonly sortKeys?: boolean;
}

/** jq's printer: `indent` 0 is -c; 2 is the default. */
export function dump(v: J, opts: DumpOptions, level = 0): string {
	if (v === null) return 'null';
	if (typeof v === 'boolean') return String(v);
	if (typeof v === 'number') return formatNumber(v);
	if (typeof v === 'string') return quote(v);
	const pad = opts.indent > 0 ? `\n${' '.repeat(opts.indent * (level + 1))}` : '';
	const end = opts.indent > 0 ? `\n${' '.repeat(opts.indent * level)}` : '';
	if (Array.isArray(v)) {
		if (v.length === 0) return '[]';
		return `[${v.map((x) => pad + dump(x, opts, level + 1)).join(',')}${end}]`;
	}
	if (v.size === 0) return '{}';
	const keys = opts.sortKeys ? [...v.keys()].sort() : [...v.keys()];
	const sep = opts.indent > 0 ? ': ' : ':';
	return `{${keys.map((k) => `${pad}${quote(k)}${sep}${dump(v.get(k) as J, opts, level + 1)}`).join(',')}${end}}`;
}

export class JsonError {
	constructor(readonly message: string) {}
}

/** Reads every JSON text of an input, one after another, as jq does with its input files. */
export function parseStream(text: string, maxDepth = 512): { values: J[]; error?: string } {
	const values: J[] = [];
	let i = 0;
	const where = (): string => {
		const before = text.slice(0, i);
		const line = before.split('\n').length;
		const col = i - (before.lastIndexOf('\n') + 1);
		return `at line ${line}, column ${col}`;
	};
	const ws = (): void => {
		while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
	};
	const fail = (msg: string): JsonError => new JsonError(`parse error: ${msg} ${where()}`);
	const literalEnd = (): void => {
		while (i < text.length && !' \t\n\r[]{},:"'.includes(text[i] as string)) i++;
	};
	const value = (depth: number): J => {
		if (depth > maxDepth) throw fail('Exceeds depth limit for parsing');
		ws();
		const c = text[i];
		if (c === undefined) throw fail('Unfinished JSON term at EOF');
		if (c === '{') {
			i++;
			const obj: JObject = new Map();
			ws();
			if (text[i] === '}') {
				i++;
				return obj;
			}
			for (;;) {
				ws();
				if (text[i] !== '"') {
					if (text[i] === undefined) throw fail('Unfinished JSON term at EOF');
					if (text[i] === '}') throw fail('Expected another key-value pair');
					const start = i;
					literalEnd();
					const word = text.slice(start, i);
					if (i < text.length) i++;
					throw fail(/^(true|false|null|-?\d[\d.eE+-]*)$/.test(word) ? 'Object keys must be strings' : 'Invalid numeric literal');
				}
				const k = str();
				ws();
				if (text[i] !== ':') throw text[i] === undefined ? fail('Unfinished JSON term at EOF') : (i++, fail('Objects must consist of key:value pairs'));
				i++;
				obj.set(k, value(depth + 1));
				ws();
				if (text[i] === ',') {
					i++;
					ws();
					if (text[i] === '}') {
						i++;
						throw fail('Expected another key-value pair');
					}
					continue;
				}
				if (text[i] === '}') {
					i++;
					return obj;
				}
				if (text[i] === undefined) throw fail('Unfinished JSON term at EOF');
				i++;
				throw fail('Expected separator between values');
			}
		}
		if (c === '[') {
			i++;
			const arr: J[] = [];
			ws();
			if (text[i] === ']') {
				i++;
				return arr;
			}
			for (;;) {
				arr.push(value(depth + 1));
				ws();
				if (text[i] === ',') {
					i++;
					continue;
				}
				if (text[i] === ']') {
					i++;
					return arr;
				}
				if (text[i] === undefined) throw fail('Unfinished JSON term at EOF');
				literalEnd();
				i++;
				throw fail('Expected separator between values');
			}
		}
		if (c === '"') return str();
		if (c === ']' || c === '}') {
			i++;
			throw fail(`Unmatched '${c}'`);
		}
		const start = i;
		literalEnd();
		const word = text.slice(start, i);
		if (word === 'true') return true;
		if (word === 'false') return false;
		if (word === 'null') return null;
		if (/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(word)) return Number(word);
		if (i >= text.length) throw fail('Unfinished JSON term at EOF');
		if (text[i] === '\n') i++;
		throw fail('Invalid numeric literal');
	};
	const str = (): string => {
		i++;
		let s = '';
		for (;;) {
			const c = text[i];
			if (c === undefined) throw fail('Unfinished string at EOF');
			i++;
			if (c === '"') return s;
			if (c !== '\\') {
				s += c;
				continue;
			}
			const e = text[i++];
			if (e === 'u') {
				const hex = text.slice(i, i + 4);
				if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw fail('Invalid escape');
				s += String.fromCharCode(parseInt(hex, 16));
				i += 4;
			} else {
				const m: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '/': '/', '\\': '\\', '"': '"' };
				const r = e === undefined ? undefined : m[e];
				if (r === undefined) throw fail('Invalid escape');
				s += r;
			}
		}
	};
	try {
		for (;;) {
			ws();
			if (i >= text.length) break;
			values.push(value(0));
		}
		return { values };
	} catch (e) {
		if (e instanceof JsonError) return { values, error: e.message };
		throw e;
	}
}
