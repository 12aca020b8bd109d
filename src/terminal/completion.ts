// Tab, as readline does it with its defaults: one candidate is inserted with a space after it (a
// directory with its '/'); several insert their longest common prefix and ring the bell ("there
// are other matches"), and a second Tab lists them in columns, sorted, down then across.
// From 100 candidates on (completion-query-items) it asks first. The candidates themselves come
// from the session: commands, flags, files, pods and containers, chains, ports.

import type { Completion } from './types';
import { sanitize, textWidth } from './width';

/** readline's completion-query-items: from this many on, Tab Tab asks before listing. */
export const QUERY_ITEMS = 100;

export type Resolution =
	| { readonly kind: 'none' }
	/** Replace the word with `text`; `skipSpace`: step over the space after the cursor instead of adding one. */
	| { readonly kind: 'unique'; readonly from: number; readonly text: string; readonly skipSpace: boolean }
	/** The bell now (after inserting the common prefix, if it adds anything), the list on the next Tab. */
	| { readonly kind: 'ambiguous'; readonly from: number; readonly prefix: string | undefined; readonly labels: readonly string[] };

/** Longest common prefix, never splitting a surrogate pair. */
export function commonPrefix(words: readonly string[]): string {
	const first = words[0];
	if (first === undefined) return '';
	let prefix = [...first];
	for (const w of words.slice(1)) {
		const cps = [...w];
		let n = 0;
		while (n < prefix.length && n < cps.length && prefix[n] === cps[n]) n++;
		prefix = prefix.slice(0, n);
	}
	return prefix.join('');
}

/** What a list shows for a candidate. */
export function labelOf(candidate: string, labels: Completion['labels']): string {
	return labels === 'basename' ? candidate.replace(/^.*\/(?=.)/su, '') : candidate;
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Decides what one Tab does with the session's answer. `line` and `cursor` (UTF-16) are the line
 * being edited; the session's `from` is clamped to the word before the cursor.
 */
export function resolveCompletion(line: string, cursor: number, completion: Completion): Resolution {
	const from = Math.max(0, Math.min(completion.from, cursor));
	const word = line.slice(from, cursor);
	const candidates = [...new Set(completion.candidates.map(sanitize).filter((c) => c !== ''))];
	const only = candidates[0];
	if (only === undefined) return { kind: 'none' };
	const spaceNext = line[cursor] === ' ';
	if (candidates.length === 1) {
		const dir = only.endsWith('/');
		return { kind: 'unique', from, text: dir || spaceNext ? only : `${only} `, skipSpace: !dir && spaceNext };
	}
	const common = commonPrefix(candidates);
	const prefix = common.length > word.length && common.startsWith(word) ? common : undefined;
	return { kind: 'ambiguous', from, prefix, labels: candidates.map((c) => labelOf(c, completion.labels)).sort(byCodePoint) };
}

/**
 * The list readline prints for Tab Tab: columns two cells wider than the widest label, as many as
 * fit in the terminal's width, filled down then across; the last column is not padded.
 */
export function formatColumns(labels: readonly string[], columns: number): string[] {
	if (labels.length === 0) return [];
	const widths = labels.map(textWidth);
	const cell = Math.max(...widths) + 2;
	let perRow = Math.max(1, Math.floor(columns / cell));
	if (perRow > 1 && perRow * cell === columns) perRow--; // keep every row short of the last column
	const rows = Math.ceil(labels.length / perRow);
	const out: string[] = [];
	for (let r = 0; r < rows; r++) {
		let line = '';
		for (let c = 0; c < perRow; c++) {
			const i = c * rows + r;
			const label = labels[i];
			if (label === undefined) break;
			const last = c === perRow - 1 || (c + 1) * rows + r >= labels.length;
			line += last ? label : label + ' '.repeat(cell - (widths[i] as number));
		}
		out.push(line);
	}
	return out;
}

/** readline's question before a long list; its own words, in English in every language. */
export function queryText(count: number): string {
	return `Display all ${count} possibilities? (y or n)`;
}
