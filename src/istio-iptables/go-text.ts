// Go standard-library text that istio-iptables' messages embed: strconv.Quote (%q), the strconv
// and time parse errors pflag wraps, and fmt's %v of a []string. Each function mirrors the Go
// function it is named after, limited to what a learner can trigger from a command line.

import { err, ok, type Result } from './types';

const ESCAPES: Readonly<Record<string, string>> = {
	'\x07': '\\a',
	'\b': '\\b',
	'\f': '\\f',
	'\n': '\\n',
	'\r': '\\r',
	'\t': '\\t',
	'\v': '\\v',
	'\\': '\\\\',
};

function escapeChar(ch: string, quote: string): string {
	if (ch === quote) return `\\${quote}`;
	const named = ESCAPES[ch];
	if (named !== undefined) return named;
	const code = ch.codePointAt(0) ?? 0;
	// strconv.Quote keeps printable runes and hex-escapes the rest (C0 controls and DEL here).
	if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
	return ch;
}

/** strconv.Quote / fmt %q of a string. */
export function goQuote(s: string): string {
	return `"${Array.from(s, (ch) => escapeChar(ch, '"')).join('')}"`;
}

/** fmt %q of a rune, as pflag prints an unknown shorthand letter: 'z'. */
export function goQuoteRune(ch: string): string {
	return `'${escapeChar(ch, "'")}'`;
}

/** fmt %v of a []string: [a b c]; a nil slice prints []. */
export function goStringSlice(values: readonly string[]): string {
	return `[${values.join(' ')}]`;
}

const TRUE_WORDS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE_WORDS = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** strconv.ParseBool. */
export function parseGoBool(s: string): Result<boolean> {
	if (TRUE_WORDS.has(s)) return ok(true);
	if (FALSE_WORDS.has(s)) return ok(false);
	return err(`strconv.ParseBool: parsing ${goQuote(s)}: invalid syntax`);
}

/** Digits allowed after a base prefix, as strconv.ParseUint accepts them. */
function digitsFor(base: number): RegExp {
	if (base === 16) return /^[0-9a-fA-F]+$/;
	if (base === 8) return /^[0-7]+$/;
	if (base === 2) return /^[01]+$/;
	return /^[0-9]+$/;
}

/**
 * strconv.ParseUint(s, base, bits) for base 0 (prefixes 0x, 0o, 0b, leading-0 octal, `_`
 * separators) or 10. On overflow Go returns the maximum value with a range error.
 */
export function parseGoUint(s: string, base: 0 | 10, bits: number): Result<number> {
	const syntax = err<number>(`strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`);
	let body = s;
	let radix = 10;
	if (base === 0) {
		const lower = s.toLowerCase();
		if (lower.startsWith('0x')) [radix, body] = [16, s.slice(2)];
		else if (lower.startsWith('0o')) [radix, body] = [8, s.slice(2)];
		else if (lower.startsWith('0b')) [radix, body] = [2, s.slice(2)];
		else if (s.length > 1 && s.startsWith('0')) [radix, body] = [8, s.slice(1)];
		// Underscores are only legal with base 0, between digits.
		if (body.startsWith('_') || body.endsWith('_') || body.includes('__')) return syntax;
		body = body.replaceAll('_', '');
	}
	if (body === '' || !digitsFor(radix).test(body)) return syntax;
	const value = parseInt(body, radix);
	const max = 2 ** bits - 1;
	if (value > max) return err(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
	return ok(value);
}

const DURATION_UNITS: Readonly<Record<string, number>> = {
	ns: 1,
	us: 1e3,
	'µs': 1e3,
	'μs': 1e3,
	ms: 1e6,
	s: 1e9,
	m: 60e9,
	h: 3600e9,
};

/** time.ParseDuration, returning nanoseconds; error texts as Go words them. */
export function parseGoDuration(s: string): Result<number> {
	const invalid = err<number>(`time: invalid duration ${goQuote(s)}`);
	let rest = s;
	let sign = 1;
	if (rest.startsWith('-') || rest.startsWith('+')) {
		sign = rest.startsWith('-') ? -1 : 1;
		rest = rest.slice(1);
	}
	// "0" is the only unit-less duration Go accepts.
	if (rest === '0') return ok(0);
	if (rest === '') return invalid;
	let total = 0;
	while (rest !== '') {
		const number = /^([0-9]*)(\.([0-9]*))?/.exec(rest);
		const whole = number?.[1] ?? '';
		const frac = number?.[3] ?? '';
		if (whole === '' && frac === '') return invalid;
		rest = rest.slice(number?.[0].length ?? 0);
		const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
		if (unit === '') return err(`time: missing unit in duration ${goQuote(s)}`);
		const scale = DURATION_UNITS[unit];
		if (scale === undefined) return err(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(s)}`);
		rest = rest.slice(unit.length);
		total += parseFloat(`${whole || '0'}.${frac || '0'}`) * scale;
	}
	return ok(sign * total);
}
