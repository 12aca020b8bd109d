// Word expansion in bash's order (man bash, EXPANSION): tilde, parameters, command substitution
// and arithmetic, then field splitting of the unquoted results, pathname expansion, quote removal.
// Command substitution runs commands, so expansion is a generator like the interpreter.

import { evaluateArith } from './arith';
import { expandGlob, hasGlob, patternSource } from './glob';
import type { Budget, List, Word, WordPart } from './types';
import type { VirtualFs } from './fs';

/** What the driver hands a waiting line: simulated time, Ctrl-C, or a signal sent to its job. */
export type Grant = { readonly ms: number } | { readonly interrupt: true } | { readonly signal: 'TERM' | 'HUP' };
/** A computation that may wait for simulated time (a long-running command). */
export type Run<T> = Generator<void, T, Grant>;

/** An expansion error, worded as bash after its `bash: ` prefix. */
export type Expanded<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export interface ExpandScope {
	lookup(name: string): string | undefined;
	assign(name: string, value: string): void;
	readonly cwd: string;
	readonly fs: VirtualFs;
	readonly budget: Budget;
	readonly maxFields: number;
	/** Runs `$(...)` and returns what it printed on stdout. */
	substitute(body: List): Run<string>;
}

/** Expanded text with where it came from: quoted text is never split nor globbed. */
interface Seg {
	readonly text: string;
	readonly quoted: boolean;
	/** Unquoted results of expansions are split on $IFS; literal text never is. */
	readonly split: boolean;
}

const GLOB_CHARS = new Set(['*', '?', '[', '\\']);
const ok = <T>(value: T): Expanded<T> => ({ ok: true, value });

function* segments(word: Word, scope: ExpandScope): Run<Expanded<Seg[]>> {
	const segs: Seg[] = [];
	for (const [i, part] of word.parts.entries()) {
		if (part.kind === 'literal') {
			const text = i === 0 && !part.quoted ? tilde(part.text, scope) : part.text;
			segs.push({ text, quoted: part.quoted, split: false });
			continue;
		}
		const v = yield* partValue(part, scope);
		if (!v.ok) return v;
		segs.push({ text: v.value, quoted: part.quoted, split: !part.quoted });
	}
	return ok(segs);
}

function tilde(text: string, scope: ExpandScope): string {
	if (text !== '~' && !text.startsWith('~/')) return text;
	return (scope.lookup('HOME') ?? '/') + text.slice(1);
}

function* partValue(part: Exclude<WordPart, { kind: 'literal' }>, scope: ExpandScope): Run<Expanded<string>> {
	if (!scope.budget.spend()) return ok('');
	if (part.kind === 'subst') return ok((yield* scope.substitute(part.body)).replace(/\n+$/, ''));
	if (part.kind === 'arith') {
		// Parameters inside $(( )) expand first, as text; bare names are read by the evaluator.
		const expr = part.expr.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])\}?/g, (_, n: string) => scope.lookup(n) ?? '');
		const r = evaluateArith(expr, (n) => scope.lookup(n));
		return r.ok ? ok(r.value.toString()) : r;
	}
	return yield* paramValue(part, scope);
}

function* paramValue(part: Extract<WordPart, { kind: 'param' }>, scope: ExpandScope): Run<Expanded<string>> {
	const { name, op } = part;
	if (op === 'bad') return { ok: false, error: `${name}: bad substitution` };
	const value = scope.lookup(name);
	if (op === undefined) return ok(value ?? '');
	if (op === 'length') return ok(String([...(value ?? '')].length));
	const arg = (): Run<Expanded<string>> => (part.arg === undefined ? (function* () { return ok(''); })() : expandSingle(part.arg, scope));
	const unsetOrNull = value === undefined || (op.startsWith(':') && value === '');
	switch (op) {
		case ':-':
		case '-':
			return unsetOrNull ? yield* arg() : ok(value ?? '');
		case ':=':
		case '=': {
			if (!unsetOrNull) return ok(value ?? '');
			const a = yield* arg();
			if (a.ok) scope.assign(name, a.value);
			return a;
		}
		case ':+':
		case '+':
			return unsetOrNull ? ok('') : yield* arg();
		case ':?':
		case '?': {
			if (!unsetOrNull) return ok(value ?? '');
			const a = yield* arg();
			if (!a.ok) return a;
			return { ok: false, error: `${name}: ${a.value === '' ? 'parameter null or not set' : a.value}` };
		}
		default: {
			const pat = part.arg === undefined ? ok('') : yield* expandPattern(part.arg, scope);
			if (!pat.ok) return pat;
			const v = value ?? '';
			const src = patternSource(pat.value, false);
			if (op === '#' || op === '##') return ok(trimPrefix(v, src, op === '##'));
			if (op === '%' || op === '%%') return ok(trimSuffix(v, src, op === '%%'));
			const repl = part.repl === undefined ? ok('') : yield* expandSingle(part.repl, scope);
			if (!repl.ok) return repl;
			if (pat.value === '') return ok(v);
			const re = new RegExp(src, op === '//' ? 'g' : '');
			return ok(v.replace(re, () => repl.value));
		}
	}
}

