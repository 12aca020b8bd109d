// YAML as istioctl prints `-o yaml`: its JSON converted by sigs.k8s.io/yaml, i.e. go-yaml v2's
// encoder over the decoded JSON. What that means for the text:
// - mapping keys are sorted with go-yaml's key order (non-letters before letters, runs of
//   digits compared as numbers, otherwise by code point): `'@type'` first, `B` before `a`;
// - sequences inside a mapping are not indented (`key:` then `- item` at the same column);
// - a string that would read back as something else (`"1605"`, a timestamp, `true`, `""`) is
//   double-quoted; one that cannot be plain (`@type`, `a: b`, leading space) is single-quoted;
// - empty mappings and sequences are `{}` and `[]`; lines are folded at spaces past column 80.
// Rules from go-yaml v2 (encode.go, resolve.go, sorter.go) and libyaml's emitter (analyze_scalar).

import type { Json, JsonObject } from '../../envoy/json';

const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isDigit = (c: string): boolean => c >= '0' && c <= '9';

/** go-yaml v2's keyList.Less for two string keys. */
export function yamlKeyLess(a: string, b: string): boolean {
	const ar = [...a];
	const br = [...b];
	for (let i = 0; i < ar.length && i < br.length; i++) {
		const ca = ar[i] as string;
		const cb = br[i] as string;
		if (ca === cb) continue;
		const al = isLetter(ca);
		const bl = isLetter(cb);
		if (al && bl) return (ca.codePointAt(0) as number) < (cb.codePointAt(0) as number);
		if (al || bl) return bl;
		let an = 0;
		let bn = 0;
		if (ca === '0' || cb === '0') {
			for (let j = i - 1; j >= 0 && isDigit(ar[j] as string); j--) {
				if (ar[j] !== '0') {
					an = 1;
					bn = 1;
					break;
				}
			}
		}
		let ai = i;
		let bi = i;
		for (; ai < ar.length && isDigit(ar[ai] as string); ai++) an = an * 10 + Number(ar[ai]);
		for (; bi < br.length && isDigit(br[bi] as string); bi++) bn = bn * 10 + Number(br[bi]);
		if (an !== bn) return an < bn;
		if (ai !== bi) return ai < bi;
		return (ca.codePointAt(0) as number) < (cb.codePointAt(0) as number);
	}
	return ar.length < br.length;
}

const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const BASE60 = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const SPECIAL = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON', 'n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF', '', '~', 'null', 'Null', 'NULL', '.nan', '.NaN', '.NAN', '.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF', '-.inf', '-.Inf', '-.INF', '<<']);

/** Whether Go's time.Parse accepts `s` in one of go-yaml's timestamp layouts (resolve.go). */
const TIMESTAMPS = [
	/^\d{4}-\d{1,2}-\d{1,2}[Tt]\d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/,
	/^\d{4}-\d{1,2}-\d{1,2} \d{1,2}:\d{1,2}:\d{1,2}(?:\.\d+)?$/,
	/^\d{4}-\d{1,2}-\d{1,2}$/,
];
const isTimestamp = (s: string): boolean => TIMESTAMPS.some((r) => r.test(s));

/** Whether a plain scalar with this text would read back as a string (go-yaml's resolve). */
function resolvesToString(s: string): boolean {
	if (SPECIAL.has(s)) return false;
	const c = s[0] ?? '';
	if (c === '.') return !FLOAT.test(s);
	if (!(isDigit(c) || c === '-' || c === '+')) return true;
	if (isDigit(c) && isTimestamp(s)) return false;
	const plain = s.replace(/_/g, '');
	if (/^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|\d+)$/.test(plain)) return false;
	if (FLOAT.test(plain)) return false;
	return true;
}

const printable = (cp: number): boolean => cp === 0x0a || (cp >= 0x20 && cp <= 0x7e) || cp === 0x85 || (cp >= 0xa0 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) || cp >= 0x10000;

interface Analysis {
	readonly blockPlain: boolean;
	readonly singleQuoted: boolean;
	readonly multiline: boolean;
}

