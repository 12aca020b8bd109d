// YAML as kubectl prints it (`kubectl get … -o yaml`): kubectl turns the object into JSON and then
// into YAML with sigs.k8s.io/yaml, i.e. go-yaml v2. What that gives, and what this mirrors:
// - mapping keys sorted in byte order (Go sorts map keys);
// - lists not indented under their key (`containers:` then `- name: …` at the same column);
// - a string that would read back as something else (a number, a bool such as `on`, a timestamp,
//   null, the empty string) in double quotes: `"15001"`, `""`, `"2026-11-21T05:40:00Z"`;
// - a string that cannot be plain (starts with `*`, `[`, `{`, `%` …, holds `: ` or ` #`) in
//   single quotes: `'*'`, `'[::]:9080'`;
// - a string with newlines as a literal block: `|` (one trailing newline), `|-` (none);
// - empty mappings and lists as `{}` and `[]`; no line folding.

export type KubeValue = string | number | boolean | null | readonly KubeValue[] | { readonly [key: string]: KubeValue | undefined };

const YAML11_BOOLS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);
const NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const INT = /^[-+]?(0|[1-9][0-9_]*|0[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+)$/;
const FLOAT = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$|^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const TIMESTAMP = /^\d{4}-\d\d?-\d\d?(([Tt]|[ \t]+)\d\d?:\d\d:\d\d(\.\d*)?([ \t]*(Z|[-+]\d\d?(:\d\d)?))?)?$/;

/** go-yaml v2's resolve(): does this plain text read back as something other than a string? */
function resolvesToNonString(s: string): boolean {
	return NULLS.has(s) || YAML11_BOOLS.has(s) || INT.test(s) || FLOAT.test(s) || BASE60.test(s) || TIMESTAMP.test(s);
}

/** The emitter's analyze_scalar, for block context: may the text be written plain? */
function plainAllowed(s: string): boolean {
	if (s === '' || /^\s|\s$/.test(s)) return false;
	const first = s[0] ?? '';
	if ('#,[]{}&*!|>\'"%@`'.includes(first)) return false;
	// `-`, `?` and `:` start a plain scalar only when followed by a non-space character.
	if ('-?:'.includes(first) && (s.length === 1 || s[1] === ' ')) return false;
	if (s.includes(': ') || s.includes(' #') || s.endsWith(':')) return false;
	// Control characters and the like need double quotes.
	return !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s);
}

function doubleQuoted(s: string): string {
	return JSON.stringify(s);
}

function scalar(v: string | number | boolean | null): string {
	if (v === null) return 'null';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	if (typeof v === 'number') return String(v);
	if (resolvesToNonString(v)) return doubleQuoted(v);
	if (plainAllowed(v)) return v;
	if (/[\u0000-\u0008\u000b-\u001f\u007f\t]/.test(v)) return doubleQuoted(v);
	return `'${v.replaceAll("'", "''")}'`;
}

const isMapping = (v: KubeValue): v is { readonly [key: string]: KubeValue | undefined } => v !== null && typeof v === 'object' && !Array.isArray(v);

function entries(m: { readonly [key: string]: KubeValue | undefined }): [string, KubeValue][] {
	return Object.keys(m)
		.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
		.flatMap((k) => {
			const v = m[k];
			return v === undefined ? [] : [[k, v] as [string, KubeValue]];
		});
}

/** `key: value` or `key:` + nested lines, at `indent` spaces. */
function emitPair(key: string, v: KubeValue, indent: number, out: string[], firstPrefix: string): void {
	const pad = firstPrefix === '' ? ' '.repeat(indent) : firstPrefix;
	const k = scalar(key);
	if (typeof v === 'string' && v.includes('\n')) {
		const chomp = v.endsWith('\n') ? (v.endsWith('\n\n') ? '+' : '') : '-';
		out.push(`${pad}${k}: |${chomp}`);
		const body = v.endsWith('\n') ? v.slice(0, -1) : v;
		for (const line of body.split('\n')) out.push(line === '' ? '' : `${' '.repeat(indent + 2)}${line}`);
		return;
	}
	if (Array.isArray(v)) {
		if (v.length === 0) out.push(`${pad}${k}: []`);
		else {
			out.push(`${pad}${k}:`);
			emitList(v, indent, out);
		}
		return;
	}
	if (isMapping(v)) {
		const es = entries(v);
		if (es.length === 0) out.push(`${pad}${k}: {}`);
		else {
			out.push(`${pad}${k}:`);
			emitMap(es, indent + 2, out, '');
		}
		return;
	}
	out.push(`${pad}${k}: ${scalar(v as string | number | boolean | null)}`);
}

function emitMap(es: readonly [string, KubeValue][], indent: number, out: string[], firstPrefix: string): void {
	es.forEach(([k, v], i) => emitPair(k, v, indent, out, i === 0 ? firstPrefix : ''));
}

function emitList(items: readonly KubeValue[], indent: number, out: string[]): void {
	const dash = `${' '.repeat(indent)}- `;
	for (const item of items) {
		if (isMapping(item)) {
			const es = entries(item);
			if (es.length === 0) out.push(`${dash}{}`);
			else emitMap(es, indent + 2, out, dash);
		} else if (Array.isArray(item)) {
			if (item.length === 0) out.push(`${dash}[]`);
			else {
				// go-yaml writes a nested list's first item on the dash's line.
				const nested: string[] = [];
				emitList(item, indent + 2, nested);
				out.push(`${dash}${(nested[0] ?? '').trimStart()}`, ...nested.slice(1));
			}
		} else if (typeof item === 'string' && item.includes('\n')) {
			const chomp = item.endsWith('\n') ? '' : '-';
			out.push(`${dash}|${chomp}`);
			for (const line of (item.endsWith('\n') ? item.slice(0, -1) : item).split('\n')) out.push(`${' '.repeat(indent + 2)}${line}`);
		} else out.push(`${dash}${scalar(item as string | number | boolean | null)}`);
	}
}

/** A Kubernetes object as `kubectl get -o yaml` prints it, ending with a newline. */
export function kubeYaml(obj: KubeValue): string {
	const out: string[] = [];
	if (isMapping(obj)) emitMap(entries(obj), 0, out, '');
	else if (Array.isArray(obj)) emitList(obj, 0, out);
	else out.push(scalar(obj as string | number | boolean | null));
	return `${out.join('\n')}\n`;
}