function trimPrefix(v: string, src: string, longest: boolean): string {
	const re = new RegExp(`^(?:${src})$`);
	if (longest) {
		for (let i = v.length; i >= 0; i--) if (re.test(v.slice(0, i))) return v.slice(i);
	} else for (let i = 0; i <= v.length; i++) if (re.test(v.slice(0, i))) return v.slice(i);
	return v;
}

function trimSuffix(v: string, src: string, longest: boolean): string {
	const re = new RegExp(`^(?:${src})$`);
	if (longest) {
		for (let i = 0; i <= v.length; i++) if (re.test(v.slice(i))) return v.slice(0, i);
	} else for (let i = v.length; i >= 0; i--) if (re.test(v.slice(i))) return v.slice(0, i);
	return v;
}

/** A word as a glob pattern: quoted characters are escaped so they match themselves. */
function* expandPattern(word: Word, scope: ExpandScope): Run<Expanded<string>> {
	const s = yield* segments(word, scope);
	if (!s.ok) return s;
	return ok(s.value.map((seg) => (seg.quoted ? escapeGlob(seg.text) : seg.text)).join(''));
}

const escapeGlob = (t: string): string => [...t].map((c) => (GLOB_CHARS.has(c) ? `\\${c}` : c)).join('');

/** Expansion without splitting or globbing: assignment values, `${x:-word}`, here-strings. */
export function* expandSingle(word: Word, scope: ExpandScope): Run<Expanded<string>> {
	const s = yield* segments(word, scope);
	if (!s.ok) return s;
	return ok(s.value.map((seg) => seg.text).join(''));
}

interface Field {
	text: string;
	pattern: string;
	glob: boolean;
}

/** Full expansion of command words into fields (argv). */
export function* expandFields(words: readonly Word[], scope: ExpandScope): Run<Expanded<string[]>> {
	const out: string[] = [];
	const ifs = scope.lookup('IFS') ?? ' \t\n';
	for (const word of words) {
		const s = yield* segments(word, scope);
		if (!s.ok) return s;
		for (const f of split(s.value, ifs)) {
			const matches = f.glob && hasGlob(f.pattern) ? expandGlob(f.pattern, scope.cwd, scope.fs, scope.budget) : [];
			if (matches.length > 0) out.push(...matches);
			else out.push(f.text);
			if (out.length > scope.maxFields) return { ok: false, error: `argument list too long` };
		}
	}
	return ok(out);
}

function split(segs: readonly Seg[], ifs: string): Field[] {
	const fields: Field[] = [];
	let cur: Field | undefined;
	const start = (): Field => (cur ??= { text: '', pattern: '', glob: false });
	for (const seg of segs) {
		if (seg.quoted && seg.text === '') start();
		for (const c of seg.text) {
			if (seg.split && ifs.includes(c)) {
				if (cur !== undefined) fields.push(cur);
				else if (!' \t\n'.includes(c)) fields.push({ text: '', pattern: '', glob: false });
				cur = undefined;
				continue;
			}
			const f = start();
			f.text += c;
			if (seg.quoted) f.pattern += GLOB_CHARS.has(c) ? `\\${c}` : c;
			else {
				f.pattern += c;
				if (c === '*' || c === '?' || c === '[') f.glob = true;
			}
		}
	}
	if (cur !== undefined) fields.push(cur);
	return fields;
}
