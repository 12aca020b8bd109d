// Pathname expansion (man bash, "Pathname Expansion") and the patterns of ${var#pattern}.
// Patterns arrive with quoted characters escaped by a backslash, so "*" matches only a star.

import type { VirtualFs } from './fs';
import { bracket } from './text/regex';
import type { Budget } from './types';

/** A glob pattern as a JavaScript regular expression source; `/` is special only for paths. */
export function patternSource(pattern: string, pathname: boolean): string {
	const any = pathname ? '[^/]' : '[\\s\\S]';
	let out = '';
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i] as string;
		if (c === '\\' && i + 1 < pattern.length) out += escape(pattern[++i] as string);
		else if (c === '*') out += `${any}*`;
		else if (c === '?') out += any;
		else if (c === '[') {
			// A glob bracket is a POSIX bracket with `!` for negation and quoting backslashes.
			const end = bracketEnd(pattern, i);
			const posix = end < 0 ? undefined : `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\(.)/g, '$1')}]`;
			const b = posix === undefined ? undefined : bracket(posix, 0);
			if (b === undefined || 'error' in b) out += '\\[';
			else {
				out += b.source;
				i = end;
			}
		} else out += escape(c);
	}
	return out;
}

function bracketEnd(p: string, start: number): number {
	let i = start + 1;
	if (p[i] === '!' || p[i] === '^') i++;
	if (p[i] === ']') i++;
	for (; i < p.length; i++) {
		if (p[i] === '[' && p[i + 1] === ':') {
			const close = p.indexOf(':]', i + 2);
			if (close > 0) i = close + 1;
		} else if (p[i] === ']') return i;
	}
	return -1;
}

function escape(c: string): string {
	return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

export function hasGlob(pattern: string): boolean {
	for (let i = 0; i < pattern.length; i++) {
		const c = pattern[i];
		if (c === '\\') i++;
		else if (c === '*' || c === '?' || (c === '[' && bracketEnd(pattern, i) > 0)) return true;
	}
	return false;
}

const unescape = (s: string): string => s.replace(/\\(.)/g, '$1');
const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Expands a pattern against the filesystem; [] when nothing matches (bash then keeps the word). */
export function expandGlob(pattern: string, cwd: string, fs: VirtualFs, budget: Budget): string[] {
	const absolute = pattern.startsWith('/');
	const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
	let found: string[] = [absolute ? '' : '.'];
	const start = absolute ? 1 : 0;
	for (let i = start; i < segments.length; i++) {
		const seg = segments[i] as string;
		const next: string[] = [];
		for (const base of found) {
			const dir = base === '' ? '/' : base === '.' ? cwd : base.startsWith('/') ? base : `${cwd}/${base}`;
			if (!hasGlob(seg)) {
				const path = base === '.' ? unescape(seg) : `${base}/${unescape(seg)}`;
				const abs = path.startsWith('/') ? path : `${cwd}/${path}`;
				if (i < segments.length - 1 || typeof fs.stat(abs) !== 'string') next.push(path);
				continue;
			}
			if (!budget.spend()) return [];
			const names = fs.list(dir);
			if (typeof names === 'string') continue;
			const re = new RegExp(`^${patternSource(seg, true)}$`);
			for (const name of names) {
				if (name.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue;
				if (re.test(name)) next.push(base === '.' ? name : `${base}/${name}`);
			}
		}
		found = next;
	}
	return found.filter((f) => f !== '.' && f !== '').sort(byteOrder);
}