/** libyaml's yaml_emitter_analyze_scalar, for block context. */
function analyze(value: string): Analysis {
	if (value === '') return { blockPlain: false, singleQuoted: true, multiline: false };
	const chars = [...value];
	let blockIndicators = value.startsWith('---') || value.startsWith('...');
	let flowIndicators = blockIndicators;
	let special = false;
	let lineBreaks = false;
	let leadingSpace = false;
	let leadingBreak = false;
	let trailingSpace = false;
	let trailingBreak = false;
	let breakSpace = false;
	let spaceBreak = false;
	let prevSpace = false;
	let prevBreak = false;
	let precededByWs = true;
	const blank = (i: number): boolean => i >= chars.length || chars[i] === ' ' || chars[i] === '\t' || chars[i] === '\n' || chars[i] === '\r';
	for (let i = 0; i < chars.length; i++) {
		const c = chars[i] as string;
		const followedByWs = blank(i + 1);
		if (i === 0) {
			if ('#,[]{}&*!|>\'"%@`'.includes(c)) flowIndicators = blockIndicators = true;
			if (c === '?' || c === ':') {
				flowIndicators = true;
				if (followedByWs) blockIndicators = true;
			}
			if (c === '-' && followedByWs) flowIndicators = blockIndicators = true;
		} else {
			if (',?[]{}'.includes(c)) flowIndicators = true;
			if (c === ':') {
				flowIndicators = true;
				if (followedByWs) blockIndicators = true;
			}
			if (c === '#' && precededByWs) flowIndicators = blockIndicators = true;
		}
		if (!printable(c.codePointAt(0) as number)) special = true;
		const isBreak = c === '\n' || c === '\r';
		if (isBreak) lineBreaks = true;
		if (c === ' ') {
			if (i === 0) leadingSpace = true;
			if (i === chars.length - 1) trailingSpace = true;
			if (prevBreak) breakSpace = true;
			prevSpace = true;
			prevBreak = false;
		} else if (isBreak) {
			if (i === 0) leadingBreak = true;
			if (i === chars.length - 1) trailingBreak = true;
			if (prevSpace) spaceBreak = true;
			prevBreak = true;
			prevSpace = false;
		} else prevSpace = prevBreak = false;
		precededByWs = blank(i);
	}
	let blockPlain = true;
	let singleQuoted = true;
	if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlain = false;
	if (breakSpace) blockPlain = singleQuoted = false;
	if (spaceBreak || special) blockPlain = singleQuoted = false;
	if (lineBreaks) blockPlain = false;
	if (blockIndicators) blockPlain = false;
	void flowIndicators;
	return { blockPlain, singleQuoted, multiline: lineBreaks };
}

const BEST_WIDTH = 80;

/** Writes `text` starting at `column`, breaking at single spaces once past column 80. */
function folded(text: string, column: number, indent: number, canBreak: boolean): string {
	if (!canBreak || !text.includes(' ')) return text;
	let out = '';
	let col = column;
	let spaces = false;
	const chars = [...text];
	for (let i = 0; i < chars.length; i++) {
		const c = chars[i] as string;
		if (c === ' ') {
			if (!spaces && col > BEST_WIDTH && chars[i + 1] !== ' ' && i !== 0 && i !== chars.length - 1) {
				out += `\n${' '.repeat(indent)}`;
				col = indent;
			} else {
				out += c;
				col++;
			}
			spaces = true;
		} else {
			out += c;
			col++;
			spaces = false;
		}
	}
	return out;
}

function doubleQuoted(s: string): string {
	let out = '"';
	for (const c of s) {
		const cp = c.codePointAt(0) as number;
		if (c === '"' || c === '\\') out += `\\${c}`;
		else if (c === '\n') out += '\\n';
		else if (c === '\t') out += '\\t';
		else if (c === '\r') out += '\\r';
		else if (c === '\0') out += '\\0';
		else if (!printable(cp) || cp === 0xfeff) out += cp <= 0xff ? `\\x${cp.toString(16).toUpperCase().padStart(2, '0')}` : cp <= 0xffff ? `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}` : `\\U${cp.toString(16).toUpperCase().padStart(8, '0')}`;
		else out += c;
	}
	return `${out}"`;
}

