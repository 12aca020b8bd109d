// The page's stand-in for zod inside src/envoy (astro.config.mjs resolves `zod` to this module
// for the client build, and only when src/envoy imports it). src/envoy/schema.ts checks the JSON a
// learner's istioctl reads (a pod's /config_dump, or any file given with --file) with a handful of
// zod's schemas; zod itself is ~60 KB gzip, most of it for features those schemas never use. This
// module implements exactly that handful, with zod 4's semantics for JSON input: the same checks
// in the same order, the same first issue (code, path, expected, input) and zod's English message
// for it, the input itself as the parsed data (the schemas transform nothing).
// tests/unit/lab/zod-subset.test.ts loads src/envoy twice, once on zod and once on this, and
// asserts identical results on the recorded dumps and on mutated ones; a schema that starts using
// anything else fails there (and at module load in the page), never silently.

type Key = string | number;

export interface Issue {
	readonly code: 'invalid_type' | 'invalid_union' | 'invalid_format';
	readonly path: Key[];
	readonly input: unknown;
	readonly message: string;
	readonly expected?: string;
	readonly format?: string;
	readonly pattern?: string;
}

/** What a schema left: its issues (none when the value passed), in zod's order. */
type Run = (value: unknown, present: boolean) => Issue[];

/** zod's util.parsedType, for JSON values. */
function parsedType(v: unknown): string {
	if (typeof v === 'number') return Number.isNaN(v) ? 'nan' : 'number';
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'array';
	return typeof v;
}

const typeIssue = (expected: string, input: unknown): Issue => ({
	code: 'invalid_type',
	path: [],
	input,
	expected,
	message: `Invalid input: expected ${expected}, received ${parsedType(input)}`,
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPlain = (v: unknown): boolean => isObject(v) && (Object.getPrototypeOf(v) === Object.prototype || Object.getPrototypeOf(v) === null);
const prefixed = (key: Key, issues: Issue[]): Issue[] => issues.map((i) => ({ ...i, path: [key, ...i.path] }));

export class Schema {
	constructor(
		readonly run: Run,
		/** `.optional()`: an absent key is fine. */
		readonly isOptional = false,
	) {}

	optional(): Schema {
		return new Schema((v, present) => (v === undefined ? [] : this.run(v, present)), true);
	}

	regex(pattern: RegExp): Schema {
		return new Schema((v, present) => {
			const first = this.run(v, present);
			if (first.length > 0) return first;
			pattern.lastIndex = 0;
			if (typeof v === 'string' && pattern.test(v)) return [];
			return [{ code: 'invalid_format', path: [], input: v, format: 'regex', pattern: String(pattern), message: `Invalid string: must match pattern ${String(pattern)}` }];
		});
	}

	safeParse(value: unknown, _opts?: { reportInput?: boolean }): { success: true; data: unknown } | { success: false; error: { issues: Issue[] } } {
		const issues = this.run(value, true);
		return issues.length === 0 ? { success: true, data: value } : { success: false, error: { issues } };
	}
}

const typed = (expected: string, ok: (v: unknown) => boolean): Schema => new Schema((v) => (ok(v) ? [] : [typeIssue(expected, v)]));

export const z = {
	string: (): Schema => typed('string', (v) => typeof v === 'string'),
	number: (): Schema => typed('number', (v) => typeof v === 'number' && Number.isFinite(v)),
	boolean: (): Schema => typed('boolean', (v) => typeof v === 'boolean'),
	unknown: (): Schema => new Schema(() => [], true),
	array: (element: Schema): Schema =>
		new Schema((v) => (Array.isArray(v) ? v.flatMap((item: unknown, i) => prefixed(i, element.run(item, true))) : [typeIssue('array', v)])),
	/** Keys of the shape checked in order; other keys pass untouched (a loose object). */
	looseObject: (shape: Readonly<Record<string, Schema>>): Schema =>
		new Schema((v) => {
			if (!isObject(v)) return [typeIssue('object', v)];
			const issues: Issue[] = [];
			for (const [key, schema] of Object.entries(shape)) {
				const present = key in v;
				const found = schema.run(v[key], present);
				// An absent key of an optional schema adds nothing; a required one says what it expected.
				if (!present && schema.isOptional) continue;
				issues.push(...prefixed(key, found));
			}
			return issues;
		}),
	/** A record of string keys to anything: only its being a plain object is checked. */
	record: (_key: Schema, value: Schema): Schema =>
		new Schema((v) => {
			if (!isPlain(v)) return [typeIssue('record', v)];
			const issues: Issue[] = [];
			for (const [key, x] of Object.entries(v as Record<string, unknown>)) issues.push(...prefixed(key, value.run(x, true)));
			return issues;
		}),
	/**
	 * The first option that passes; else, as zod: if exactly one option failed without a type
	 * mismatch (a regex), its issues; otherwise one invalid_union.
	 */
	union: (options: readonly Schema[]): Schema =>
		new Schema((v, present) => {
			const results: Issue[][] = [];
			for (const option of options) {
				const r = option.run(v, present);
				if (r.length === 0) return [];
				results.push(r);
			}
			const soft = results.filter((r) => r.every((i) => i.code === 'invalid_format'));
			if (soft.length === 1) return soft[0] ?? [];
			return [{ code: 'invalid_union', path: [], input: v, message: 'Invalid input' }];
		}),
};

export default z;
