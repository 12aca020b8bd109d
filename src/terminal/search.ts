// Ctrl-R: readline's incremental reverse search. The prompt is readline's own, in English in both
// languages, as bash prints it: (reverse-i-search)`query': line, and (failed reverse-i-search)
// when nothing older matches. Typing extends the query and searches from the current match
// backwards; Ctrl-R again looks further back (with an empty query, it reuses the last one).

import { LineBuffer } from './line-buffer';
import type { View } from './types';

interface Match {
	readonly index: number;
	/** UTF-16 offset of the match in the entry: readline puts the cursor there. */
	readonly at: number;
}

/** The newest entry at or before `from` containing `query` (its last occurrence), skipping `skip`. */
export function findBackward(entries: readonly string[], query: string, from: number, skip?: string): Match | undefined {
	for (let i = Math.min(from, entries.length - 1); i >= 0; i--) {
		const entry = entries[i] as string;
		if (entry === skip) continue;
		const at = entry.lastIndexOf(query);
		if (at >= 0) return { index: i, at };
	}
	return undefined;
}

export class ReverseSearch {
	query = '';
	failed = false;
	private match: Match | undefined;

	constructor(
		private readonly entries: readonly string[],
		/** The line being edited when Ctrl-R was pressed (C-g brings it back). */
		readonly original: LineBuffer,
		/** The previous search's query, for Ctrl-R Ctrl-R. */
		private readonly lastQuery: string,
	) {}

	/** Adds typed text to the query and searches from the current match backwards. */
	type(text: string): void {
		this.query += text;
		this.search(this.match?.index ?? this.entries.length - 1);
	}

	/** Removes the query's last character and searches again from the newest entry. */
	erase(): void {
		const chars = [...this.query];
		chars.pop();
		this.query = chars.join('');
		this.match = undefined;
		this.failed = false;
		if (this.query !== '') this.search(this.entries.length - 1);
	}

	/** Ctrl-R again: the next older entry with a different text. Returns false if there is none. */
	again(): boolean {
		if (this.query === '') this.query = this.lastQuery;
		if (this.query === '') return false;
		const from = this.match === undefined ? this.entries.length - 1 : this.match.index - 1;
		const current = this.match === undefined ? undefined : this.entries[this.match.index];
		return this.search(from, current);
	}

	/** Index of the entry found, for ↑ to continue from it after the search ends. */
	get index(): number | undefined {
		return this.match?.index;
	}

	private search(from: number, skip?: string): boolean {
		if (this.query === '') return true;
		const found = findBackward(this.entries, this.query, from, skip);
		this.failed = found === undefined;
		if (found !== undefined) this.match = found;
		return !this.failed;
	}

	/** The line as it stands: the match with the cursor on it, or the original line. */
	result(): LineBuffer {
		if (this.match === undefined) return this.original;
		return LineBuffer.of(this.entries[this.match.index] ?? '', this.match.at);
	}

	view(): View {
		const line = this.result();
		return { prompt: `(${this.failed ? 'failed ' : ''}reverse-i-search)\`${this.query}': `, text: line.text, cursor: line.offset };
	}
}