/** A string scalar as go-yaml writes it; `column` is where it starts, `indent` where continuation lines start. */
function stringScalar(s: string, column: number, indent: number, isKey: boolean): string {
	const a = analyze(s);
	if (s.includes('\n') && !isKey) {
		// Literal block: `|` with chomping and, for a leading space, an indentation indicator.
		const chomp = !s.endsWith('\n') ? '-' : s.endsWith('\n\n') ? '+' : '';
		const ind = s.startsWith(' ') || s.startsWith('\n') ? '2' : '';
		const body = (s.endsWith('\n') ? s.slice(0, -1) : s).split('\n').map((l) => (l === '' ? '' : ' '.repeat(indent) + l));
		return `|${ind}${chomp}\n${body.join('\n')}`;
	}
	const canPlain = resolvesToString(s) && !BASE60.test(s);
	if (canPlain && a.blockPlain) return folded(s, column, indent, !isKey);
	if (canPlain && a.singleQuoted) return `'${folded(s.replace(/'/g, "''"), column + 1, indent, !isKey)}'`;
	return doubleQuoted(s);
}

function scalar(v: Json, column: number, indent: number): string {
	if (v === null) return 'null';
	if (typeof v === 'boolean') return v ? 'true' : 'false';
	if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
	return stringScalar(v as string, column, indent, false);
}

/** strconv.FormatFloat(f, 'g', -1, 64). */
function goFloat(f: number): string {
	if (Number.isNaN(f)) return '.nan';
	if (!Number.isFinite(f)) return f > 0 ? '.inf' : '-.inf';
	const exp = Math.floor(Math.log10(Math.abs(f)));
	if (exp < -4 || exp >= 21) {
		const [m, e] = f.toExponential().split('e');
		const n = Number(e);
		return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`;
	}
	return String(f);
}

const sortedKeys = (o: JsonObject): string[] => Object.keys(o).sort((x, y) => (yamlKeyLess(x, y) ? -1 : yamlKeyLess(y, x) ? 1 : 0));

function isEmptyCollection(v: Json): boolean {
	return (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

function node(v: Json, indent: number, lines: string[], firstPrefix: string): void {
	// firstPrefix: what precedes the first line of this node ('' at the top, '- ' for items).
	if (Array.isArray(v)) {
		const items = v as readonly Json[];
		items.forEach((item, i) => {
			const lead = i === 0 ? firstPrefix : ' '.repeat(indent);
			if (isEmptyCollection(item) || typeof item !== 'object' || item === null) {
				lines.push(`${lead}- ${Array.isArray(item) ? '[]' : typeof item === 'object' && item !== null ? '{}' : scalar(item, indent + 2, indent + 2)}`);
			} else node(item, indent + 2, lines, `${lead}- `);
		});
		return;
	}
	const o = v as JsonObject;
	sortedKeys(o).forEach((k, i) => {
		const lead = i === 0 ? firstPrefix : ' '.repeat(indent);
		const key = stringScalar(k, indent, indent, true);
		const val = o[k] as Json;
		const col = lead.length + key.length + 2;
		if (isEmptyCollection(val)) lines.push(`${lead}${key}: ${Array.isArray(val) ? '[]' : '{}'}`);
		else if (Array.isArray(val)) {
			lines.push(`${lead}${key}:`);
			node(val, indent, lines, ' '.repeat(indent));
		} else if (typeof val === 'object' && val !== null) {
			lines.push(`${lead}${key}:`);
			node(val, indent + 2, lines, ' '.repeat(indent + 2));
		} else lines.push(`${lead}${key}: ${scalar(val, col, indent + 2)}`);
	});
}

/** yaml.JSONToYAML(json) for an already decoded JSON value; ends with a newline. */
export function toYaml(v: Json): string {
	if (isEmptyCollection(v)) return Array.isArray(v) ? '[]\n' : '{}\n';
	if (typeof v !== 'object' || v === null) return `${scalar(v, 0, 0)}\n`;
	const lines: string[] = [];
	node(v, 0, lines, '');
	return `${lines.join('\n')}\n`;
}
