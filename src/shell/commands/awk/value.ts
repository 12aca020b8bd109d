// awk values: numbers, strings, and "strnums" (input fields that look like numbers compare as
// numbers). Conversions follow mawk 1.3.4: integers within 32 bits print as integers, other
// numbers through CONVFMT/OFMT ("%.6g").

export class StrNum {
	constructor(
		readonly s: string,
		readonly n: number,
		readonly numeric: boolean,
	) {}
}

export type Val = number | string | StrNum;

export const UNINIT = new StrNum('', 0, true);

const NUMERIC = /^[ \t\n]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[ \t\n]*$/;
const PREFIX = /^[ \t\n]*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

/** strtod: the longest numeric prefix, 0 if none. */
export function numPrefix(s: string): number {
	const m = PREFIX.exec(s);
	return m === null ? 0 : Number(m[0]);
}

export function strnum(s: string): StrNum {
	return new StrNum(s, numPrefix(s), NUMERIC.test(s));
}

export function toNum(v: Val): number {
	return typeof v === 'number' ? v : typeof v === 'string' ? numPrefix(v) : v.n;
}

export function numToStr(n: number, fmt: string): string {
	if (Number.isNaN(n)) return n < 0 ? '-nan' : 'nan';
	if (!Number.isFinite(n)) return n < 0 ? '-inf' : 'inf';
	if (Number.isInteger(n) && Math.abs(n) < 2 ** 31) return Object.is(n, -0) ? '-0' : String(n);
	return format(fmt, [n]);
}

export function toStr(v: Val, fmt = '%.6g'): string {
	return typeof v === 'number' ? numToStr(v, fmt) : typeof v === 'string' ? v : v.s;
}

export function truthy(v: Val): boolean {
	if (typeof v === 'number') return v !== 0;
	if (typeof v === 'string') return v !== '';
	return v.numeric ? v.n !== 0 : v.s !== '';
}

const isNumeric = (v: Val): boolean => typeof v === 'number' || (v instanceof StrNum && v.numeric);

export function compare(a: Val, b: Val): number {
	if (isNumeric(a) && isNumeric(b)) {
		const x = toNum(a);
		const y = toNum(b);
		return x < y ? -1 : x > y ? 1 : 0;
	}
	const x = toStr(a);
	const y = toStr(b);
	return x < y ? -1 : x > y ? 1 : 0;
}

function cExp(v: number, prec: number, upper: boolean): string {
	const s = v.toExponential(Math.min(prec, 100)).replace(/e([+-])(\d)$/, 'e$10$2');
	return upper ? s.toUpperCase() : s;
}

function cGeneral(v: number, prec: number, alt: boolean, upper: boolean): string {
	const p = prec === 0 ? 1 : Math.min(prec, 100);
	if (v === 0) return '0';
	if (!Number.isFinite(v)) return numToStr(v, '%.6g');
	const exp = Number(v.toExponential(p - 1).split('e')[1]);
	let s = exp < -4 || exp >= p ? cExp(v, p - 1, upper) : v.toFixed(Math.max(0, p - 1 - exp));
	if (!alt && s.includes('.')) s = s.replace(/0+(?=$|e|E)/, '').replace(/\.(?=$|e|E)/, '');
	return s;
}

/** C printf over awk values (printf, sprintf, OFMT). */
export function format(fmt: string, args: readonly Val[]): string {
	let out = '';
	let ai = 0;
	const next = (): Val => args[ai++] ?? UNINIT;
	for (let i = 0; i < fmt.length; i++) {
		const c = fmt[i] as string;
		if (c !== '%') {
			out += c;
			continue;
		}
		const m = /^([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([cdiouxXeEfFgGs%])/.exec(fmt.slice(i + 1));
		if (m === null) {
			out += c;
			continue;
		}
		i += m[0].length;
		const conv = m[4] as string;
		if (conv === '%') {
			out += '%';
			continue;
		}
		const flags = m[1] ?? '';
		let width = m[2] === '*' ? Math.trunc(toNum(next())) : Number(m[2] ?? 0);
		const precision = m[3] === undefined ? undefined : m[3] === '*' ? Math.trunc(toNum(next())) : Number(m[3] || 0);
		let left = flags.includes('-');
		if (width < 0) {
			left = true;
			width = -width;
		}
		const v = next();
		let s: string;
		if (conv === 's') {
			s = toStr(v);
			if (precision !== undefined) s = s.slice(0, precision);
		} else if (conv === 'c') s = typeof v === 'number' ? String.fromCharCode(toNum(v) & 0xffff) : toStr(v).slice(0, 1);
		else if ('diouxX'.includes(conv)) {
			const n = Math.trunc(toNum(v));
			const neg = n < 0 && (conv === 'd' || conv === 'i');
			let digits = conv === 'o' ? (n >>> 0).toString(8) : conv === 'x' ? (n < 0 ? n >>> 0 : n).toString(16) : conv === 'X' ? (n < 0 ? n >>> 0 : n).toString(16).toUpperCase() : conv === 'u' && n < 0 ? String(n >>> 0) : String(Math.abs(n));
			if (!Number.isFinite(n)) digits = String(Math.abs(n));
			if (precision !== undefined) digits = digits.padStart(precision, '0');
			s = (neg ? '-' : flags.includes('+') && (conv === 'd' || conv === 'i') ? '+' : flags.includes(' ') && (conv === 'd' || conv === 'i') ? ' ' : '') + digits;
		} else {
			const n = toNum(v);
			const prec = precision ?? 6;
			s = conv === 'f' || conv === 'F' ? (Number.isFinite(n) ? n.toFixed(Math.min(prec, 100)) : numToStr(n, '')) : conv === 'e' || conv === 'E' ? cExp(n, prec, conv === 'E') : cGeneral(n, prec, flags.includes('#'), conv === 'G');
			if (n >= 0 && !s.startsWith('-')) s = (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + s;
		}
		if (s.length < width) {
			if (left) s = s.padEnd(width);
			else if (flags.includes('0') && conv !== 's' && conv !== 'c') {
				const sign = /^[+\- ]/.test(s) ? (s[0] as string) : '';
				s = sign + s.slice(sign.length).padStart(width - sign.length, '0');
			} else s = s.padStart(width);
		}
		out += s;
	}
	return out;
}
