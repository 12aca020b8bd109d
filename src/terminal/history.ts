// Lines entered, oldest first, kept per lesson in the browser's storage, and the ↑/↓ walk through
// them. The walk behaves as readline's: the line being typed is kept while you look at older ones,
// and a recalled line you edit keeps its edits until a line is accepted (then all edits go).

import type { KeyValueStorage } from './types';
import { sanitize } from './width';

/** Storage key of a lesson's history: `sidecar-lab:history:<lesson>`. */
export const HISTORY_PREFIX = 'sidecar-lab:history:';

/** Bash keeps HISTSIZE=500 lines by default. */
export const HISTORY_MAX = 500;

export interface HistoryOptions {
	/** The lesson (or page) whose lines these are. */
	readonly key: string;
	/** Omitted, or failing (private mode, quota, sandboxed frames): history lasts as long as the page. */
	readonly storage?: KeyValueStorage;
	readonly max?: number;
}

export class History {
	private readonly items: string[];
	private readonly storageKey: string;
	private readonly max: number;
	private readonly storage: KeyValueStorage | undefined;

	constructor(opts: HistoryOptions) {
		this.storageKey = HISTORY_PREFIX + opts.key;
		this.max = Math.max(1, opts.max ?? HISTORY_MAX);
		this.storage = opts.storage;
		this.items = this.load();
	}

	get entries(): readonly string[] {
		return this.items;
	}

	/**
	 * Appends a line unless it is blank or repeats the previous one (bash's HISTCONTROL=ignoredups).
	 * Returns whether it was added.
	 */
	add(line: string): boolean {
		const clean = sanitize(line);
		if (clean.trim() === '' || this.items[this.items.length - 1] === clean) return false;
		this.items.push(clean);
		if (this.items.length > this.max) this.items.splice(0, this.items.length - this.max);
		this.save();
		return true;
	}

	clear(): void {
		this.items.splice(0, this.items.length);
		this.save();
	}

	/** Stored history is input like any other: anything but an array of strings is ignored. */
	private load(): string[] {
		let raw: string | null = null;
		try {
			raw = this.storage?.getItem(this.storageKey) ?? null;
		} catch {
			return [];
		}
		if (raw === null) return [];
		let parsed: unknown;
		try {
			parsed = JSON.parse(raw);
		} catch {
			return [];
		}
		if (!Array.isArray(parsed)) return [];
		const lines = parsed.filter((x): x is string => typeof x === 'string').map(sanitize).filter((x) => x.trim() !== '');
		return lines.slice(-this.max);
	}

	private save(): void {
		try {
			this.storage?.setItem(this.storageKey, JSON.stringify(this.items));
		} catch {
			// Storage full or forbidden: the history still works for this page.
		}
	}
}

/** Where ↑ and ↓ are in the history while one line is edited. */
export class HistoryWalk {
	/** entries.length means the line being typed (not yet in history). */
	private index: number;
	private readonly edits = new Map<number, string>();

	constructor(private readonly history: History) {
		this.index = history.entries.length;
	}

	/** The line shown at `index`: its edited version, or the entry, or the draft. */
	private textAt(index: number): string {
		return this.edits.get(index) ?? this.history.entries[index] ?? '';
	}

	private leave(current: string): void {
		if (current !== (this.history.entries[this.index] ?? '') || this.index === this.history.entries.length) this.edits.set(this.index, current);
		else this.edits.delete(this.index);
	}

	/** ↑: the previous line, or undefined at the oldest (readline rings the bell). */
	up(current: string): string | undefined {
		return this.moveTo(this.index - 1, current);
	}

	/** ↓: the next line, or undefined when already at the line being typed. */
	down(current: string): string | undefined {
		return this.moveTo(this.index + 1, current);
	}

	/** Jumps to an entry (after a Ctrl-R search accepted it), so ↑ continues from there. */
	moveTo(index: number, current: string): string | undefined {
		if (index < 0 || index > this.history.entries.length || index === this.index) return undefined;
		this.leave(current);
		this.index = index;
		return this.textAt(index);
	}

	/** After a line is accepted: edits are forgotten and the walk starts again at the end. */
	restart(): void {
		this.edits.clear();
		this.index = this.history.entries.length;
	}
}
