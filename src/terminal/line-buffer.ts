// The line being edited: an immutable list of clusters (width.ts) and a cursor between them.
// Each operation returns a new buffer, so the editor can keep the line a history entry had before
// it was edited, and tests can compare values. Word motions follow readline: M-b, M-f, M-d and
// M-DEL stop at letters and digits (CJK ideographs are letters), C-w at whitespace only.

import { clusters, sanitize } from './width';

/** Bash has no limit; a line taller than the screen cannot be redrawn in place, so we stop here. */
export const MAX_LINE = 4096;

const ALNUM = /^[\p{L}\p{N}]/u;
const SPACE = /^\s/u;

export interface Killed {
	readonly buffer: LineBuffer;
	/** What was cut, for C-y. */
	readonly killed: string;
}

export class LineBuffer {
	static readonly EMPTY = new LineBuffer([], 0);

	private constructor(
		readonly clusters: readonly string[],
		/** Cluster index: 0 is before the first, clusters.length after the last. */
		readonly cursor: number,
	) {}

	/** A buffer holding `text` (sanitized), the cursor at the end or at a UTF-16 offset, snapped to a cluster. */
	static of(text: string, offset?: number): LineBuffer {
		const clean = sanitize(text);
		const parts = clusters(clean).slice(0, MAX_LINE);
		const all = new LineBuffer(parts, parts.length);
		return offset === undefined ? all : new LineBuffer(parts, all.indexAt(offset));
	}

	get text(): string {
		return this.clusters.join('');
	}

	/** The cursor as a UTF-16 offset into `text`. */
	get offset(): number {
		let at = 0;
		for (let i = 0; i < this.cursor; i++) at += (this.clusters[i] as string).length;
		return at;
	}

	/** The cluster index at a UTF-16 offset (rounded down to a cluster boundary). */
	indexAt(offset: number): number {
		let index = 0;
		for (let at = 0; index < this.clusters.length && at + (this.clusters[index] as string).length <= offset; index++) at += (this.clusters[index] as string).length;
		return index;
	}

	get length(): number {
		return this.clusters.length;
	}

	private with(parts: readonly string[], cursor: number): LineBuffer {
		return new LineBuffer(parts, Math.max(0, Math.min(cursor, parts.length)));
	}

	/**
	 * Inserts text at the cursor. Zero-width marks typed after a character join its cluster; what
	 * would pass MAX_LINE is dropped (the editor rings the bell when `length` did not grow).
	 */
	insert(text: string): LineBuffer {
		const clean = sanitize(text);
		if (clean === '') return this;
		const before = this.clusters.slice(0, this.cursor).join('') + clean;
		const head = clusters(before);
		const tail = this.clusters.slice(this.cursor);
		const room = MAX_LINE - tail.length;
		const kept = head.slice(0, Math.max(room, Math.min(this.cursor, head.length)));
		return this.with([...kept, ...tail], kept.length);
	}

	/** Replaces the clusters between `start` and the cursor (Tab completion). */
	replaceBeforeCursor(start: number, text: string): LineBuffer {
		const from = Math.max(0, Math.min(start, this.cursor));
		return this.with([...this.clusters.slice(0, from), ...this.clusters.slice(this.cursor)], from).insert(text);
	}

	left(): LineBuffer {
		return this.with(this.clusters, this.cursor - 1);
	}

	right(): LineBuffer {
		return this.with(this.clusters, this.cursor + 1);
	}

	home(): LineBuffer {
		return this.with(this.clusters, 0);
	}

	end(): LineBuffer {
		return this.with(this.clusters, this.clusters.length);
	}

	/** M-b: back to the start of this or the previous word of letters and digits. */
	wordLeft(): LineBuffer {
		return this.with(this.clusters, this.wordStartBefore(this.cursor, ALNUM));
	}

	/** M-f: on to the end of this or the next word of letters and digits. */
	wordRight(): LineBuffer {
		return this.with(this.clusters, this.wordEndAfter(this.cursor));
	}

	backspace(): LineBuffer {
		if (this.cursor === 0) return this;
		return this.with([...this.clusters.slice(0, this.cursor - 1), ...this.clusters.slice(this.cursor)], this.cursor - 1);
	}

	delete(): LineBuffer {
		if (this.cursor === this.clusters.length) return this;
		return this.with([...this.clusters.slice(0, this.cursor), ...this.clusters.slice(this.cursor + 1)], this.cursor);
	}

	/** C-t: swaps the two clusters around the cursor (the last two at the end of the line). */
	transpose(): LineBuffer {
		if (this.clusters.length < 2 || this.cursor === 0) return this;
		const at = Math.min(this.cursor, this.clusters.length - 1);
		const parts = [...this.clusters];
		[parts[at - 1], parts[at]] = [parts[at] as string, parts[at - 1] as string];
		return this.with(parts, at + 1);
	}

	/** C-u: cuts from the start of the line to the cursor. */
	killToStart(): Killed {
		return this.cut(0, this.cursor);
	}

	/** C-k: cuts from the cursor to the end of the line. */
	killToEnd(): Killed {
		return this.cut(this.cursor, this.clusters.length);
	}

	/** C-w: cuts back to the previous whitespace. */
	killWordBack(): Killed {
		return this.cut(this.wordStartBefore(this.cursor, /^\S/u), this.cursor);
	}

	/** M-DEL: cuts back to the start of the previous word of letters and digits. */
	killAlnumBack(): Killed {
		return this.cut(this.wordStartBefore(this.cursor, ALNUM), this.cursor);
	}

	/** M-d: cuts to the end of the next word of letters and digits. */
	killWordForward(): Killed {
		return this.cut(this.cursor, this.wordEndAfter(this.cursor));
	}

	private cut(from: number, to: number): Killed {
		const killed = this.clusters.slice(from, to).join('');
		return { buffer: this.with([...this.clusters.slice(0, from), ...this.clusters.slice(to)], from), killed };
	}

	/** Skips non-word clusters backwards, then word clusters. */
	private wordStartBefore(at: number, word: RegExp): number {
		let i = at;
		while (i > 0 && !word.test(this.clusters[i - 1] as string)) i--;
		while (i > 0 && word.test(this.clusters[i - 1] as string)) i--;
		return i;
	}

	private wordEndAfter(at: number): number {
		let i = at;
		while (i < this.clusters.length && !ALNUM.test(this.clusters[i] as string)) i++;
		while (i < this.clusters.length && ALNUM.test(this.clusters[i] as string)) i++;
		return i;
	}
}

/** True for whitespace clusters (completion uses it to avoid doubling the space it appends). */
export function isSpace(cluster: string | undefined): boolean {
	return cluster !== undefined && SPACE.test(cluster);
}
